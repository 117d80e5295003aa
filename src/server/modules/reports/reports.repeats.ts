/**
 * Repeats (重复件): a county's repeat window (a county setting, 90 days unless the county sets
 * another), the earlier reports offered to the officer as possible repeats of a report, and the
 * officer's decision. The same person in the same region is not yet the same matter, so nothing is
 * linked without the officer; a confirmed repeat gets no acknowledgement (JK 第二十六条) but keeps
 * its result feedback (JK 第二十七条) and, for a petition, its 信访 clocks (XF has no exemption).
 */
import { Int } from '../../http/schema.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { addDays, meetDeadline } from '../deadlines/index.js';
import { defineCountySetting } from '../settings/index.js';
import {
  DEFAULT_REPEAT_WINDOW_DAYS,
  type ReportCategory,
  type ReportKind,
  type ReportStatus,
} from './reports.model.js';
import { type ReportAction, reportPolicy } from './reports.policy.js';
import type { ReportRow } from './reports.tables.js';
import { addReportEvent } from './reports.service.js';

/** Longest repeat window a county may set, in days. */
export const MAX_REPEAT_WINDOW_DAYS = 365;

/**
 * A county's repeat window (a county setting): days back from a report's receipt within which
 * earlier reports are offered as repeats; reports received after a change are offered the new
 * window's candidates. Outside the caller's scope: FORBIDDEN.
 */
export const repeatWindow = defineCountySetting({
  keyPrefix: 'reports.repeat_window_days',
  field: 'repeatWindowDays',
  defaultValue: DEFAULT_REPEAT_WINDOW_DAYS,
  schema: Int('Days back within which earlier reports on the same person are offered as repeats', {
    min: 1,
    max: MAX_REPEAT_WINDOW_DAYS,
  }),
  invalidMessage: `重复件认定期限应为 1 至 ${MAX_REPEAT_WINDOW_DAYS} 天`,
});

/** The repeat window of a county (the default when it has set none, or for a null county). */
export async function repeatWindowDays(ctx: Ctx, countyCode: string | null): Promise<number> {
  return repeatWindow.valueOf(ctx, countyCode);
}

/** An earlier report offered as a possible repeat, with enough of its matter to judge. */
export interface RepeatCandidate {
  id: string;
  number: string | null;
  receivedAt: string;
  kind: ReportKind;
  status: ReportStatus;
  categories: ReportCategory[];
  subjectPosition: string | null;
  /** The first 120 characters of what was reported. */
  excerpt: string;
  /** The report it is itself a repeat of, if any (a confirmed link goes to that first report). */
  repeatOf: string | null;
}

/** What the officer is offered about a report's repeats. */
export interface RepeatOffer {
  repeatOf: string | null;
  /** When the officer decided (confirmed or rejected); null while undecided. */
  decidedAt: string | null;
  /** The county's window the candidates were searched in, in days. */
  windowDays: number;
  candidates: RepeatCandidate[];
}

/**
 * Earlier in-ledger reports of the same owner on the same person in the same region, received
 * within the county's window before `row` (the window's first day counts: day 90 of a 90-day
 * window is inside it), oldest first.
 */
async function candidatesOf(tx: Ctx, row: ReportRow, windowDays: number): Promise<RepeatCandidate[]> {
  const rows = await tx.db
    .selectFrom('reports')
    .select(['id', 'number', 'received_at', 'kind', 'status', 'categories', 'subject_position', 'content', 'repeat_of'])
    .where('owner_unit_id', '=', row.owner_unit_id)
    .where('subject_name', '=', row.subject_name)
    .where('region_code', '=', row.region_code)
    .where('in_ledger', '=', 1)
    .where('id', '!=', row.id)
    .where('received_on', '>=', addDays(row.received_on, -windowDays))
    .where('received_at', '<=', row.received_at)
    .orderBy('received_at')
    .orderBy('id')
    .limit(20)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    number: r.number,
    receivedAt: r.received_at,
    kind: r.kind as ReportKind,
    status: r.status as ReportStatus,
    categories: JSON.parse(r.categories) as ReportCategory[],
    subjectPosition: r.subject_position,
    excerpt: r.content.slice(0, 120),
    repeatOf: r.repeat_of,
  }));
}

/**
 * The earlier reports offered as repeats of report `id`, for a holder of report.manage in scope
 * (NOT_FOUND otherwise), with the current decision.
 */
export async function repeatOffer(ctx: Ctx, id: string): Promise<RepeatOffer> {
  const row = await loadInScope<ReportAction, ReportRow>(ctx, reportPolicy, id, 'manage');
  const windowDays = await repeatWindowDays(ctx, row.county_code);
  return {
    repeatOf: row.repeat_of,
    decidedAt: row.repeat_decided_at,
    windowDays,
    candidates: await candidatesOf(ctx, row, windowDays),
  };
}

/**
 * Records the officer's decision on a report's repeats: `repeatOf` an offered candidate confirms
 * the link (to the first report of the chain), null rejects the offer. A confirmed repeat gets no
 * acknowledgement (JK 第二十六条): its running acknowledgement clock stops; its feedback and
 * petition clocks stay. Only while the report is received or accepted. NOT_FOUND outside scope,
 * CONFLICT on a stale version, REPORT_STATE, VALIDATION_FAILED for a report not offered.
 */
export async function decideRepeat(
  ctx: Ctx,
  id: string,
  input: { version: number; repeatOf: string | null },
): Promise<RepeatOffer> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ReportAction, ReportRow>(tx, reportPolicy, id, 'manage', {
      version: input.version,
      forUpdate: true,
    });
    if (row.status !== 'received' && row.status !== 'accepted')
      throw domainError('REPORT_STATE', { status: row.status }, '只有待受理或已受理的件可以认定重复件');
    const windowDays = await repeatWindowDays(tx, row.county_code);
    const candidates = await candidatesOf(tx, row, windowDays);
    let repeatOf: string | null = null;
    if (input.repeatOf !== null) {
      const hit = candidates.find((c) => c.id === input.repeatOf);
      if (!hit) throw errors.validation({ field: 'repeatOf' }, '只能认定为所列的在先举报的重复件');
      repeatOf = hit.repeatOf ?? hit.id;
    }
    const now = nowIso(tx);
    const res = await tx.db
      .updateTable('reports')
      .set({
        repeat_of: repeatOf,
        repeat_decided_at: now,
        ...(repeatOf ? { ack_due_on: null } : {}),
        version: row.version + 1,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw errors.conflict();
    // JK 第二十六条: a repeat is not acknowledged again; the answer (feedback) is still owed.
    if (repeatOf) await meetDeadline(tx, 'report', id, 'ack');
    const number = repeatOf ? (candidates.find((c) => c.id === repeatOf)?.number ?? null) : null;
    await addReportEvent(tx, id, 'repeat_decided', {
      public: false,
      note: repeatOf ? `认定为${number ?? '在先举报'}的重复件` : '经核对，不是重复件',
    });
    await recordAudit(tx, {
      action: 'report.repeat_decide',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { repeat_of: [row.repeat_of, repeatOf] },
    });
    return { repeatOf, decidedAt: now, windowDays, candidates };
  });
}
