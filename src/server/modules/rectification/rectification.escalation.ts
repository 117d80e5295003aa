/**
 * The escalation ladder of overdue and repeatedly rejected items (督促提醒 → 约谈 → 通报 → 问责).
 *
 * - The daily job `rectification.escalate` sends the reminder rung itself: for an outstanding item
 *   past its due date, or rejected `REJECTIONS_BEFORE_REMINDER` times, it records the rung (one
 *   row per item and rung: a second run writes nothing), notifies the responsible unit's accounts
 *   and arms the next rung (`next_escalation`, due `ESCALATION_WORKING_DAYS` working days on). An
 *   item whose armed rung was stayed (an approved extension) is armed again when it is overdue
 *   again. When a rung falls due the issuer side is notified once.
 * - The issuer side records 约谈 / 通报 / 问责 with their content, exactly one rung above the last
 *   (RECTIFICATION_ESCALATION_ORDER otherwise); each arms the next.
 * - A unit's page reads its open items, overdue count, escalations (its items' rungs and its own
 *   records, see rectification.unit-escalations.ts) and counts by status.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { transact } from '../../db/durability.js';
import type { DialectHelpers } from '../../db/dialect.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Clock } from '../../shared/clock.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { JobDefinition } from '../../shared/module.js';
import {
  ESCALATION_REASON_LABELS,
  ESCALATION_WORKING_DAYS,
  type EscalationReason,
  RECTIFICATION_ESCALATIONS,
  RECTIFICATION_ESCALATION_LABELS,
  RECTIFICATION_OUTSTANDING,
  RECTIFICATION_STATUSES,
  REJECTIONS_BEFORE_REMINDER,
  type RectificationEscalation,
  type RectificationStatus,
} from '../../shared/rectification.codes.js';
import { scopePredicate } from '../../shared/scope.js';
import { appendAuditEvent, recordAudit } from '../audit/index.js';
import { loadCalendar } from '../calendar/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import {
  type ItemView,
  addEvent,
  itemFor,
  itemView,
  itemsQuery,
  presentItem,
  setItem,
  todayOf,
} from './rectification.items.js';
import { rectificationListWhere } from './rectification.policy.js';
import type { RectificationEscalationRow } from './rectification.tables.js';
import { type UnitEscalationView, presentUnitEscalation } from './rectification.unit-escalations.js';

/** The rung after `rung` (null: the first), or null after the last. */
export function nextRung(rung: string | null): RectificationEscalation | null {
  const i = rung === null ? -1 : RECTIFICATION_ESCALATIONS.indexOf(rung as RectificationEscalation);
  return RECTIFICATION_ESCALATIONS[i + 1] ?? null;
}

/** The date rung `next` falls due when armed on `today` (null for the reminder or none). */
async function dueDateOf(db: Kysely<Database>, nowMs: number, today: string, next: RectificationEscalation | null) {
  if (!next || next === 'reminder') return null;
  const calendar = await loadCalendar(db, nowMs);
  return calendar.addWorkingDays(today, ESCALATION_WORKING_DAYS[next]);
}

// ---------------------------------------------------------------------------------------------
// The daily job

/** What the job did in one run. */
export interface EscalationRun {
  reminders: number;
  armed: number;
  notified: number;
}

/**
 * Runs the escalation once (idempotent): reminders for items overdue or rejected too often, the
 * next rung armed where it is missing, the issuer side told of rungs that fell due.
 */
export async function escalateItems(env: {
  db: Kysely<Database>;
  dialect: DialectHelpers;
  clock: Clock;
}): Promise<EscalationRun> {
  const { db, clock } = env;
  const now = new Date(clock.nowMs()).toISOString();
  const today = toShanghaiDate(now);
  const run: EscalationRun = { reminders: 0, armed: 0, notified: 0 };
  const rows = await db
    .selectFrom('rectification_items as i')
    .innerJoin('units as ou', 'ou.id', 'i.owner_unit_id')
    .select([
      'i.id',
      'i.problem',
      'i.status',
      'i.due_on',
      'i.rejections',
      'i.escalation',
      'i.next_escalation',
      'i.next_escalation_on',
      'i.owner_unit_id',
      'i.owner_unit_path',
      'i.region_path',
      'i.issuer_unit_id',
      'i.issuer_unit_path',
      'i.issuer_region_path',
      'i.version',
      'ou.name as unit_name',
    ])
    .where('i.status', '!=', 'closed')
    .where((eb) =>
      eb.or([
        eb('i.due_on', '<', today),
        eb('i.rejections', '>=', REJECTIONS_BEFORE_REMINDER),
        eb.and([eb('i.next_escalation', 'is not', null), eb('i.next_escalation_on', '<=', today)]),
      ]),
    )
    .orderBy('i.due_on')
    .orderBy('i.id')
    .execute();
  for (const r of rows) {
    const overdue = r.due_on < today;
    const rejected = Number(r.rejections) >= REJECTIONS_BEFORE_REMINDER;
    if (r.escalation === null && (overdue || rejected)) {
      const reason: EscalationReason = overdue ? 'overdue' : 'rejected';
      const next = nextRung('reminder');
      const nextOn = await dueDateOf(db, clock.nowMs(), today, next);
      const wrote = await transact(db, async (trx) => {
        const ins = await trx
          .insertInto('rectification_escalations')
          .values({
            id: newId(),
            item_id: r.id,
            rung: 'reminder',
            reason,
            content: JSON.stringify({
              text: `${r.unit_name}：“${r.problem.slice(0, 60)}”${reason === 'overdue' ? `整改期限为${r.due_on}，已逾期` : `整改已${Number(r.rejections)}次验收不通过`}，请抓紧整改并报送整改材料。`,
            }),
            recorded_by: null,
            recorded_by_name: null,
            at: now,
          })
          .onConflict((oc) => oc.columns(['item_id', 'rung']).doNothing())
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
        await trx
          .updateTable('rectification_items')
          .set({
            escalation: 'reminder',
            escalated_at: now,
            next_escalation: next,
            next_escalation_on: nextOn,
            version: Number(r.version) + 1,
            updated_at: now,
          })
          .where('id', '=', r.id)
          .execute();
        await trx
          .insertInto('rectification_events')
          .values({
            id: newId(),
            item_id: r.id,
            kind: 'escalated',
            note: RECTIFICATION_ESCALATION_LABELS.reminder,
            details: JSON.stringify({ rung: 'reminder', reason, next, nextOn }),
            user_id: null,
            user_name: null,
            at: now,
          })
          .execute();
        await appendAuditEvent(trx, env.dialect, {
          occurredAt: now,
          actorUserId: null,
          actorUsername: null,
          requestId: null,
          action: 'rectification.escalate',
          resourceType: 'rectification_item',
          resourceId: r.id,
          unitId: r.owner_unit_id,
          changes: { escalation: [null, 'reminder'], reason: [null, reason] },
        });
        return true;
      });
      if (wrote) run.reminders++;
      const users = await usersCovering(db, clock.nowMs(), 'rectification.read', r);
      await transact(db, async (trx) => {
        run.notified += await notify(trx, now, users, {
          kind: 'rectification_reminder',
          title: `督促提醒：${ESCALATION_REASON_LABELS[reason]}`,
          body: `整改事项“${r.problem.slice(0, 60)}”${reason === 'overdue' ? `的整改期限为${r.due_on}，已逾期` : '多次验收不通过'}，请抓紧整改并报送整改材料。`,
          resourceType: 'rectification_item',
          resourceId: r.id,
          dedupeKey: `rectification:${r.id}:reminder`,
        });
      });
      continue;
    }
    if (r.escalation !== null && r.next_escalation === null && (overdue || rejected)) {
      const next = nextRung(r.escalation);
      if (!next) continue;
      const nextOn = await dueDateOf(db, clock.nowMs(), today, next);
      await transact(db, async (trx) => {
        const res = await trx
          .updateTable('rectification_items')
          .set({ next_escalation: next, next_escalation_on: nextOn, version: Number(r.version) + 1, updated_at: now })
          .where('id', '=', r.id)
          .where('next_escalation', 'is', null)
          .executeTakeFirst();
        if (Number(res.numUpdatedRows) === 1) run.armed++;
      });
      continue;
    }
    if (r.next_escalation && r.next_escalation_on && r.next_escalation_on <= today) {
      const rung = r.next_escalation as RectificationEscalation;
      const issuerSide = {
        owner_unit_id: r.issuer_unit_id,
        owner_unit_path: r.issuer_unit_path,
        region_path: r.issuer_region_path,
      };
      const users = await usersCovering(db, clock.nowMs(), 'rectification.manage', issuerSide);
      await transact(db, async (trx) => {
        run.notified += await notify(trx, now, users, {
          kind: 'rectification_escalation_due',
          title: `应升级督办：${RECTIFICATION_ESCALATION_LABELS[rung]}`,
          body: `${r.unit_name}的整改事项“${r.problem.slice(0, 60)}”仍未完成，应予${RECTIFICATION_ESCALATION_LABELS[rung]}。`,
          resourceType: 'rectification_item',
          resourceId: r.id,
          dedupeKey: `rectification:${r.id}:due:${rung}`,
        });
      });
    }
  }
  return run;
}

/** The module's jobs: `rectification.escalate`, enqueued once a day by `serve` and `worker`. */
export const rectificationJobs: JobDefinition[] = [
  {
    kind: 'rectification.escalate',
    every: 'day',
    run: async (_payload, _job, env) => {
      await escalateItems(env);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Rungs recorded by the issuer side

/** The record of a rung (the fields its rung needs). */
export interface EscalationContent {
  /** Reminder: its words. 通报: the circular's text. 问责: notes. */
  text?: string | undefined;
  /** 约谈: the principal talked to (name and post). */
  principal?: string | undefined;
  /** 约谈: when (YYYY-MM-DD or an instant). */
  heldAt?: string | undefined;
  /** 约谈: where. */
  place?: string | undefined;
  /** 约谈: by whom. */
  talkers?: string | undefined;
  /** 约谈: what was said. */
  said?: string | undefined;
  /** 约谈: what was required. */
  required?: string | undefined;
  /** 通报: to whom (the circular's audience). */
  audience?: string | undefined;
  /** 问责: the person held accountable. */
  person?: string | undefined;
  /** 问责: the form (诫勉、通报批评、组织处理…). */
  form?: string | undefined;
}

const REQUIRED_FIELDS: Record<RectificationEscalation, (keyof EscalationContent)[]> = {
  reminder: ['text'],
  admonition: ['principal', 'heldAt', 'place', 'talkers', 'said', 'required'],
  circular: ['text', 'audience'],
  accountability: ['person', 'form'],
};

/** An escalation as shown. */
export interface EscalationView {
  id: string;
  itemId: string;
  rung: RectificationEscalation;
  reason: EscalationReason;
  content: EscalationContent;
  recordedByName: string | null;
  at: string;
  /** The documents of this rung (`admonition_record`, `circular`, `accountability_record`). */
  documents: string[];
}

/** The document kind of a rung, if it has one (the reminder has none: it is a notification). */
export function documentOfRung(rung: string): string | null {
  return rung === 'admonition'
    ? 'admonition_record'
    : rung === 'circular'
      ? 'circular'
      : rung === 'accountability'
        ? 'accountability_record'
        : null;
}

/** The view of an escalation row. */
export function presentEscalation(r: RectificationEscalationRow): EscalationView {
  const doc = documentOfRung(r.rung);
  return {
    id: r.id,
    itemId: r.item_id,
    rung: r.rung as RectificationEscalation,
    reason: r.reason as EscalationReason,
    content: JSON.parse(r.content) as EscalationContent,
    recordedByName: r.recorded_by_name,
    at: r.at,
    documents: doc ? [doc] : [],
  };
}

/** The escalations of item `itemId`, in order (no access check). */
export async function itemEscalations(tx: Ctx, itemId: string): Promise<EscalationView[]> {
  const rows = await tx.db
    .selectFrom('rectification_escalations')
    .selectAll()
    .where('item_id', '=', itemId)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map(presentEscalation);
}

/**
 * The issuer side records a rung on an outstanding item: exactly the one above the last
 * (RECTIFICATION_ESCALATION_ORDER naming the expected one), with its content (VALIDATION_FAILED
 * naming a missing field); the item must be overdue or rejected too often (RECTIFICATION_STATE).
 * The next rung is armed. Audited (`rectification.escalate`).
 */
export async function recordEscalation(
  ctx: Ctx,
  id: string,
  input: { version: number; rung: RectificationEscalation; content: EscalationContent },
): Promise<EscalationView & { item: ItemView }> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await itemFor(tx, id, 'issuer', RECTIFICATION_OUTSTANDING, 'escalate', input.version);
    const expected = nextRung(row.escalation);
    if (input.rung !== expected)
      throw domainError('RECTIFICATION_ESCALATION_ORDER', { last: row.escalation, expected, asked: input.rung });
    const today = todayOf(tx);
    const overdue = row.due_on < today;
    const rejected = Number(row.rejections) >= REJECTIONS_BEFORE_REMINDER;
    if (!overdue && !rejected) throw domainError('RECTIFICATION_STATE', { status: row.status, action: 'escalate' });
    const content: EscalationContent = {};
    for (const [k, v] of Object.entries(input.content) as [keyof EscalationContent, string | undefined][]) {
      const t = v?.trim();
      if (t) content[k] = t;
    }
    for (const f of REQUIRED_FIELDS[input.rung])
      if (!content[f]) throw errors.validation({ field: `content.${f}` }, `请填写${FIELD_LABELS[f]}`);
    const reason: EscalationReason = overdue ? 'overdue' : 'rejected';
    const now = nowIso(tx);
    const escId = newId();
    await tx.db
      .insertInto('rectification_escalations')
      .values({
        id: escId,
        item_id: id,
        rung: input.rung,
        reason,
        content: JSON.stringify(content),
        recorded_by: actor.userId,
        recorded_by_name: actor.displayName,
        at: now,
      })
      .execute();
    const next = nextRung(input.rung);
    const nextOn = await dueDateOf(tx.db, tx.clock.nowMs(), today, next);
    await setItem(tx, row, {
      escalation: input.rung,
      escalated_at: now,
      next_escalation: next,
      next_escalation_on: nextOn,
    });
    await addEvent(tx, id, 'escalated', RECTIFICATION_ESCALATION_LABELS[input.rung], {
      rung: input.rung,
      reason,
      escalation: escId,
      next,
      nextOn,
    });
    await recordAudit(tx, {
      action: 'rectification.escalate',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { escalation: [row.escalation, input.rung], reason: [null, reason], record: [null, escId] },
    });
    const esc = await tx.db
      .selectFrom('rectification_escalations')
      .selectAll()
      .where('id', '=', escId)
      .executeTakeFirstOrThrow();
    return { ...presentEscalation(esc), item: await itemView(tx, id) };
  });
}

/** Field names in words, for the refusals. */
export const FIELD_LABELS: Record<keyof EscalationContent, string> = {
  text: '内容',
  principal: '约谈对象',
  heldAt: '约谈时间',
  place: '约谈地点',
  talkers: '约谈人',
  said: '约谈内容',
  required: '提出的要求',
  audience: '通报范围',
  person: '被问责人',
  form: '问责方式',
};

// ---------------------------------------------------------------------------------------------
// A unit's page

/** A unit's rectification page. */
export interface UnitRectification {
  unitId: string;
  unitName: string;
  /** Items by status (the unit and units under it, as the reader sees them). */
  byStatus: Record<RectificationStatus, number>;
  overdue: number;
  /** Outstanding items, soonest due first (at most 200). */
  openItems: ItemView[];
  /** Every rung reached by the unit's items, newest first (at most 200). */
  escalations: (EscalationView & { problem: string })[];
  /**
   * The unit's own records (not tied to an item: a recommendation refused without good reason,
   * recorded as 问责), of the unit and units under it, newest first (at most 200).
   */
  unitEscalations: UnitEscalationView[];
}

/**
 * The rectification page of unit `unitId`: its items (addressed to it or units under it) and its
 * own records the reader may see. NOT_FOUND for a unit neither in the reader's read scope nor
 * owner of an item or record the reader sees.
 */
export async function unitRectification(ctx: Ctx, unitId: string): Promise<UnitRectification> {
  requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const unit = await tx.db
      .selectFrom('units')
      .select(['id', 'name', 'path', 'region_path'])
      .where('id', '=', unitId)
      .executeTakeFirst();
    if (!unit) throw errors.notFound('unit');
    const today = todayOf(tx);
    const under = (eb: ExpressionBuilder<Database, never>) =>
      scopePredicate(
        eb,
        { global: false, unitIds: [], unitPaths: [unit.path], regionPaths: [] },
        {
          unitId: 'i.owner_unit_id',
          unitPath: 'i.owner_unit_path',
          regionPath: 'i.region_path',
        },
      );
    const base = itemsQuery(tx)
      .where((eb) => rectificationListWhere(tx, 'i')(eb as never))
      .where((eb) => under(eb as never));
    const read = tx.actor?.scopes.get('rectification.read');
    const inScope = read
      ? await tx.db
          .selectFrom('units')
          .select('id')
          .where('id', '=', unitId)
          .where((eb) => scopePredicate(eb, read, { unitId: 'id', unitPath: 'path', regionPath: 'region_path' }))
          .executeTakeFirst()
      : undefined;
    const statusRows = await base
      .select(['i.status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('i.status')
      .execute();
    const unitRecords = await tx.db
      .selectFrom('rectification_unit_escalations as i')
      .selectAll('i')
      .where((eb) => rectificationListWhere(tx, 'i')(eb as never))
      .where((eb) => under(eb as never))
      .orderBy('i.at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(200)
      .execute();
    if (!inScope && statusRows.length === 0 && unitRecords.length === 0) throw errors.notFound('unit');
    const byStatus = Object.fromEntries(RECTIFICATION_STATUSES.map((s) => [s, 0])) as Record<
      RectificationStatus,
      number
    >;
    for (const r of statusRows) byStatus[r.status as RectificationStatus] = Number(r.n);
    const [overdue, open, escalations] = await Promise.all([
      base
        .where('i.status', '!=', 'closed')
        .where('i.due_on', '<', today)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
      base
        .where('i.status', '!=', 'closed')
        .selectAll('i')
        .select(['ou.name as owner_unit_name', 'iu.name as issuer_unit_name'])
        .orderBy('i.due_on')
        .orderBy('i.id')
        .limit(200)
        .execute(),
      base
        .innerJoin('rectification_escalations as e', 'e.item_id', 'i.id')
        .selectAll('e')
        .select('i.problem')
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(200)
        .execute(),
    ]);
    return {
      unitId: unit.id,
      unitName: unit.name,
      byStatus,
      overdue: Number(overdue.n),
      openItems: open.map((r) => presentItem({ ...r, source_kind: r.source_kind }, today)),
      escalations: escalations.map((e) => ({ ...presentEscalation(e), problem: e.problem })),
      unitEscalations: unitRecords.map(presentUnitEscalation),
    };
  });
}
