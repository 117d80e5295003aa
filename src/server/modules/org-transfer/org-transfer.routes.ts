import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, ErrorBody, Int, Obj, errorResponses } from '../../http/schema.js';
import { errors } from '../../shared/errors.js';
import { sendXlsxWorkbook } from '../../http/xlsx.js';
import { exportOrganisation } from './org-transfer.export.js';
import { importOrganisation } from './org-transfer.service.js';

function Counts(description: string) {
  return Obj(
    {
      regions: Int('Rows of the 行政区划 (regions) sheet'),
      units: Int('Rows of the 单位 (units) sheet'),
      zones: Int('Rows of the 协作区 (zones) sheet'),
      memberships: Int('Rows of the 协作区成员 (zone memberships) sheet'),
      staff: Int('Rows of the 干部 (staff) sheet'),
      subjects: Int('Rows of the 监督对象 (subjects) sheet'),
    },
    { description },
  );
}

const ImportResult = Obj(
  {
    imported: Counts('Rows inserted plus rows updated, per sheet'),
    inserted: Counts('Rows inserted, per sheet'),
    updated: Counts('Existing rows changed, per sheet'),
    unchanged: Counts('Rows identical to the database (nothing written), per sheet'),
    dryRun: Bool('Whether this was a dry run (nothing written)'),
  },
  { description: 'Outcome of the import' },
);

/**
 * Routes for exchanging the organisation as an Excel workbook (capability C1): one export of
 * everything in the caller's scope, and an all-or-nothing import of the same layout.
 */
export const organisationTransferRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/organisation/export.xlsx',
    {
      config: { access: { permission: 'org.export' } },
      schema: {
        tags: ['organisation'],
        summary: 'Export the organisation as an Excel workbook',
        description:
          'Sheets 行政区划, 单位, 协作区, 协作区成员 (within the org.export scope), 干部 (with staff.read) and ' +
          '监督对象 (with subject.read), with machine values so the file can be imported again.',
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { ...errorResponses },
      },
    },
    async (req, reply) => {
      const sheets = await exportOrganisation(req.ctx);
      const day = new Date(req.ctx.clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
      return sendXlsxWorkbook(reply, `组织机构-${day}.xlsx`, sheets);
    },
  );

  app.post(
    '/api/organisation/import',
    {
      config: { access: { permission: 'org.import' } },
      schema: {
        tags: ['organisation'],
        summary: 'Import the organisation from an Excel workbook',
        description:
          'multipart/form-data with one field `file` (an .xlsx of at most 20 MB in the export layout, any subset ' +
          'of sheets). Every row is validated first; one bad row rejects the whole file with 422 IMPORT_REJECTED ' +
          'and details.rows listing every bad row (sheet, Excel row, field, code, message).',
        consumes: ['multipart/form-data'],
        querystring: Obj(
          { dryRun: Type.Optional(Bool('Validate and count only; write nothing (default false)')) },
          { description: 'Options' },
        ),
        response: { 200: ImportResult, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody, ...errorResponses },
      },
    },
    async (req) => {
      if (!req.isMultipart())
        throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
      const part = await req.file();
      if (!part || part.fieldname !== 'file') {
        throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
      }
      const buffer = await part.toBuffer();
      return importOrganisation(req.ctx, buffer, { dryRun: req.query.dryRun ?? false });
    },
  );
};
