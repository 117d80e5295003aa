/** Intake's core: a new report routed, numbered, sealed and stored (both channels), its history steps, and finding it by receipt. */
import { randomInt } from 'node:crypto';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type RegionRow, type UnitRow, competentUnitIn } from '../org/index.js';
import { insertRow } from '../../db/insert-row.js';
import { recordAudit } from '../audit/index.js';
import { openDeadline } from '../deadlines/index.js';
import { commissionOf, issueNumber } from '../numbering/index.js';
import {
  type CommissionLeaderAnswer,
  type PublicSubjectRole,
  MAC_RECEIPT,
  type MessageAuthor,
  type ReportCategory,
  type ReportChannel,
  type ReportEvent,
  type ReportKind,
  type ReporterIdentity,
  type SourceBody,
  type SubjectAuthority,
  receiptContext,
  reporterContext,
} from './reports.model.js';
import { arg, runCompiled } from '../../db/compiled-query.js';
import type { ReportAbout } from './reports.about.js';

export * from './reports.model.js';

/** A receipt-page message as the API shows it. */
export interface MessageView {
  author: MessageAuthor;
  body: string;
  createdAt: string;
}

/** Presents a message row. */
export function presentMessage(m: { author: string; body: string; created_at: string }): MessageView {
  return { author: m.author as MessageAuthor, body: m.body, createdAt: m.created_at };
}

/** Returns a new 16-digit receipt code from the CSPRNG. */
export function newReceipt(): string {
  return String(randomInt(0, 100_000_000)).padStart(8, '0') + String(randomInt(0, 100_000_000)).padStart(8, '0');
}

/** Which cadre authority decides the competent body for a report about a region of `level`. */
function authorityForLevel(level: string): SubjectAuthority | null {
  if (level === 'village' || level === 'villager_group') return 'village_cadre';
  if (level === 'township') return 'township_managed';
  if (level === 'county') return 'county_managed';
  return null;
}

/**
 * Appends one step to a report's history: one row per step, whatever it carries. `note` is what
 * the reporter reads on a public step; `staffNote` only staff read (the receipt page never does).
 */
export async function addReportEvent(
  tx: Ctx,
  reportId: string,
  event: ReportEvent,
  opts: { public: boolean; note?: string | null; staffNote?: string | null | undefined },
): Promise<void> {
  await insertRow(tx.db, 'report_events', {
    id: newId(),
    report_id: reportId,
    event,
    public: opts.public ? 1 : 0,
    note: opts.note ?? null,
    staff_note: opts.staffNote ?? null,
    actor_user_id: tx.actor?.userId ?? null,
    created_at: nowIso(tx),
  });
}

/** Everything a new report needs, from either the public pages or staff intake. */
export interface NewReport {
  channel: ReportChannel;
  kind: ReportKind;
  categories: ReportCategory[];
  regionCode: string;
  /** Null: decided by the region's level (public reports). */
  subjectAuthority: SubjectAuthority | null;
  /** Routes as this authority instead (a public answer that is not certain enough to store). */
  routeAs?: SubjectAuthority | undefined;
  /** The person leads the commission that would handle the report (JK 第十五条: one level up). */
  commissionLeader?: boolean | undefined;
  subjectId: string | null;
  subject: { name: string; position?: string | undefined; employer?: string | undefined };
  content: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  amountFen?: number | undefined;
  reporter: ReporterIdentity | null;
  sourceBody?: SourceBody | undefined;
  sourceRef?: string | undefined;
  assigned?: boolean | undefined;
  details?: Record<string, unknown> | undefined;
  /** The published record the report is about (its label also goes into `details.about`). */
  about?: ReportAbout | undefined;
  /**
   * The unit competent instead of the one found by region and authority (a department's dispatched
   * group, named by the record the report is about). Taken only when it is an active handling
   * unit (a commission, township commission or dispatched group) of the report's county.
   */
  competentUnitId?: string | undefined;
  /** The unit the staff member registers for; its scope decides whether the report stays. */
  receivingUnit?: UnitRow | undefined;
  /** Whether the receiving staff member's scope covers a unit (routing down is allowed then). */
  covers?: ((unit: UnitRow) => boolean) | undefined;
}

/** Where a new report goes: its owner, whether it enters the ledger, and which clocks start. */
interface Routing {
  region: RegionRow;
  owner: UnitRow;
  /** The commission that took the report in and numbers it (the owner for public reports). */
  receiving?: UnitRow | undefined;
  inLedger: boolean;
  /** The report must be sent to a higher organ (JK 第十五条). */
  transferUp: boolean;
  /** The report was routed down to a lower unit that must accept it (JK 第十六条). */
  routedDown: boolean;
  /** Staff intake sent the report straight to the commission above (a report on a commission's leader). */
  routedUp: boolean;
}

/** The active commission of a region (a city's commission for a city-level report), or null. */
async function commissionInRegion(tx: Ctx, regionCode: string): Promise<UnitRow | null> {
  return (
    (await tx.db
      .selectFrom('units')
      .selectAll()
      .where('kind', '=', 'commission')
      .where('region_code', '=', regionCode)
      .where('active', '=', 1)
      .executeTakeFirst()) ?? null
  );
}

/**
 * The commission one level above `competent` that handles reports on its leader (JK 第十五条),
 * when the platform holds it: the county commission above a township commission. A county
 * commission's leader is managed above the county, off the platform: null.
 */
async function commissionAbove(tx: Ctx, competent: UnitRow): Promise<UnitRow | null> {
  if (competent.kind !== 'township_commission' || !competent.parent_id) return null;
  const above = await commissionOf(tx, competent.parent_id);
  return above.kind === 'commission' && above.county_code === competent.county_code ? above : null;
}

/** Kinds of unit that handle reports (a competent unit named by a published record must be one). */
const HANDLING_KINDS = ['commission', 'township_commission', 'dispatched_group'];

/**
 * The unit named competent by the published record (`input.competentUnitId`), when it is an
 * active handling unit of the region's county; null otherwise (routing then goes by region).
 */
async function namedCompetentUnit(tx: Ctx, input: NewReport, region: RegionRow): Promise<UnitRow | null> {
  if (!input.competentUnitId || !region.county_code) return null;
  const unit = await tx.db
    .selectFrom('units')
    .selectAll()
    .where('id', '=', input.competentUnitId)
    .where('active', '=', 1)
    .where('county_code', '=', region.county_code)
    .where('kind', 'in', HANDLING_KINDS)
    .executeTakeFirst();
  return unit ?? null;
}

async function route(tx: Ctx, input: NewReport): Promise<Routing> {
  const region = (
    await runCompiled(
      tx.db,
      'reports.route.region',
      (d) => d.selectFrom('regions').selectAll().where('code', '=', arg<string>(0)),
      [input.regionCode],
    )
  ).rows[0];
  if (!region) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
  const receiving = input.receivingUnit ? await commissionOf(tx, input.receivingUnit.id) : undefined;
  const none = { routedDown: false, routedUp: false };
  // A city-level matter is for the city's organ: staff keep it as a transfer record to send up
  // (JK 第十五条); a public report is held for the city commission as such a record.
  if (region.level === 'city') {
    const owner = receiving ?? (await commissionInRegion(tx, region.code));
    if (!owner) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' }, '该区划没有对应的纪检监察机关');
    return { region, owner, receiving, inLedger: false, transferUp: true, ...none };
  }
  const authority = input.routeAs ?? input.subjectAuthority ?? authorityForLevel(region.level);
  if (!authority) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' });
  let higher = authority === 'higher';
  let competent =
    (higher || input.commissionLeader ? null : await namedCompetentUnit(tx, input, region)) ??
    (await competentUnitIn(tx, region, higher ? 'county_managed' : authority));
  if (!competent) throw domainError('INVALID_REGION_CODE', { field: 'regionCode' }, '该区划没有对应的纪检监察机关');
  // JK 第十五条: a report on the leader of the commission that would handle it goes one level up:
  // to the county commission on the platform, or (a county commission's leader) to the organ
  // above the county, as a transfer record.
  let leaderUp = false;
  if (input.commissionLeader && !higher) {
    const above = await commissionAbove(tx, competent);
    if (above) {
      competent = above;
      leaderUp = true;
    } else higher = true;
  }
  if (!receiving) return { region, owner: competent, inLedger: !higher, transferUp: higher, ...none };
  // Staff intake: a person managed above the county, or a competent body outside the receiving
  // officer's reach, stays with the receiving unit only as a record to send up within 5 WD. A
  // report on a commission's leader goes up at once: it must not stay with the leader's own.
  if (higher || (!leaderUp && !(input.covers?.(competent) ?? false)))
    return { region, owner: receiving, receiving, inLedger: false, transferUp: true, ...none };
  const moved = competent.id !== receiving.id;
  return {
    region,
    owner: competent,
    receiving,
    inLedger: true,
    transferUp: false,
    routedDown: moved && !leaderUp,
    routedUp: moved && leaderUp,
  };
}

/**
 * How a public submission routes: the reporter's plain answer about the person (村干部 / 乡镇干部 /
 * 县直部门干部 / 不清楚) and whether they lead a commission, as the authority stored on the report
 * (only what the answer makes certain) and the authority it is routed by. Township cadres include
 * county-managed ones (the township head), so they go to the county commission, like "not sure",
 * whose intake office routes on; a township commission's leader goes to the county commission and
 * a county commission's leader above the county (JK 第十五条). No answer: by the region's level.
 */
export function publicRouting(
  role: PublicSubjectRole | undefined,
  leader: CommissionLeaderAnswer | undefined,
): { subjectAuthority: SubjectAuthority | null; routeAs: SubjectAuthority | undefined } {
  if (leader === 'county_commission') return { subjectAuthority: 'higher', routeAs: undefined };
  if (leader === 'township_commission') return { subjectAuthority: null, routeAs: 'county_managed' };
  if (role === 'village_cadre') return { subjectAuthority: 'village_cadre', routeAs: undefined };
  if (role === 'county_department') return { subjectAuthority: 'county_managed', routeAs: undefined };
  if (role === 'township_cadre' || role === 'unknown') return { subjectAuthority: null, routeAs: 'county_managed' };
  return { subjectAuthority: null, routeAs: undefined };
}

/** The stored outcome of a new report. */
export interface CreatedReport {
  id: string;
  number: string;
  receipt: string;
  receivedAt: string;
  ackDueOn: string | null;
  ownerUnitId: string;
  repeatOf: string | null;
  inLedger: boolean;
}

/**
 * Stores a new report in the caller's transaction: routes it by region and cadre authority,
 * numbers it in its commission's series, seals the reporter's identity, starts
 * the clocks the rules require and records the audit event. The receipt exists in the database
 * only as a keyed hash (plus a sealed copy when an idempotency key asks for replays).
 */
export async function createReport(tx: Ctx, input: NewReport, idempotencyHash: string | null): Promise<CreatedReport> {
  if (input.reporter && !input.reporter.phone)
    throw errors.validation({ field: 'reporter.phone' }, '实名举报须留联系电话');
  const routing = await route(tx, input);
  const { region, owner } = routing;
  const id = newId();
  const receivedAt = nowIso(tx);
  const receivedOn = toShanghaiDate(receivedAt);
  const receipt = newReceipt();
  const number = await issueNumber(tx, routing.receiving ?? owner, 'report', receivedAt);
  // Repeats are not linked here: the same person in the same region is not yet the same matter.
  // The officer is offered the earlier reports and decides (reports.repeats.ts).
  const repeatOf = null;
  const scoped = {
    owner_unit_id: owner.id,
    owner_unit_path: owner.path,
    region_path: region.path,
    county_code: region.county_code ?? owner.county_code,
  };
  const named = input.reporter !== null;
  // Clocks (reference/domain-rules.md §9). They are rows keyed by the report's id, opened before
  // the report's own row so its acknowledgement date goes in with the first write.
  const clock = { resourceType: 'report', resourceId: id, startAt: receivedAt, owner: scoped };
  let ackDueOn: string | null = null;
  if (routing.transferUp) await openDeadline(tx, { ...clock, kind: 'transfer_up' });
  else {
    // A named accusation is acknowledged within 15 working days (JK 第二十六条; a confirmed repeat
    // is not: linking it stops the clock). A petition is registered and the petitioner told within
    // 15 days (XF 第二十三条), repeat or not (XF has no exemption); that is a named petitioner's
    // acknowledgement.
    if (named && input.kind === 'accusation') ackDueOn = await openDeadline(tx, { ...clock, kind: 'ack' });
    if (input.kind === 'petition') {
      const registerDue = await openDeadline(tx, { ...clock, kind: 'register' });
      if (named) ackDueOn = registerDue;
    }
    if (routing.routedDown) await openDeadline(tx, { ...clock, kind: 'accept' });
    if (input.assigned) await openDeadline(tx, { ...clock, kind: 'assignment' });
  }
  await insertRow(tx.db, 'reports', {
    id,
    number,
    channel: input.channel,
    kind: input.kind,
    anonymous: named ? 0 : 1,
    status: 'received',
    region_code: region.code,
    ...scoped,
    source_body: input.sourceBody ?? null,
    source_ref: input.sourceRef ?? null,
    categories: JSON.stringify(input.categories),
    subject_id: input.subjectId,
    subject_authority: input.subjectAuthority,
    subject_name: input.subject.name,
    subject_position: input.subject.position ?? null,
    subject_employer: input.subject.employer ?? null,
    content: input.content,
    occurred_on: input.occurredOn ?? null,
    place: input.place ?? null,
    amount_fen: input.amountFen ?? null,
    reporter_enc: input.reporter ? tx.keyring.seal(JSON.stringify(input.reporter), reporterContext(id)) : null,
    receipt_hash: tx.keyring.mac(MAC_RECEIPT, receipt),
    receipt_enc: idempotencyHash ? tx.keyring.seal(receipt, receiptContext(id)) : null,
    idempotency_hash: idempotencyHash,
    received_at: receivedAt,
    received_on: receivedOn,
    in_ledger: routing.inLedger ? 1 : 0,
    assigned: input.assigned ? 1 : 0,
    details: input.details ? JSON.stringify(input.details) : null,
    about_kind: input.about?.kind ?? null,
    about_id: input.about?.id ?? null,
    ack_due_on: ackDueOn,
    acked_at: null,
    repeat_of: repeatOf,
    repeat_decided_at: null,
    transferred_to: routing.routedDown || routing.routedUp ? owner.name : null,
    transfer_from_unit_id: routing.routedDown || routing.routedUp ? (routing.receiving?.id ?? null) : null,
    disposition: null,
    disposition_note: null,
    clue_id: null,
    closed_at: null,
    rating: null,
    rated_at: null,
    recheck_requested_at: null,
    recheck_reason: null,
    recheck_forwarded_to: null,
    created_by: tx.actor?.userId ?? null,
    version: 1,
    created_at: receivedAt,
    updated_at: receivedAt,
  });

  await addReportEvent(tx, id, 'received', { public: true });
  await recordAudit(tx, { action: 'report.submit', resourceType: 'report', resourceId: id, unitId: owner.id });
  return { id, number, receipt, receivedAt, ackDueOn, ownerUnitId: owner.id, repeatOf, inLedger: routing.inLedger };
}

/**
 * Finds the report of a receipt. A wrong receipt costs the same work as a right one: the keyed
 * hash is always computed and the same queries always run.
 */
export async function reportByReceipt(ctx: Ctx, receipt: string) {
  const hash = ctx.keyring.mac(MAC_RECEIPT, receipt);
  return ctx.db
    .selectFrom('reports')
    .select([
      'id',
      'status',
      'kind',
      'received_at',
      'closed_at',
      'channel',
      'anonymous',
      'owner_unit_id',
      'rating',
      'recheck_requested_at',
      'recheck_answered_at',
      'review_requested_at',
      'review_unit_id',
      'version',
    ])
    .where('receipt_hash', '=', hash)
    .executeTakeFirst();
}

/** Finds the report behind a receipt inside a transaction, or NOT_FOUND. */
export async function requireByReceipt(tx: Ctx, receipt: string) {
  const row = await reportByReceipt(tx, receipt);
  if (!row) throw errors.notFound();
  return row;
}
