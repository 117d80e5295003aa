/** The grid's routes: the township's console (grid.read / grid.manage) and the informants' phone (access kind `informant`). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, IdParams, Ok, errorResponses } from '../../http/schema.js';
import { sendXlsxWorkbook } from '../../http/xlsx.js';
import { xlsxSheet } from '../../shared/spreadsheet/sheet.js';
import { inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { INFORMANT_PHOTOS_DESCRIPTION, InformantPhotosAnswer, addInformantPhotos } from '../reports/index.js';
import {
  DEVICE_COOKIE,
  INFORMANT_COOKIE,
  type InformantActor,
  activate,
  informantMe,
  markTaskDone,
  ownReports,
  ownTasks,
  reportFromPhone,
  signIn,
  signOut,
} from './grid.informant.js';
import {
  ActivationBody,
  DoneBody,
  GridReportSchema,
  InformantBody,
  InformantQuery,
  InformantSchema,
  InvitationSchema,
  MeSchema,
  OutpostBody,
  OutpostSchema,
  OwnReportSchema,
  PhoneReportBody,
  QuarterQuery,
  RankingsSchema,
  RulesBody,
  RulesSchema,
  SignInBody,
  SignedInSchema,
  TaskBody,
  TaskSchema,
} from './grid.schemas.js';
import { informantReports, quarterOf, rankings } from './grid.score.js';
import {
  confirmTask,
  createInformant,
  createOutpost,
  createTask,
  issueInvitation,
  listInformants,
  listOutposts,
  listTasks,
  readRules,
  revokeInformant,
  setRules,
} from './grid.service.js';

const tags = ['grid'];

async function* fromArray<T>(rows: readonly T[]): AsyncGenerator<T> {
  for (const r of rows) yield r;
}
const Items = <T extends Parameters<typeof Type.Array>[0]>(item: T, d: string) =>
  Type.Object({ items: Type.Array(item, { description: d }) }, { additionalProperties: false, description: d });

/** The grid's routes. */
export const gridRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const read = { access: { permission: 'grid.read' as const } };
  const manage = { access: { permission: 'grid.manage' as const } };
  const informant = { access: { informant: true } };
  const cookie = (secure: boolean, maxAge?: number) => ({
    path: '/api/informant',
    httpOnly: true,
    sameSite: 'strict' as const,
    secure,
    ...(maxAge ? { maxAge } : {}),
  });

  app.get(
    '/api/grid/outposts',
    {
      config: read,
      schema: {
        tags,
        summary: 'Outposts in scope',
        response: { 200: Items(OutpostSchema, 'Outposts'), ...errorResponses },
      },
    },
    async (req) => ({ items: await listOutposts(req.ctx) }),
  );
  app.post(
    '/api/grid/outposts',
    {
      config: manage,
      schema: {
        tags,
        summary: "Set up a village's outpost (head and deputies sealed)",
        body: OutpostBody,
        response: { 201: OutpostSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createOutpost(req.ctx, req.body)),
  );
  app.get(
    '/api/grid/informants',
    {
      config: read,
      schema: {
        tags,
        summary: 'Informants in scope',
        querystring: InformantQuery,
        response: { 200: Items(InformantSchema, 'Informants'), ...errorResponses },
      },
    },
    async (req) => ({ items: await listInformants(req.ctx, { outpostId: req.query.outpostId }) }),
  );
  app.get(
    '/api/grid/informants/export.xlsx',
    {
      config: read,
      schema: {
        tags,
        summary: 'Export the informants in scope as Excel (phones masked, no ID numbers; audited)',
        querystring: InformantQuery,
      },
    },
    async (req, reply) => {
      const rows = await listInformants(req.ctx, { outpostId: req.query.outpostId });
      const outposts = new Map((await listOutposts(req.ctx)).map((o) => [o.id, o.name]));
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'grid.export',
          resourceType: 'grid_informant',
          resourceId: null,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, rows.length] },
        }),
      );
      type Row = (typeof rows)[number];
      const cols = [
        { header: '廉情前哨站', width: 22, value: (r: Row) => outposts.get(r.outpostId) ?? '' },
        { header: '村民小组', width: 14, value: (r: Row) => r.groupName },
        { header: '姓名', width: 12, value: (r: Row) => r.name },
        { header: '手机号', width: 14, value: (r: Row) => r.phone },
        { header: '任期开始', width: 12, text: true, value: (r: Row) => r.termStart },
        { header: '任期结束', width: 12, text: true, value: (r: Row) => r.termEnd },
        { header: '培训', width: 30, value: (r: Row) => r.trainings.map((t) => `${t.on} ${t.topic}`).join('；') },
        { header: '履职承诺书签订', width: 14, text: true, value: (r: Row) => r.dutySignedOn },
        {
          header: '状态',
          width: 10,
          value: (r: Row) =>
            r.status === 'revoked' ? '已撤销' : r.locked ? '已锁定' : r.enrolled ? '已启用' : '未启用',
        },
      ];
      return sendXlsxWorkbook(reply, '廉情监督员.xlsx', [xlsxSheet('廉情监督员', cols, fromArray(rows))]);
    },
  );
  app.post(
    '/api/grid/informants',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Appoint an informant of a villager group (at most 3 active per group: GRID_GROUP_FULL)',
        body: InformantBody,
        response: { 201: InformantSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await createInformant(req.ctx, req.body)),
  );
  app.post(
    '/api/grid/informants/:id/invitations',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Issue a one-time sign-in invitation (7 days; shown once; earlier unused ones stop working)',
        params: IdParams('Informant id'),
        response: { 201: InvitationSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await issueInvitation(req.ctx, req.params.id)),
  );
  app.post(
    '/api/grid/informants/:id/revocation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Revoke an informant (sessions end at once)',
        params: IdParams('Informant id'),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await revokeInformant(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/grid/reports',
    {
      config: read,
      schema: {
        tags,
        summary: "Informants' reports: number, date, status and outcome (never the content)",
        response: { 200: Items(GridReportSchema, 'Reports'), ...errorResponses },
      },
    },
    async (req) => ({ items: await informantReports(req.ctx) }),
  );
  app.get(
    '/api/grid/tasks',
    {
      config: read,
      schema: {
        tags,
        summary: 'Tasks pushed to informants in scope',
        response: { 200: Items(TaskSchema, 'Tasks'), ...errorResponses },
      },
    },
    async (req) => ({ items: await listTasks(req.ctx) }),
  );
  app.post(
    '/api/grid/tasks',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Push a task to an informant',
        body: TaskBody,
        response: {
          201: Type.Object({ id: Type.String({ description: 'Task id' }) }, { description: 'Pushed' }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => reply.code(201).send(await createTask(req.ctx, req.body)),
  );
  app.post(
    '/api/grid/tasks/:id/confirmation',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Confirm a task the informant marked done',
        params: IdParams('Task id'),
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await confirmTask(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );
  app.get(
    '/api/grid/score-rules',
    {
      config: read,
      schema: { tags, summary: "The county's points per event", response: { 200: RulesSchema, ...errorResponses } },
    },
    async (req) => readRules(req.ctx),
  );
  app.put(
    '/api/grid/score-rules',
    {
      config: manage,
      schema: {
        tags,
        summary: "Set the county's points per event (county level only)",
        body: RulesBody,
        response: { 200: RulesSchema, ...errorResponses },
      },
    },
    async (req) => {
      await setRules(req.ctx, req.body);
      return readRules(req.ctx);
    },
  );
  app.get(
    '/api/grid/rankings',
    {
      config: read,
      schema: {
        tags,
        summary: "A quarter's rankings of informants and villages",
        querystring: QuarterQuery,
        response: { 200: RankingsSchema, ...errorResponses },
      },
    },
    async (req) => rankings(req.ctx, req.query.quarter ?? quarterOf(nowIso(req.ctx))),
  );
  app.get(
    '/api/grid/rankings/export.xlsx',
    {
      config: read,
      schema: { tags, summary: "Export a quarter's rankings as Excel (audited)", querystring: QuarterQuery },
    },
    async (req, reply) => {
      const r = await rankings(req.ctx, req.query.quarter ?? quarterOf(nowIso(req.ctx)));
      await inTransaction(req.ctx, (tx) =>
        recordAudit(tx, {
          action: 'grid.export',
          resourceType: 'grid_score_event',
          resourceId: null,
          unitId: requireActor(tx).unitId,
          changes: { rows: [null, r.informants.length + r.villages.length] },
        }),
      );
      type Line = (typeof r.informants)[number];
      const cols = (who: string) => [
        { header: '名次', width: 8, value: (l: Line) => l.rank },
        { header: who, width: 16, value: (l: Line) => l.name },
        { header: '村', width: 16, value: (l: Line) => l.village },
        { header: '得分', width: 10, value: (l: Line) => l.points },
        { header: '记分事项', width: 10, value: (l: Line) => l.events },
      ];
      return sendXlsxWorkbook(reply, `网格监督排名-${r.quarter}.xlsx`, [
        xlsxSheet('监督员排名', cols('监督员'), fromArray(r.informants)),
        xlsxSheet('村排名', cols('村'), fromArray(r.villages)),
      ]);
    },
  );

  // The informants' phone. Activation and sign-in need no session; the rest are access `informant`.
  app.post(
    '/api/informant/activation',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Redeem an invitation: set the PIN, bind this phone, sign in',
        body: ActivationBody,
        response: { 200: SignedInSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await activate(req.ctx, req.body.token, req.body.pin);
      const secure = req.ctx.config.secureCookies;
      void reply.setCookie(DEVICE_COOKIE, s.deviceToken!, cookie(secure, 365 * 86_400));
      void reply.setCookie(INFORMANT_COOKIE, s.sessionToken, cookie(secure));
      return { name: s.name, csrfToken: s.csrfToken };
    },
  );
  app.post(
    '/api/informant/sign-in',
    {
      config: { access: { public: true }, rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Sign in with the PIN on the bound phone (5 wrong PINs lock)',
        body: SignInBody,
        response: { 200: SignedInSchema, 423: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const s = await signIn(req.ctx, req.cookies[DEVICE_COOKIE], req.body.pin);
      void reply.setCookie(INFORMANT_COOKIE, s.sessionToken, cookie(req.ctx.config.secureCookies));
      return { name: s.name, csrfToken: s.csrfToken };
    },
  );
  const who = (req: { informant?: InformantActor }) => {
    if (!req.informant) throw domainError('UNAUTHENTICATED');
    return req.informant;
  };
  app.post(
    '/api/informant/sign-out',
    {
      config: informant,
      schema: { tags, summary: 'End this phone session', response: { 200: Ok, ...errorResponses } },
    },
    async (req, reply) => {
      await signOut(req.ctx, who(req));
      void reply.clearCookie(INFORMANT_COOKIE, { path: '/api/informant' });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/informant/me',
    {
      config: informant,
      schema: { tags, summary: 'The signed-in informant', response: { 200: MeSchema, ...errorResponses } },
    },
    async (req) => informantMe(req.ctx, who(req), req.cookies[INFORMANT_COOKIE]!),
  );
  app.get(
    '/api/informant/reports',
    {
      config: informant,
      schema: {
        tags,
        summary: 'My reports: number, date, status',
        response: { 200: Items(OwnReportSchema, 'Reports'), ...errorResponses },
      },
    },
    async (req) => ({ items: await ownReports(req.ctx.db, who(req)) }),
  );
  app.post(
    '/api/informant/reports',
    {
      config: informant,
      schema: {
        tags,
        summary: 'Report from the phone (intake channel informant, routed like a public report of my village)',
        body: PhoneReportBody,
        response: { 201: OwnReportSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const made = await reportFromPhone(req.ctx, who(req), req.body);
      return reply.code(201).send({ ...made, status: 'received' });
    },
  );
  app.post(
    '/api/informant/report-photos',
    {
      config: { ...informant, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'Add photos to one of my reports (multipart: number, then file fields)',
        description: `${INFORMANT_PHOTOS_DESCRIPTION} The field \`number\` (the report's number) must come before \`file\`.`,
        consumes: ['multipart/form-data'],
        response: { 201: InformantPhotosAnswer, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const stored = await addInformantPhotos(req, who(req).id);
      return reply.code(201).send(stored);
    },
  );
  app.get(
    '/api/informant/tasks',
    {
      config: informant,
      schema: { tags, summary: 'My tasks', response: { 200: Items(TaskSchema, 'Tasks'), ...errorResponses } },
    },
    async (req) => ({ items: await ownTasks(req.ctx.db, who(req)) }),
  );
  app.post(
    '/api/informant/tasks/:id/done',
    {
      config: informant,
      schema: {
        tags,
        summary: 'Mark my task done',
        params: IdParams('Task id'),
        body: DoneBody,
        response: { 200: Ok, ...errorResponses },
      },
    },
    async (req) => {
      await markTaskDone(req.ctx, who(req), req.params.id, req.body.note);
      return { ok: true as const };
    },
  );
};
