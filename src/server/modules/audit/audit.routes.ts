import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Bool, Enum, Instant, Int, Nullable, Obj, PageQuery, PagedOf, Str, errorResponses } from '../../http/schema.js';
import { AUDIT_CATEGORIES, auditActionLabel, auditResourceLabel } from '../../shared/audit.codes.js';
import { sendXlsx } from '../../http/xlsx.js';
import { inTransaction } from '../../shared/context.js';
import { type AuditFilters, iterateAuditEvents, listAuditEvents } from './audit.repository.js';
import { recordAudit } from './audit.service.js';
import { verifyAuditChainParallel } from './audit-verify.js';
import { readAnchorFile, writeAuditAnchor } from './audit.anchors.js';

const Event = Obj(
  {
    seq: Int('Sequence number in the chain'),
    occurredAt: Instant('When'),
    actorUsername: Nullable(Str('Who')),
    action: Str('What (resource.action)'),
    resourceType: Str('Kind of record'),
    resourceId: Nullable(Str('Which record')),
    unitId: Nullable(Str('Unit of the record')),
    requestId: Nullable(Str('Request id')),
    changes: Nullable(Type.Record(Type.String(), Type.Unknown(), { description: 'Field → [before, after]' })),
    resourceName: Nullable(
      Str("What the record is called (a report's or clue's number, an account's or unit's name), when known"),
    ),
  },
  { description: 'Audit event' },
);

const Filters = {
  actor: Type.Optional(Str('Username', { max: 64 })),
  action: Type.Optional(Str('Action, or a prefix ending in "." (e.g. "auth.")', { max: 64 })),
  resourceType: Type.Optional(Str('Kind of record', { max: 40 })),
  resourceId: Type.Optional(Str('Record id', { max: 64 })),
  resource: Type.Optional(
    Str(
      "The record as a person knows it: a report's or clue's number, an account's username, a unit's, role's, zone's or region's name, a region code, or the record's id",
      { max: 100 },
    ),
  ),
  from: Type.Optional(Instant('From (inclusive)')),
  to: Type.Optional(Instant('To (exclusive)')),
  category: Type.Optional(Enum(AUDIT_CATEGORIES, 'Only this category (security: refused access attempts)')),
};

/** The security administrator's filters: the audit log's, always within the security events. */
const { category: _category, ...SecurityFilters } = Filters;

/** The audit administrator's view of the audit chain. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/audit-events',
    {
      config: { access: { permission: 'audit.read' } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log',
        querystring: Obj({ ...Filters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(Event, 'Events'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listAuditEvents(req.ctx.db, req.query)),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/security-events',
    {
      config: { access: { permission: 'security_event.read' } },
      schema: {
        tags: ['audit'],
        summary: 'The security events (refused access attempts), for the security administrator',
        querystring: Obj({ ...SecurityFilters, ...PageQuery }, { description: 'Filters' }),
        response: { 200: PagedOf(Event, 'Events'), ...errorResponses },
      },
    },
    async (req) => ({
      ...(await listAuditEvents(req.ctx.db, { ...req.query, category: 'security' })),
      page: req.query.page,
      pageSize: req.query.pageSize,
    }),
  );

  app.get(
    '/api/audit-events/export.xlsx',
    {
      config: { access: { permission: 'audit.export' } },
      schema: {
        tags: ['audit'],
        summary: 'Export the filtered audit log',
        querystring: Obj(Filters, { description: 'Filters' }),
      },
    },
    async (req, reply) => {
      const filters: AuditFilters = req.query;
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, { action: 'audit.export', resourceType: 'audit_event', changes: { filters: [null, filters] } }),
      );
      return sendXlsx(
        reply,
        '审计日志.xlsx',
        '审计日志',
        [
          { header: '序号', width: 10, value: (e) => e.seq },
          {
            header: '时间(北京时间)',
            width: 20,
            value: (e) =>
              new Date(Date.parse(e.occurredAt) + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
          },
          { header: '操作人', value: (e) => e.actorUsername },
          { header: '操作', width: 24, value: (e) => auditActionLabel(e.action) },
          { header: '操作代码', width: 24, value: (e) => e.action },
          { header: '对象类型', value: (e) => auditResourceLabel(e.resourceType) },
          { header: '对象', width: 24, value: (e) => e.resourceName },
          { header: '对象标识', width: 38, value: (e) => e.resourceId },
          { header: '单位', width: 38, value: (e) => e.unitId },
          { header: '请求', width: 38, value: (e) => e.requestId },
          { header: '变更', width: 60, value: (e) => (e.changes ? JSON.stringify(e.changes) : null) },
        ],
        iterateAuditEvents(req.ctx.db, filters),
      );
    },
  );

  app.post(
    '/api/audit-events/verification',
    {
      config: { access: { permission: 'audit.verify' }, rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain',
        response: {
          200: Obj(
            {
              ok: Bool('Whether the whole chain is intact'),
              checked: Int('Events checked'),
              firstBadSeq: Nullable(Int('First bad event')),
              reason: Nullable(Str('What is wrong', { max: 500 })),
              anchors: Int('Anchors (lines of the anchor file outside the database) the chain was checked against'),
            },
            { description: 'Verification result' },
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const result = await verifyAuditChainParallel(req.ctx.db, {
        databaseUrl: req.ctx.config.databaseUrl,
        pgSchema: req.ctx.config.pgSchema,
      });
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, { action: 'audit.verify', resourceType: 'audit_event', changes: { result: [null, result] } }),
      );
      return result;
    },
  );

  app.get(
    '/api/audit-anchors/export.log',
    {
      // Each export appends an anchor line: a bounded number per minute keeps the file small.
      config: { access: { permission: 'audit.export' }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: ['audit'],
        summary: 'Export the anchor file',
        description:
          'Anchors the chain head now, then returns the whole anchor file (one MACed JSON line per anchor: at, seq, hash, keyedFrom, mac) for the audit administrator to keep outside the server.',
      },
    },
    async (req, reply) => {
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, { action: 'audit.anchors_export', resourceType: 'audit_event' }),
      );
      // After the event: the anchor covers the export itself.
      await writeAuditAnchor(req.ctx.db, req.ctx.clock.nowMs());
      const day = new Date(req.ctx.clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/plain; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-anchors-${day}.log"`)
        .header('cache-control', 'no-store')
        .send(readAnchorFile(req.ctx.db));
    },
  );
};
