/**
 * A village's recorded uses of a power (小微权力运行, issue 16 §3): a use is recorded against the
 * current version of an item and keeps that version; its steps are recorded one by one (date, who,
 * documents provided, publication period); closing it checks it against its version and turns
 * every problem into a finding and a rectification item the village's township supervises
 * (source `micro_power_use`), in the closing transaction.
 */
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  MICRO_POWER_PROBLEM_LABELS,
  type MicroPowerProblem,
  type MicroPowerStep,
  type MicroPowerUseStatus,
} from '../../shared/micro-powers.codes.js';
import { recordAudit } from '../audit/index.js';
import { openRectificationItem } from '../rectification/index.js';
import { type RecordedStep, type UseProblem, checkUse } from './micro-powers.check.js';
import { stepsOf } from './micro-powers.items.js';
import { type UseReach, unitReachWhere, useReach, useWhere } from './micro-powers.policy.js';
import type { MicroPowerUseRow, MicroPowerUseStepRow } from './micro-powers.tables.js';

/** How long the village has to rectify a finding: calendar days from the closing day. */
export const FINDING_RECTIFICATION_DAYS = 30;

// A title is published on the village's page: refuse what looks like an ID number or a phone.
const PERSONAL = /\d{17}[\dXx]|1[3-9]\d{9}/;

/** What recording a use takes. */
export interface UseInput {
  itemId: string;
  villageCode: string;
  title: string;
  amountFen?: number | null | undefined;
  startedOn: string;
}

/** What recording a step takes. */
export interface StepRecordInput {
  seq: number;
  doneOn: string;
  actor: string;
  documents: string[];
  note?: string | null | undefined;
  publicationFrom?: string | null | undefined;
  publicationTo?: string | null | undefined;
  version: number;
}

/** A use as the lists show it. */
export interface UseLine {
  id: string;
  itemId: string;
  itemName: string;
  itemCode: string;
  itemVersion: number;
  villageCode: string;
  villageName: string;
  title: string;
  amountFen: number | null;
  startedOn: string;
  status: MicroPowerUseStatus;
  closedOn: string | null;
  stepsRecorded: number;
  stepsTotal: number;
  findings: number;
  version: number;
}

/** A use with its steps, its problems so far (open) or its findings (closed). */
export interface UseView extends UseLine {
  steps: (MicroPowerStep & {
    recorded: {
      doneOn: string;
      actor: string;
      documents: string[];
      note: string | null;
      publicationFrom: string | null;
      publicationTo: string | null;
    } | null;
  })[];
  problems: UseProblem[];
  findingsList: {
    id: string;
    kind: MicroPowerProblem;
    seq: number | null;
    message: string;
    rectificationItemId: string | null;
  }[];
  canRecord: boolean;
}

/** The list's filters. */
export interface UseQuery {
  status?: MicroPowerUseStatus | undefined;
  villageCode?: string | undefined;
  itemKey?: string | undefined;
  q?: string | undefined;
  withFindings?: boolean | undefined;
  page: number;
  pageSize: number;
}

function checkTitle(title: string): string {
  const t = title.trim();
  if (!t) throw errors.validation({ field: 'title' }, '请填写事项标题');
  if (PERSONAL.test(t))
    throw errors.validation({ field: 'title' }, '标题会在村务公开页面公开，请勿填写身份证号码或手机号码');
  return t;
}

/**
 * Records a use of a power at a village the actor records for (`micro_power.record`), against the
 * item's current version. NOT_FOUND for an item or village out of reach; MICRO_POWER_ITEM_RETIRED
 * for an old or retired version; VALIDATION_FAILED for a village of another county, a start date in
 * the future, a title with an ID number or phone number.
 */
export async function createUse(ctx: Ctx, input: UseInput): Promise<{ id: string }> {
  const actor = requireActor(ctx);
  const title = checkTitle(input.title);
  return inTransaction(ctx, async (tx) => {
    const today = toShanghaiDate(nowIso(tx));
    if (input.startedOn > today) throw errors.validation({ field: 'startedOn', today }, '开始日期不能晚于今天');
    const units = await tx.db
      .selectFrom('units as su')
      .innerJoin('regions as r', 'r.code', 'su.region_code')
      .select(['su.id', 'su.path', 'su.region_path', 'su.county_code'])
      .where('su.region_code', '=', input.villageCode)
      .where('r.level', '=', 'village')
      .where('su.active', '=', 1)
      .where((eb) => unitReachWhere(tx, 'micro_power.record')(eb as never))
      .orderBy('su.path')
      .execute();
    // The clerk's own unit when it is at the village; else the first unit there in reach.
    const unit = units.find((u) => u.id === actor.unitId) ?? units[0];
    if (!unit) throw errors.notFound('village');
    const item = await tx.db
      .selectFrom('micro_power_items')
      .selectAll()
      .where('id', '=', input.itemId)
      .where('county_code', '=', unit.county_code ?? '')
      .executeTakeFirst();
    if (!item) throw errors.notFound('micro_power_item');
    if (Number(item.current) !== 1 || Number(item.retired) === 1) throw domainError('MICRO_POWER_ITEM_RETIRED');
    const id = newId();
    const now = nowIso(tx);
    await tx.db
      .insertInto('micro_power_uses')
      .values({
        id,
        item_id: item.id,
        item_key: item.item_key,
        village_code: input.villageCode,
        title,
        amount_fen: input.amountFen ?? null,
        started_on: input.startedOn,
        status: 'open',
        closed_on: null,
        closed_at: null,
        findings: 0,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: unit.region_path,
        county_code: unit.county_code,
        created_by: actor.userId,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(tx, {
      action: 'micro_power.use_create',
      resourceType: 'micro_power_use',
      resourceId: id,
      unitId: unit.id,
      changes: { item: [null, item.id], itemVersion: [null, item.version], startedOn: [null, input.startedOn] },
    });
    return { id };
  });
}

/** The use `id` if `permission` reaches it, else NOT_FOUND. */
async function loadUse(tx: Ctx, id: string, permission: 'micro_power.read' | 'micro_power.record') {
  const reach = await useReach(tx, permission);
  const row = await tx.db
    .selectFrom('micro_power_uses as u')
    .selectAll('u')
    .where('u.id', '=', id)
    .where((eb) => useWhere(reach, 'u')(eb as never))
    .executeTakeFirst();
  if (!row) throw errors.notFound('micro_power_use');
  return row;
}

async function stepsAndRecords(tx: Ctx, use: MicroPowerUseRow) {
  const item = await tx.db
    .selectFrom('micro_power_items')
    .selectAll()
    .where('id', '=', use.item_id)
    .executeTakeFirstOrThrow();
  const recorded = await tx.db
    .selectFrom('micro_power_use_steps')
    .selectAll()
    .where('use_id', '=', use.id)
    .orderBy('seq')
    .execute();
  return { item, steps: stepsOf(item), recorded };
}

function asRecorded(r: MicroPowerUseStepRow): RecordedStep {
  return {
    seq: r.seq,
    doneOn: r.done_on,
    documents: JSON.parse(r.documents) as string[],
    publicationFrom: r.publication_from,
    publicationTo: r.publication_to,
  };
}

/**
 * Records one configured step of an open use. NOT_FOUND out of reach; MICRO_POWER_USE_CLOSED;
 * MICRO_POWER_STEP_RECORDED (a step once); CONFLICT on a stale `version`; VALIDATION_FAILED for a
 * step the version does not have, a date before the start or after today, a publication on a step
 * that has none, half a publication period, or one that ends before it starts or starts before the step.
 */
export async function recordUseStep(ctx: Ctx, id: string, input: StepRecordInput): Promise<UseView> {
  const actorName = input.actor.trim();
  if (!actorName) throw errors.validation({ field: 'actor' }, '请填写实施或审批主体');
  await inTransaction(ctx, async (tx) => {
    const use = await loadUse(tx, id, 'micro_power.record');
    if (use.status !== 'open') throw domainError('MICRO_POWER_USE_CLOSED');
    if (use.version !== input.version) throw errors.conflict({ version: use.version });
    const { steps } = await stepsAndRecords(tx, use);
    const step = steps.find((s) => s.seq === input.seq);
    if (!step) throw errors.validation({ field: 'seq' }, '该事项没有这一步骤');
    const today = toShanghaiDate(nowIso(tx));
    if (input.doneOn < use.started_on || input.doneOn > today)
      throw errors.validation({ field: 'doneOn', startedOn: use.started_on, today }, '办理日期应在开始日期和今天之间');
    const from = input.publicationFrom ?? null;
    const to = input.publicationTo ?? null;
    if ((from === null) !== (to === null))
      throw errors.validation(
        { field: from === null ? 'publicationFrom' : 'publicationTo' },
        '请同时填写公示的起止日期',
      );
    if (from !== null && !step.publishes)
      throw errors.validation({ field: 'publicationFrom' }, '该步骤按清单不需要公示');
    if (from !== null && to !== null && (to < from || from < input.doneOn))
      throw errors.validation({ field: 'publicationTo' }, '公示起止日期不正确：应从办理当日或以后开始，结束不早于开始');
    const exists = await tx.db
      .selectFrom('micro_power_use_steps')
      .select('id')
      .where('use_id', '=', use.id)
      .where('seq', '=', input.seq)
      .executeTakeFirst();
    if (exists) throw domainError('MICRO_POWER_STEP_RECORDED', { seq: input.seq });
    const documents = [...new Set(input.documents.map((d) => d.trim()).filter(Boolean))];
    const now = nowIso(tx);
    await tx.db
      .insertInto('micro_power_use_steps')
      .values({
        id: newId(),
        use_id: use.id,
        seq: input.seq,
        done_on: input.doneOn,
        actor: actorName,
        note: input.note?.trim() || null,
        documents: JSON.stringify(documents),
        publication_from: from,
        publication_to: to,
        recorded_by: tx.actor?.userId ?? null,
        recorded_at: now,
      })
      .execute();
    const bumped = await tx.db
      .updateTable('micro_power_uses')
      .set({ version: use.version + 1, updated_at: now })
      .where('id', '=', use.id)
      .where('version', '=', use.version)
      .executeTakeFirst();
    if (Number(bumped.numUpdatedRows) !== 1) throw errors.conflict({ version: use.version });
    await recordAudit(tx, {
      action: 'micro_power.use_step',
      resourceType: 'micro_power_use',
      resourceId: use.id,
      unitId: use.owner_unit_id,
      changes: {
        seq: [null, input.seq],
        doneOn: [null, input.doneOn],
        publication: [null, from ? `${from}~${to}` : null],
      },
    });
  });
  return readUse(ctx, id);
}

/** The township commission over the use's village: the issuer of its findings' rectification items. */
async function townshipOf(tx: Ctx, villageCode: string): Promise<string | null> {
  const row = await tx.db
    .selectFrom('regions as v')
    .innerJoin('units as t', 't.region_code', 'v.parent_code')
    .select('t.id')
    .where('v.code', '=', villageCode)
    .where('t.kind', '=', 'township_commission')
    .where('t.active', '=', 1)
    .orderBy('t.path')
    .executeTakeFirst();
  return row?.id ?? null;
}

/**
 * Closes an open use: checks it against its version; each problem becomes a finding and a
 * rectification item of the village's unit issued by its township commission (due in
 * `FINDING_RECTIFICATION_DAYS`), all in one transaction. NOT_FOUND out of reach;
 * MICRO_POWER_USE_CLOSED; CONFLICT on a stale version; VALIDATION_FAILED for a closing date before
 * the last recorded step or after today.
 */
export async function closeUse(ctx: Ctx, id: string, input: { closedOn: string; version: number }): Promise<UseView> {
  await inTransaction(ctx, async (tx) => {
    const use = await loadUse(tx, id, 'micro_power.record');
    if (use.status !== 'open') throw domainError('MICRO_POWER_USE_CLOSED');
    if (use.version !== input.version) throw errors.conflict({ version: use.version });
    const { steps, recorded } = await stepsAndRecords(tx, use);
    const now = nowIso(tx);
    const today = toShanghaiDate(now);
    const last = recorded.reduce((m, r) => (r.done_on > m ? r.done_on : m), use.started_on);
    if (input.closedOn < last || input.closedOn > today)
      throw errors.validation({ field: 'closedOn', lastStepOn: last, today }, '办结日期应在最后一步之后、今天之前');
    const problems = checkUse(steps, recorded.map(asRecorded), { final: true });
    const issuer = problems.length > 0 ? await townshipOf(tx, use.village_code) : null;
    const dueOn = toShanghaiDate(new Date(ctx.clock.nowMs() + FINDING_RECTIFICATION_DAYS * 86_400_000).toISOString());
    const item = await tx.db
      .selectFrom('micro_power_items')
      .select(['name'])
      .where('id', '=', use.item_id)
      .executeTakeFirstOrThrow();
    for (const p of problems) {
      const findingId = newId();
      const opened = issuer
        ? await openRectificationItem(tx, {
            source: 'micro_power_use',
            sourceId: use.id,
            sourceDocument: `小微权力运行：${item.name}（${use.title}）`,
            problem: `${use.title}：${p.message}`,
            severity: p.kind === 'missed_step' || p.kind === 'missing_publication' ? 'major' : 'minor',
            ownerUnitId: use.owner_unit_id,
            issuerUnitId: issuer,
            dueOn,
          })
        : null;
      await tx.db
        .insertInto('micro_power_findings')
        .values({
          id: findingId,
          use_id: use.id,
          kind: p.kind,
          seq: p.seq,
          message: p.message,
          rectification_item_id: opened?.id ?? null,
          created_at: now,
        })
        .execute();
    }
    const done = await tx.db
      .updateTable('micro_power_uses')
      .set({
        status: 'closed',
        closed_on: input.closedOn,
        closed_at: now,
        findings: problems.length,
        version: use.version + 1,
        updated_at: now,
      })
      .where('id', '=', use.id)
      .where('version', '=', use.version)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) throw errors.conflict({ version: use.version });
    await recordAudit(tx, {
      action: 'micro_power.use_close',
      resourceType: 'micro_power_use',
      resourceId: use.id,
      unitId: use.owner_unit_id,
      changes: {
        status: ['open', 'closed'],
        closedOn: [null, input.closedOn],
        findings: [null, problems.map((p) => `${p.kind}:${p.seq}`)],
      },
    });
  });
  return readUse(ctx, id);
}

type UseEb = ExpressionBuilder<
  Database & { u: Database['micro_power_uses']; i: Database['micro_power_items'] },
  'u' | 'i'
>;

function lineQuery(ctx: Ctx, reach: UseReach) {
  return ctx.db
    .selectFrom('micro_power_uses as u')
    .innerJoin('micro_power_items as i', 'i.id', 'u.item_id')
    .leftJoin('regions as r', 'r.code', 'u.village_code')
    .where((eb) => useWhere(reach, 'u')(eb as never));
}

function toLine(r: {
  id: string;
  item_id: string;
  item_name: string;
  item_code: string;
  item_version: number;
  item_steps: string;
  village_code: string;
  village_name: string | null;
  title: string;
  amount_fen: number | string | null;
  started_on: string;
  status: string;
  closed_on: string | null;
  findings: number;
  version: number;
  steps_recorded: number | string | null;
}): UseLine {
  return {
    id: r.id,
    itemId: r.item_id,
    itemName: r.item_name,
    itemCode: r.item_code,
    itemVersion: r.item_version,
    villageCode: r.village_code,
    villageName: r.village_name ?? r.village_code,
    title: r.title,
    amountFen: r.amount_fen === null ? null : Number(r.amount_fen),
    startedOn: r.started_on,
    status: r.status as MicroPowerUseStatus,
    closedOn: r.closed_on,
    stepsRecorded: Number(r.steps_recorded ?? 0),
    stepsTotal: (JSON.parse(r.item_steps) as unknown[]).length,
    findings: Number(r.findings),
    version: r.version,
  };
}

function lineColumns(ctx: Ctx, reach: UseReach) {
  return lineQuery(ctx, reach).select((eb) => [
    'u.id',
    'u.item_id',
    'i.name as item_name',
    'i.code as item_code',
    'i.version as item_version',
    'i.steps as item_steps',
    'u.village_code',
    'r.name as village_name',
    'u.title',
    'u.amount_fen',
    'u.started_on',
    'u.status',
    'u.closed_on',
    'u.findings',
    'u.version',
    eb
      .selectFrom('micro_power_use_steps as s')
      .select((e) => e.fn.countAll<number>().as('n'))
      .whereRef('s.use_id', '=', 'u.id')
      .as('steps_recorded'),
  ]);
}

/** The uses in reach, newest first, with the list's filters. */
export async function listUses(ctx: Ctx, q: UseQuery): Promise<{ items: UseLine[]; total: number }> {
  requireActor(ctx);
  const text = q.q?.trim();
  const where = (eb: UseEb) => {
    const parts: Expression<SqlBool>[] = [];
    if (q.status) parts.push(eb('u.status', '=', q.status));
    if (q.villageCode) parts.push(eb('u.village_code', '=', q.villageCode));
    if (q.itemKey) parts.push(eb('u.item_key', '=', q.itemKey));
    if (q.withFindings) parts.push(eb('u.findings', '>', 0));
    if (text) parts.push(eb.or([eb('u.title', 'like', `%${text}%`), eb('i.name', 'like', `%${text}%`)]));
    return eb.and(parts);
  };
  const reach = await useReach(ctx);
  // The item's name is needed only to search it: without a search the count and the page's ids are
  // read from the uses alone (their indexes), not joined to the items and regions row by row.
  const scan = () =>
    text
      ? lineQuery(ctx, reach)
      : (ctx.db
          .selectFrom('micro_power_uses as u')
          .where((eb) => useWhere(reach, 'u')(eb as never)) as unknown as ReturnType<typeof lineQuery>);
  const [{ n }] = (await scan()
    .where(where)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .execute()) as [{ n: number | string }];
  // The page's ids first, then their columns: sorting the whole reach with every column (the item's
  // steps, the count of recorded steps per use) made SQLite build both for each of a township's
  // 16,670 uses before keeping 50 (826 ms p95 in the bench).
  const ids = (
    await scan()
      .where(where)
      .select('u.id')
      .orderBy('u.started_on', 'desc')
      .orderBy('u.id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute()
  ).map((r) => r.id);
  const rows =
    ids.length === 0
      ? []
      : await lineColumns(ctx, reach)
          .where('u.id', 'in', ids)
          .orderBy('u.started_on', 'desc')
          .orderBy('u.id', 'desc')
          .execute();
  return { items: rows.map(toLine), total: Number(n) };
}

/** One use with its configured steps, what was recorded, its problems and findings. NOT_FOUND out of reach. */
export async function readUse(ctx: Ctx, id: string): Promise<UseView> {
  requireActor(ctx);
  const row = await lineColumns(ctx, await useReach(ctx))
    .where('u.id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('micro_power_use');
  const use = await ctx.db.selectFrom('micro_power_uses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const { steps, recorded } = await stepsAndRecords(ctx, use);
  const findings = await ctx.db
    .selectFrom('micro_power_findings')
    .selectAll()
    .where('use_id', '=', id)
    .orderBy('seq')
    .orderBy('kind')
    .execute();
  const recordReach = await useReach(ctx, 'micro_power.record');
  const canRecord = recordReach === 'all' || recordReach.includes(use.village_code);
  const bySeq = new Map(recorded.map((r) => [r.seq, r]));
  return {
    ...toLine(row),
    steps: steps.map((s) => {
      const r = bySeq.get(s.seq);
      return {
        ...s,
        recorded: r
          ? {
              doneOn: r.done_on,
              actor: r.actor,
              documents: JSON.parse(r.documents) as string[],
              note: r.note,
              publicationFrom: r.publication_from,
              publicationTo: r.publication_to,
            }
          : null,
      };
    }),
    problems: checkUse(steps, recorded.map(asRecorded), { final: use.status === 'closed' }),
    findingsList: findings.map((f) => ({
      id: f.id,
      kind: f.kind as MicroPowerProblem,
      seq: f.seq,
      message: f.message,
      rectificationItemId: f.rectification_item_id,
    })),
    canRecord: canRecord && use.status === 'open',
  };
}

/** The villages the actor records uses for (`micro_power.record`'s reach), by code: the form's choices. */
export async function recordingVillages(ctx: Ctx): Promise<{ code: string; name: string }[]> {
  requireActor(ctx);
  const reach = await useReach(ctx, 'micro_power.record');
  if (reach !== 'all' && reach.length === 0) return [];
  let q = ctx.db.selectFrom('regions').select(['code', 'name']).where('level', '=', 'village');
  if (reach !== 'all') q = q.where('code', 'in', reach as string[]);
  return q.orderBy('code').limit(2000).execute();
}

/** The label of a problem kind. */
export function problemLabel(kind: MicroPowerProblem): string {
  return MICRO_POWER_PROBLEM_LABELS[kind];
}
