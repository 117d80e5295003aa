/**
 * Parking (暂存待查, GZ 第二十一条): an approved 暂存待查 parks the clue until a review date
 * (the county's `clue.shelved_review_months:<county>` setting, default 3 months). A daily job
 * tells the keeper when the review is due and the workbench card "暂存线索待复查" lists it; the
 * review either parks it for another period or reopens it into `assigned` (a new disposal
 * opinion follows). A parked clue never ends silently: it comes back on its date.
 */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { countUpTo } from '../../db/count.js';
import { Int } from '../../http/schema.js';
import type { Database } from '../../db/types.js';
import { transact } from '../../db/durability.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Clock } from '../../shared/clock.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { JobDefinition, WorkbenchCardContent, WorkbenchProvider } from '../../shared/module.js';
import { loadInScope, visibleWhere } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { notify } from '../notifications/index.js';
import { defineCountySetting } from '../settings/index.js';
import { type ClueAction, cluePolicy } from './clues.policy.js';
import { addClueEvent } from './clues.service.js';
import { requireClueStatus, setClueState } from './clues.state.js';
import type { ClueRow } from './clues.tables.js';

/** Months a parked clue waits for its review unless the county set its own. */
export const DEFAULT_SHELVED_REVIEW_MONTHS = 3;
/** The longest review period a county may set. */
export const MAX_SHELVED_REVIEW_MONTHS = 24;

/**
 * A county's review period of parked clues (a county setting), in months; clues parked after a
 * change take it. Outside the caller's scope: FORBIDDEN.
 */
export const shelvedReview = defineCountySetting({
  keyPrefix: 'clue.shelved_review_months',
  field: 'reviewMonths',
  defaultValue: DEFAULT_SHELVED_REVIEW_MONTHS,
  schema: Int('Months a parked clue waits for its review', { min: 1, max: MAX_SHELVED_REVIEW_MONTHS }),
  invalidMessage: `复查期限应为 1 至 ${MAX_SHELVED_REVIEW_MONTHS} 个月`,
});

/** The date `months` calendar months after `date` (YYYY-MM-DD), clamped to the month's last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A county's review period in months (the default when it set none, or for a null county). */
export async function shelvedReviewMonths(ctx: Pick<Ctx, 'db'>, countyCode: string | null): Promise<number> {
  return shelvedReview.valueOf(ctx, countyCode);
}

/**
 * Starts a parking period of a clue inside the caller's transaction (the approved 暂存待查, or
 * "continue parking"): review due `months` (default: the county's setting) after `today`.
 */
export async function parkClue(
  tx: Ctx,
  clueId: string,
  countyCode: string | null,
  today: string,
  months?: number,
): Promise<{ reviewOn: string }> {
  const reviewOn = addMonths(today, months ?? (await shelvedReviewMonths(tx, countyCode)));
  await tx.db
    .insertInto('clue_parkings')
    .values({
      id: newId(),
      clue_id: clueId,
      parked_on: today,
      review_on: reviewOn,
      status: 'parked',
      note: null,
      reviewed_by: null,
      reviewed_at: null,
      due_notified_at: null,
      created_at: nowIso(tx),
    })
    .execute();
  await addClueEvent(tx, clueId, 'parked', { note: `复查日期 ${reviewOn}` });
  return { reviewOn };
}

/** The open parking period of a clue, if it is parked. */
export async function currentParking(ctx: Pick<Ctx, 'db'>, clueId: string) {
  return ctx.db
    .selectFrom('clue_parkings')
    .selectAll()
    .where('clue_id', '=', clueId)
    .where('status', '=', 'parked')
    .executeTakeFirst();
}

/** A review of a parked clue: park it again (optionally for `months`) or reopen it. */
export interface ShelvedReviewInput {
  version: number;
  decision: 'continue' | 'reopen';
  note: string;
  /** For `continue`: months until the next review (default: the county's setting). */
  months?: number | undefined;
}

/**
 * Records the review of a parked clue (its team, clue.manage in scope), due or early: `continue`
 * parks it for another period, `reopen` moves it to `assigned` for a new disposal opinion. Signed
 * and audited, one transaction. Throws NOT_FOUND, NEED_TO_KNOW, CONFLICT, CLUE_TRANSITION (not
 * parked).
 */
export async function reviewShelvedClue(
  ctx: Ctx,
  clueId: string,
  input: ShelvedReviewInput,
): Promise<{ version: number; reviewOn: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ClueAction, ClueRow>(tx, cluePolicy, clueId, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    await requireClueStatus(tx, clueId, ['shelved'], 'shelved_review');
    const parking = await currentParking(tx, clueId);
    if (!parking) throw domainError('CLUE_TRANSITION', { status: row.status, action: 'shelved_review' });
    const actor = requireActor(tx);
    const now = nowIso(tx);
    await tx.db
      .updateTable('clue_parkings')
      .set({
        status: input.decision === 'continue' ? 'continued' : 'reopened',
        note: input.note,
        reviewed_by: actor.userId,
        reviewed_at: now,
      })
      .where('id', '=', parking.id)
      .execute();
    let reviewOn: string | null = null;
    let version: number;
    if (input.decision === 'continue') {
      // The row changes (a new period): the version moves so stale forms are refused.
      version = (await setClueState(tx, clueId, input.version, { status: 'shelved' })).version;
      await addClueEvent(tx, clueId, 'shelved_continued', { note: input.note });
      reviewOn = (await parkClue(tx, clueId, row.county_code, toShanghaiDate(now), input.months)).reviewOn;
    } else {
      version = (await setClueState(tx, clueId, input.version, { status: 'assigned', disposal: null })).version;
      await addClueEvent(tx, clueId, 'shelved_reopened', { note: input.note });
    }
    await recordAudit(tx, {
      action: 'clue.shelved_review',
      resourceType: 'clue',
      resourceId: clueId,
      unitId: row.owner_unit_id,
      changes: {
        decision: [null, input.decision],
        status: [row.status, input.decision === 'continue' ? 'shelved' : 'assigned'],
        review_on: [parking.review_on, reviewOn],
      },
    });
    return { version, reviewOn };
  });
}

/**
 * Tells the keeper (or, with none, the clue's handlers) of every parked clue whose review is due
 * today or earlier and who was not told yet. Idempotent: each period is told once (marked).
 * Returns how many periods were told.
 */
export async function remindShelvedReviews(db: Kysely<Database>, clock: Clock): Promise<number> {
  const now = new Date(clock.nowMs()).toISOString();
  const today = toShanghaiDate(now);
  const due = await db
    .selectFrom('clue_parkings as p')
    .innerJoin('clues as c', 'c.id', 'p.clue_id')
    .select(['p.id', 'p.clue_id', 'p.review_on', 'c.number', 'c.keeper_id'])
    .where('p.status', '=', 'parked')
    .where('p.review_on', '<=', today)
    .where('p.due_notified_at', 'is', null)
    .where('c.status', '=', 'shelved')
    .limit(1000)
    .execute();
  for (const p of due) {
    const team = await db
      .selectFrom('clue_members')
      .select('user_id')
      .where('clue_id', '=', p.clue_id)
      .where('role', 'in', ['keeper', 'handler'])
      .where('removed_at', 'is', null)
      .execute();
    const users = p.keeper_id ? [p.keeper_id] : team.map((m) => m.user_id);
    await transact(db, async (trx) => {
      await notify(trx, now, users, {
        kind: 'clue_shelved_review_due',
        title: '暂存线索到期待复查',
        body: `${p.number} 暂存待查，复查日期 ${p.review_on}，请复查并决定继续暂存或重新提出处置意见。`,
        resourceType: 'clue',
        resourceId: p.clue_id,
        dedupeKey: `clue_shelved_review_due:${p.id}`,
      });
      await trx.updateTable('clue_parkings').set({ due_notified_at: now }).where('id', '=', p.id).execute();
    });
  }
  return due.length;
}

/** The parking job: `clues.shelved_review`, enqueued daily by `serve` and `worker`. */
export const shelvedJobs: readonly JobDefinition[] = [
  {
    kind: 'clues.shelved_review',
    every: 'day',
    async run(_payload, _job, env) {
      const told = await remindShelvedReviews(env.db, env.clock);
      if (told > 0) env.log.info({ told }, 'parked clues due for review');
    },
  },
];

type Eb = ExpressionBuilder<Database, never>;

/** Parked clues the person keeps or handles whose review is due, earliest first. */
async function shelvedDue(ctx: Ctx, limit: number): Promise<WorkbenchCardContent | null> {
  const userId = ctx.actor?.userId ?? '';
  const today = toShanghaiDate(nowIso(ctx));
  const base = ctx.db
    .selectFrom('clue_parkings as p')
    .innerJoin('clues as c', 'c.id', 'p.clue_id')
    .where('p.status', '=', 'parked')
    .where('p.review_on', '<=', today)
    .where('c.status', '=', 'shelved')
    .where((eb) => visibleWhere(ctx, cluePolicy, 'read', { alias: 'c' })(eb as Eb))
    .where((eb) =>
      eb.or([
        eb('c.keeper_id', '=', userId),
        eb(
          'c.id',
          'in',
          eb
            .selectFrom('clue_members as m')
            .select('m.clue_id')
            .where('m.user_id', '=', userId)
            .where('m.role', 'in', ['keeper', 'handler'])
            .where('m.removed_at', 'is', null),
        ),
      ]),
    );
  const [{ count, capped }, rows] = await Promise.all([
    countUpTo(ctx.db, base),
    base
      .select(['c.id', 'c.number', 'c.subject_name', 'p.review_on'])
      .orderBy('p.review_on')
      .orderBy('c.id')
      .limit(limit)
      .execute(),
  ]);
  if (count === 0) return null;
  return {
    count,
    countCapped: capped,
    href: '/clues?status=shelved',
    severity: 'warning',
    items: rows.map((r) => ({
      id: r.id,
      title: r.number,
      subtitle: r.subject_name,
      at: null,
      dueOn: r.review_on,
      overdue: r.review_on < today,
      href: `/clues/${r.id}`,
    })),
  };
}

/** The workbench card "暂存线索待复查". */
export const shelvedWorkbench: readonly WorkbenchProvider[] = [
  {
    key: 'clues.shelved_due',
    title: '暂存线索待复查',
    kind: 'todo',
    permissions: ['clue.manage'],
    load: (ctx, { limit }) => shelvedDue(ctx, limit),
  },
];
