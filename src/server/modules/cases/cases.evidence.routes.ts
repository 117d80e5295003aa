/** The routes of evidence (items, provenance, custody, files), the seized property register and this part's documents. */
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody, Id, IdParams, Int, Obj, Str, errorResponses } from '../../http/schema.js';
import { domainError, errors } from '../../shared/errors.js';
import './cases.evidence.documents.js';
import {
  CaseFileSchema,
  CustodyBody,
  EvidenceBody,
  EvidenceSchema,
  EvidenceUpdateBody,
  PropertyBody,
  PropertySchema,
  PropertyStepBody,
} from './cases.evidence.schemas.js';
import { listEvidence, recordCustody, registerEvidence, updateEvidence } from './cases.evidence.js';
import { MAX_CASE_FILE_BYTES, addCaseFile, openCaseFile } from './cases.files.js';
import { listProperty, propertyStep, registerProperty } from './cases.property.js';
import { CaseIdParam } from './cases.schemas.js';

const ItemParams = IdParams('Case id', { itemId: Id('Item id') });
const UPLOAD =
  'multipart/form-data with one field `file` (an image, PDF or audio file of at most 20 MB), stored as received and sealed; the answer shows its SHA-256.';

/** The one file of a multipart upload (field `file`), with multipart's size refusal as FILE_TOO_LARGE. */
async function oneFile(req: FastifyRequest): Promise<{ fileName: string | undefined; source: AsyncIterable<Buffer> }> {
  if (!req.isMultipart()) throw errors.validation({ field: 'file' }, '请以 multipart/form-data 上传文件（字段 file）');
  let part: MultipartFile | undefined;
  try {
    part = await req.file({ limits: { files: 1, fileSize: MAX_CASE_FILE_BYTES } });
  } catch {
    throw errors.validation({ field: 'file' }, '上传的内容无法读取');
  }
  if (!part || part.fieldname !== 'file') throw errors.validation({ field: 'file' }, '请上传文件（字段 file）');
  const file = part;
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const chunk of file.file) yield chunk as Buffer;
    if (file.file.truncated) throw domainError('FILE_TOO_LARGE', { field: 'file' });
  }
  return { fileName: file.filename, source: bytes() };
}

/** Evidence, property and document routes. */
export const caseEvidenceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/cases/:id/evidence',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: "A case's evidence register: provenance, what is missing, custody chains, files with their hashes",
        params: CaseIdParam,
        response: {
          200: Obj({ items: Type.Array(EvidenceSchema, { description: 'Items' }) }, { description: 'Evidence' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listEvidence(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/evidence',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary:
          'Register an evidence item with its provenance (kept incomplete, with the gaps listed, until complete)',
        params: CaseIdParam,
        body: EvidenceBody,
        response: {
          201: Obj(
            {
              id: Id('Item id'),
              seq: Int('Evidence number'),
              missing: Type.Array(Str('A provenance field missing'), {
                description: 'Missing provenance (empty: complete)',
              }),
            },
            { description: 'Registered' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await registerEvidence(req.ctx, req.params.id, req.body)),
  );

  app.put(
    '/api/cases/:id/evidence/:itemId',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: "Complete or correct an item's provenance (补正)",
        params: ItemParams,
        body: EvidenceUpdateBody,
        response: {
          200: Obj(
            {
              version: Int('New item version'),
              missing: Type.Array(Str('A provenance field missing'), { description: 'Missing provenance' }),
            },
            { description: 'Saved' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => updateEvidence(req.ctx, req.params.id, req.params.itemId, req.body),
  );

  app.post(
    '/api/cases/:id/evidence/:itemId/custody',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Record a handover of an evidence item (from the current holder, with when and why)',
        params: ItemParams,
        body: CustodyBody,
        response: {
          201: Obj({ version: Int('New item version'), seq: Int('Handover number') }, { description: 'Recorded' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await recordCustody(req.ctx, req.params.id, req.params.itemId, req.body)),
  );

  app.post(
    '/api/cases/:id/evidence/:itemId/files',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Seal a file of an evidence item (stored as received, with its SHA-256)',
        description: UPLOAD,
        consumes: ['multipart/form-data'],
        params: ItemParams,
        response: { 201: CaseFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await oneFile(req);
      return reply.code(201).send(await addCaseFile(req.ctx, req.params.id, { evidenceId: req.params.itemId }, file));
    },
  );

  app.post(
    '/api/cases/:id/property/:itemId/photos',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Seal a photo of a seized item (with its SHA-256)',
        description: UPLOAD,
        consumes: ['multipart/form-data'],
        params: ItemParams,
        response: { 201: CaseFileSchema, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await oneFile(req);
      return reply.code(201).send(await addCaseFile(req.ctx, req.params.id, { propertyId: req.params.itemId }, file));
    },
  );

  app.get(
    '/api/cases/:id/files/:fileId',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary:
          'Download a file of the case (evidence file or property photo), audited; x-content-sha256 carries its hash',
        params: IdParams('Case id', { fileId: Id('File id') }),
        response: { 200: Type.Any({ description: 'The file' }), ...errorResponses },
      },
    },
    async (req, reply) => {
      const file = await openCaseFile(req.ctx, req.params.id, req.params.fileId);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`)
        .header('x-content-sha256', file.sha256)
        .header('cache-control', 'no-store')
        .send(file.stream);
    },
  );

  app.get(
    '/api/cases/:id/property',
    {
      config: { access: { permission: 'case.read' } },
      schema: {
        tags: ['cases'],
        summary: 'The seized property register of a case (涉案财物) with photos, steps and clocks',
        params: CaseIdParam,
        response: {
          200: Obj({ items: Type.Array(PropertySchema, { description: 'Items' }) }, { description: 'Property' }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await listProperty(req.ctx, req.params.id) }),
  );

  app.post(
    '/api/cases/:id/property',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Register a seized item; its clock opens (cash 15 days to the account, goods 30 days to custody)',
        params: CaseIdParam,
        body: PropertyBody,
        response: {
          201: Obj({ id: Id('Item id'), seq: Int('Order') }, { description: 'Registered' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await registerProperty(req.ctx, req.params.id, req.body)),
  );

  app.post(
    '/api/cases/:id/property/:itemId/steps',
    {
      config: { access: { permission: 'case.manage' } },
      schema: {
        tags: ['cases'],
        summary: 'Deposit, hand to custody, find unrelated or release a seized item (meets its clock)',
        params: ItemParams,
        body: PropertyStepBody,
        response: {
          200: Obj({ version: Int('New item version'), status: Str('New status') }, { description: 'Saved' }),
          ...errorResponses,
        },
      },
    },
    async (req) => propertyStep(req.ctx, req.params.id, req.params.itemId, req.body),
  );
};
