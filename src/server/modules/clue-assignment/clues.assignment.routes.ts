/** Routes of assignment: the 分办意见 and its document, the clue pools, people put on and taken off a clue. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  Bool,
  DateStr,
  Enum,
  Id,
  IdParams,
  Instant,
  Int,
  Nullable,
  Obj,
  PageQuery,
  PagedOf,
  RegionCode,
  Str,
  errorResponses,
} from '../../http/schema.js';
import { type XlsxColumn, sendXlsx } from '../../http/xlsx.js';
import { TARGET_LEVELS } from '../../shared/approvals.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CLUE_ASSIGNMENT_TARGET_KINDS, CLUE_SOURCES, CLUE_SOURCE_LABELS } from '../../shared/clues.codes.js';
import { REPORT_CATEGORIES, type ReportCategory } from '../../shared/reports.codes.js';
import { grantClues } from '../clues/index.js';
import { assignPeople, removeMember } from './clues.assign-people.js';
import {
  CLUE_ASSIGNMENT_DOCUMENTS,
  CLUE_DOCUMENT_FORMATS,
  type ClueAssignmentDocument,
  type ClueDocumentFormat,
  buildAssignmentOpinion,
  renderClueDocument,
} from './clues.assignment-document.js';
import { assignmentTargets, draftAssignmentOpinion } from './clues.assignment.js';
import {
  type PoolLine,
  listPool,
  loadForAssigner,
  poolCandidates,
  poolExportSource,
  streamPoolLines,
} from './clues.pools.js';

const ClueId = IdParams('Clue id');
const Version = Int('Row version the change is based on', { min: 1 });
const NewVersion = Obj({ version: Int('New row version') }, { description: 'Saved' });
const Target = Obj(
  {
    kind: Enum(CLUE_ASSIGNMENT_TARGET_KINDS, 'Department, zone or township commission'),
    id: Id('Unit or zone id'),
    name: Str('Its name'),
  },
  { description: 'A place a clue can be sent to' },
);
const CONTENT_TYPES: Record<ClueDocumentFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};
const DOCS = Object.keys(CLUE_ASSIGNMENT_DOCUMENTS);

/** The pool's filters (list and export). */
const PoolFilters = {
  zoneId: Type.Optional(Id('A zone (协作区线索池)')),
  unitId: Type.Optional(Id("A unit (the caller's own)")),
  pooledFrom: Type.Optional(DateStr('Entered the pool on or after (China Standard Time)')),
  pooledTo: Type.Optional(DateStr('Entered the pool on or before (China Standard Time): waiting since at least then')),
  townshipCode: Type.Optional(RegionCode('Township the matter comes from (its villages included)')),
  source: Type.Optional(Enum(CLUE_SOURCES, 'Where the clue came from')),
  targetLevel: Type.Optional(Enum(TARGET_LEVELS, "Target level from the subjects' ranks (§1.4–§1.5)")),
};

const PoolLineSchema = Obj(
  {
    id: Id('Clue'),
    number: Str('Number'),
    version: Int('Row version'),
    status: Str('State'),
    sourceKind: Enum(CLUE_SOURCES, 'Where the clue came from'),
    regionName: Nullable(Str('Where the matter lies')),
    categories: Type.Array(Str('Category code'), { description: 'Categories' }),
    receivedOn: DateStr('Received (CST)'),
    pooledAt: Nullable(Instant('When it entered the pool')),
    ageDays: Int('Days in the pool'),
    dueOn: Nullable(DateStr('Disposal opinion due (timer 1)')),
    overdue: Bool('Timer 1 overdue'),
    zoneId: Nullable(Id('Zone')),
    zoneName: Nullable(Str('Zone name')),
    handlingUnitId: Nullable(Id('Handling unit')),
    handlingUnitName: Nullable(Str('Handling unit name')),
    keeperName: Nullable(Str('Keeper, if any')),
  },
  { description: 'A pooled clue' },
);

/** The pool line's fields as the Excel export writes them. */
const POOL_COLUMNS: XlsxColumn<PoolLine>[] = [
  { header: '编号', width: 26, value: (r) => r.number },
  { header: '线索池', width: 26, value: (r) => r.zoneName ?? r.handlingUnitName },
  { header: '来源', width: 18, value: (r) => CLUE_SOURCE_LABELS[r.sourceKind] },
  { header: '所在区划', width: 16, value: (r) => r.regionName },
  {
    header: '问题类别',
    width: 24,
    value: (r) => r.categories.map((c) => REPORT_CATEGORIES[c as ReportCategory] ?? c).join('、'),
  },
  { header: '收到日期', width: 12, value: (r) => r.receivedOn },
  { header: '进入线索池', width: 12, value: (r) => (r.pooledAt ? toShanghaiDate(r.pooledAt) : null) },
  { header: '已等待（天）', value: (r) => r.ageDays },
  { header: '处置意见期限', width: 12, value: (r) => r.dueOn },
  { header: '是否逾期', value: (r) => (r.overdue ? '已逾期' : null) },
  { header: '线索管理人', value: (r) => r.keeperName },
];

/** The assignment routes. */
export const clueAssignmentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/clues/:id/assignment-targets',
    {
      config: { access: { permission: 'clue.register' } },
      schema: {
        tags: ['clues'],
        summary: 'Where a registered clue can be sent, with the target suggested from its subjects',
        params: ClueId,
        response: {
          200: Obj(
            {
              suggested: Nullable(
                Obj(
                  { ...Target.properties, reason: Str('Why (cadre authority, region)') },
                  { description: 'Suggestion' },
                ),
              ),
              options: Type.Array(Target, { description: 'Every target' }),
            },
            { description: 'Targets' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => assignmentTargets(req.ctx, req.params.id),
  );

  app.post(
    '/api/clues/:id/assignment-opinion',
    {
      config: { access: { permission: 'clue.register' } },
      schema: {
        tags: ['clues'],
        summary: 'Draft the assignment opinion (分办意见) of a registered clue and send it up for approval',
        params: ClueId,
        body: Obj(
          {
            version: Version,
            targetKind: Enum(CLUE_ASSIGNMENT_TARGET_KINDS, 'Kind of target'),
            targetId: Id('Unit or zone id'),
            opinion: Str('The opinion in words (分办理由)', { min: 1, max: 2000 }),
          },
          { description: 'Opinion' },
        ),
        response: {
          201: Obj({ approvalId: Id('Approval'), number: Str('Its number') }, { description: 'Sent up' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      const r = await draftAssignmentOpinion(req.ctx, req.params.id, req.body);
      reply.status(201);
      return r;
    },
  );

  app.get(
    '/api/clues/:id/documents/:file',
    {
      config: { access: { permission: 'clue.read' } },
      schema: {
        tags: ['clues'],
        summary:
          "A clue's document (问题线索分办意见呈批表) filled from the clue and its approval, as PDF or DOCX (audited)",
        params: IdParams('Clue id', {
          file: Str('Document and format: assignment_opinion.pdf or .docx', {
            pattern: `^(${DOCS.join('|')})\\.(${CLUE_DOCUMENT_FORMATS.join('|')})$`,
          }),
        }),
      },
    },
    async (req, reply) => {
      const dot = req.params.file.lastIndexOf('.');
      const kind = req.params.file.slice(0, dot) as ClueAssignmentDocument;
      const format = req.params.file.slice(dot + 1) as ClueDocumentFormat;
      const bytes = await renderClueDocument(await buildAssignmentOpinion(req.ctx, req.params.id), format);
      const title = CLUE_ASSIGNMENT_DOCUMENTS[kind];
      return reply
        .header('content-type', CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${title}.${format}`)}`)
        .header('cache-control', 'no-store')
        .send(bytes);
    },
  );

  app.get(
    '/api/clue-pools',
    {
      config: { access: { permission: 'clue.assign' } },
      schema: {
        tags: ['clues'],
        summary:
          "A zone's or a unit's pool (线索池): assigned clues without a handler, longest waiting first, with age and timer 1 (neither: all the caller's pools)",
        querystring: Obj(
          {
            ...PoolFilters,
            ...PageQuery,
            after: Type.Optional(
              Str("The previous page's nextCursor: page by keyset (offset ignored)", { min: 1, max: 400 }),
            ),
          },
          { description: 'Which pool, filters and page' },
        ),
        response: {
          200: PagedOf(PoolLineSchema, 'Pool', {
            total: 'Pooled clues matching the filters, exact up to 10,000',
            extra: {
              totalCapped: Bool('More than 10,000 clues match: narrow the filters'),
              nextCursor: Nullable(Str('Pass as `after` with page + 1 for the next page; null on the last page')),
            },
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ ...(await listPool(req.ctx, req.query)), page: req.query.page, pageSize: req.query.pageSize }),
  );

  app.get(
    '/api/clue-pools/export.xlsx',
    {
      config: { access: { permission: 'clue.assign' } },
      schema: {
        tags: ['clues'],
        summary: 'Export exactly the filtered pool as Excel, longest waiting first (audited, naming every clue)',
        querystring: Obj(PoolFilters, { description: 'Which pool and filters' }),
      },
    },
    async (req, reply) => {
      // Audited before the first byte (ids only), as the ledger's export; the file carries exactly those clues.
      const granted = await grantClues(req.ctx, poolExportSource(req.query));
      return sendXlsx(reply, '线索池.xlsx', '线索池', POOL_COLUMNS, streamPoolLines(req.ctx, req.query, granted));
    },
  );

  app.get(
    '/api/clues/:id/assignment-candidates',
    {
      config: { access: { permission: 'clue.assign' } },
      schema: {
        tags: ['clues'],
        summary:
          "The people a pooled clue may be given to (the zone's townships and workroom, or the unit), searched by name or unit",
        params: ClueId,
        querystring: Obj(
          {
            q: Type.Optional(Str('A part of the name or of the unit name', { min: 1, max: 50 })),
            limit: Type.Optional(Int('At most this many (default 50)', { min: 1, max: 200 })),
          },
          { description: 'Search' },
        ),
        response: {
          200: Type.Array(
            Obj(
              { userId: Id('Person'), name: Str('Name'), unitName: Nullable(Str('Unit')) },
              { description: 'Candidate' },
            ),
            { description: 'Candidates, by unit and name' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => poolCandidates(req.ctx, await loadForAssigner(req.ctx, req.params.id), req.query),
  );

  app.post(
    '/api/clues/:id/assignment',
    {
      config: { access: { permission: 'clue.assign' } },
      schema: {
        tags: ['clues'],
        summary: 'Put a keeper, a handler and team members on a pooled clue after the conflict check',
        params: ClueId,
        body: Obj(
          {
            version: Version,
            keeperId: Id('Keeper (线索管理人)'),
            handlerId: Id('Handler (承办人)'),
            memberIds: Type.Optional(Type.Array(Id('Team member'), { description: 'Team members', maxItems: 20 })),
            checkId: Type.Optional(Id('Conflict check whose warnings were confirmed')),
            reason: Type.Optional(Str('Why (required when replacing the handler)', { max: 500 })),
          },
          { description: 'Assignment' },
        ),
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => assignPeople(req.ctx, req.params.id, req.body),
  );

  app.post(
    '/api/clues/:id/member-removals',
    {
      config: { access: { permission: 'clue.assign' } },
      schema: {
        tags: ['clues'],
        summary: "Take a person off a clue's team in one role, with the reason (reassignment)",
        params: ClueId,
        body: Obj(
          {
            version: Version,
            userId: Id('Person'),
            role: Enum(['keeper', 'handler', 'team_member'] as const, 'Role given up'),
            reason: Str('Why', { min: 1, max: 500 }),
          },
          { description: 'Removal' },
        ),
        response: { 200: NewVersion, ...errorResponses },
      },
    },
    async (req) => removeMember(req.ctx, req.params.id, req.body),
  );
};
