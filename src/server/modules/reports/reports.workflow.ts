import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { UnitRow } from '../org/index.js';
import { forwardedReviewBody, markAnswered, requireReviewReviewer } from './reports.review.js';
import { inScope } from '../../shared/scope.js';
import { loadInScope } from '../access/index.js';
import { type SubjectAction, type SubjectRow, subjectPolicy } from '../people/index.js';
import type { ReportRow } from './reports.tables.js';
import { type ReportAction, forwardTargetPolicy, reportPolicy } from './reports.policy.js';
import { recordAudit } from '../audit/index.js';
import {
  type DeadlineKind,
  clockOf,
  extendDeadline,
  meetAllDeadlines,
  meetDeadline,
  moveDeadlines,
  openDeadline,
  restartDeadline,
} from '../deadlines/index.js';
import { notify, usersCovering } from '../notifications/index.js';
import { registerClue } from '../clues/index.js';
import {
  type CreatedReport,
  type Disposition,
  type ReportCategory,
  type ReportKind,
  type ReportStatus,
  type ReporterIdentity,
  type SourceBody,
  type StaffChannel,
  type SubjectAuthority,
  MAC_IDEMPOTENCY,
  addReportEvent,
  createReport,
  receiptContext,
} from './reports.service.js';

/** A unit as the in-memory scope test sees it (its own owner). */
function asOwner(unit: UnitRow) {
  return { owner_unit_id: unit.id, owner_unit_path: unit.path, region_path: unit.region_path };
}

/** Staff registration of a report received by visit, letter, phone, informant or transfer. */
export interface RegisterInput {
  channel: StaffChannel;
  kind: ReportKind;
  categories: ReportCategory[];
  regionCode: string;
  subjectAuthority: SubjectAuthority;
  /** The person leads the commission that would handle the report: it goes one level up (JK 第十五条). */
  subjectIsCommissionLeader?: boolean | undefined;
  subjectId?: string | undefined;
  subject: { name: string; position?: string | undefined; employer?: string | undefined };
  content: string;
  occurredOn?: string | undefined;
  place?: string | undefined;
  amountFen?: number | undefined;
  reporter?: ReporterIdentity | undefined;
  sourceBody?: SourceBody | undefined;
  sourceRef?: string | undefined;
  assigned?: boolean | undefined;
  visitors?: number | undefined;
  receptionPlace?: string | undefined;
  demands?: string | undefined;
}

/**
 * Registers a report taken in by staff. The person reported may be linked to a subject record
 * in scope; the report goes to the competent body when the officer's scope reaches it, or stays
 * as a record to send up within 5 working days. A transfer needs its source body; an assignment
 * (交办) only comes from a higher commission.
 */
export async function registerReport(ctx: Ctx, input: RegisterInput, idempotencyKey?: string): Promise<CreatedReport> {
  const actor = requireActor(ctx);
  // A double tap with the same key returns the first registration (keys are per account).
  const idempotencyHash = idempotencyKey ? ctx.keyring.mac(MAC_IDEMPOTENCY, `${actor.userId}:${idempotencyKey}`) : null;
  if (idempotencyHash) {
    const first = await replayRegistration(ctx, idempotencyHash);
    if (first) return first;
  }
  if (input.channel === 'transfer' && !input.sourceBody)
    throw errors.validation({ field: 'sourceBody' }, '移送件须填写移送机关');
  if (input.channel !== 'transfer' && (input.sourceBody || input.sourceRef))
    throw errors.validation({ field: 'sourceBody' }, '只有移送件填写移送机关和来文编号');
  if (input.assigned && input.sourceBody !== 'higher_commission')
    throw errors.validation({ field: 'assigned' }, '交办件只能来自上级纪委监委');
  if (input.channel === 'visit' && input.visitors !== undefined && input.visitors > 5 && !input.reporter)
    throw errors.validation({ field: 'visitors' }, '多人来访须登记代表信息');
  const scope = scopeFor(ctx, 'report.manage');
  return inTransaction(ctx, async (tx) => {
    const receivingUnit = actor.unitId
      ? await tx.db.selectFrom('units').selectAll().where('id', '=', actor.unitId).executeTakeFirst()
      : undefined;
    if (!receivingUnit) throw errors.forbidden('report.manage');
    let subject = input.subject;
    let authority = input.subjectAuthority;
    if (input.subjectId) {
      const s = await loadInScope<SubjectAction, SubjectRow>(tx, subjectPolicy, input.subjectId, 'read');
      subject = { name: s.name, position: s.position, employer: s.employer };
      authority = s.cadre_authority as SubjectAuthority;
    }
    const details: Record<string, unknown> = {};
    if (input.visitors !== undefined) details.visitors = input.visitors;
    if (input.receptionPlace) details.receptionPlace = input.receptionPlace;
    if (input.demands) details.demands = input.demands;
    if (input.subjectIsCommissionLeader) details.leadsCommission = true;
    return createReport(
      tx,
      {
        channel: input.channel,
        kind: input.kind,
        categories: [...new Set(input.categories)],
        regionCode: input.regionCode,
        subjectAuthority: authority,
        commissionLeader: input.subjectIsCommissionLeader,
        subjectId: input.subjectId ?? null,
        subject,
        content: input.content,
        occurredOn: input.occurredOn,
        place: input.place,
        amountFen: input.amountFen,
        reporter: input.reporter ?? null,
        sourceBody: input.sourceBody,
        sourceRef: input.sourceRef,
        assigned: input.assigned,
        details: Object.keys(details).length > 0 ? details : undefined,
        receivingUnit,
        // Routing, not access: whether the competent body lies within the officer's reach decides
        // if the report goes down to it or stays here as a record to send up (JK 第十五条).
        covers: (unit) => inScope(scope, asOwner(unit)),
      },
      idempotencyHash,
    );
  }).catch(async (err: unknown) => {
    const first = idempotencyHash ? await replayRegistration(ctx, idempotencyHash) : null;
    if (first) return first;
    throw err;
  });
}

async function replayRegistration(ctx: Ctx, idempotencyHash: string): Promise<CreatedReport | null> {
  const row = await ctx.db
    .selectFrom('reports')
    .select(['id', 'number', 'receipt_enc', 'received_at', 'ack_due_on', 'owner_unit_id', 'repeat_of', 'in_ledger'])
    .where('idempotency_hash', '=', idempotencyHash)
    .executeTakeFirst();
  if (!row?.receipt_enc || !row.number) return null;
  return {
    id: row.id,
    number: row.number,
    receipt: ctx.keyring.openText(row.receipt_enc, receiptContext(row.id)),
    receivedAt: row.received_at,
    ackDueOn: row.ack_due_on,
    ownerUnitId: row.owner_unit_id,
    repeatOf: row.repeat_of,
    inLedger: row.in_ledger === 1,
  };
}

/**
 * Loads a report for a staff step through the report policy: in the caller's report.manage scope
 * (NOT_FOUND otherwise), at `version` (CONFLICT otherwise) and locked for the transaction.
 */
export async function loadForUpdate(tx: Ctx, id: string, version: number): Promise<ReportRow> {
  return loadInScope<ReportAction, ReportRow>(tx, reportPolicy, id, 'manage', { version, forUpdate: true });
}

/** Refuses a step on a report whose status is not one of `allowed` (REPORT_STATE). */
export function requireStatus(row: ReportRow, allowed: ReportStatus[]): void {
  if (!allowed.includes(row.status as ReportStatus)) throw domainError('REPORT_STATE', { status: row.status, allowed });
}

/**
 * Writes a staff step's change to a report at its version (CONFLICT when it moved meanwhile) and
 * its audit event, in the caller's transaction.
 */
export async function update(
  tx: Ctx,
  row: ReportRow,
  set: Partial<Omit<ReportRow, 'id' | 'version' | 'updated_at'>>,
  action: string,
  changes: Record<string, [unknown, unknown]> = {},
): Promise<void> {
  const now = nowIso(tx);
  const res = await tx.db
    .updateTable('reports')
    .set({ ...set, version: row.version + 1, updated_at: now })
    .where('id', '=', row.id)
    .where('version', '=', row.version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw errors.conflict();
  await recordAudit(tx, {
    action,
    resourceType: 'report',
    resourceId: row.id,
    unitId: set.owner_unit_id ?? row.owner_unit_id,
    changes: { status: [row.status, set.status ?? row.status], ...changes },
  });
}

/** The steps that end the running clocks a decision satisfies. */
async function meetDecisionClocks(tx: Ctx, id: string): Promise<void> {
  for (const kind of ['ack', 'accept', 'register'] as DeadlineKind[]) await meetDeadline(tx, 'report', id, kind);
}

/**
 * Accepts a received report (受理). The named reporter's acknowledgement, a transferred
 * report's acceptance and a petition's registration clocks stop; a petition's 60-day handling
 * clock starts (XF 第三十四条). Optional corrections of kind and categories come with it.
 */
export async function acceptReport(
  ctx: Ctx,
  id: string,
  input: {
    version: number;
    kind?: ReportKind | undefined;
    categories?: ReportCategory[] | undefined;
    note?: string | undefined;
  },
): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await loadForUpdate(tx, id, input.version);
    requireStatus(row, ['received']);
    if (row.in_ledger === 0)
      throw domainError('REPORT_STATE', { reason: 'transfer_up' }, '该件须报送上级机关，不能在本级受理');
    const kind = input.kind ?? (row.kind as ReportKind);
    await update(
      tx,
      row,
      {
        status: 'accepted',
        kind,
        categories: input.categories ? JSON.stringify([...new Set(input.categories)]) : row.categories,
        acked_at: nowIso(tx),
      },
      'report.accept',
      { kind: [row.kind, kind] },
    );
    await meetDecisionClocks(tx, id);
    // A repeat petition is handled within 60 days too (XF has no exemption).
    if (kind === 'petition')
      await openDeadline(tx, {
        resourceType: 'report',
        resourceId: id,
        kind: 'handle',
        startAt: nowIso(tx),
        owner: row,
      });
    // One acceptance, one step: the reporter sees it, the officer's note is kept on it for staff only.
    await addReportEvent(tx, id, 'accepted', { public: true, staffNote: input.note ?? null });
  });
}

/**
 * Forwards a report (转办): down to a lower commission in the system, which must accept it
 * within 5 working days (JK 第十六条), or out to the competent department with a forwarding slip
 * (JK 第十三条), which closes it here. A report is never closed as "not ours": it goes somewhere.
 */
export async function forwardReport(
  ctx: Ctx,
  id: string,
  input: { version: number; toUnitId?: string | undefined; toBody?: string | undefined; note?: string | undefined },
): Promise<void> {
  if (!input.toUnitId === !input.toBody)
    throw errors.validation({ field: 'toUnitId' }, '请选择转往的下级机关或填写主管部门（二选一）');
  await inTransaction(ctx, async (tx) => {
    const row = await loadForUpdate(tx, id, input.version);
    requireStatus(row, ['received', 'accepted']);
    if (input.toUnitId) {
      const unit = await loadInScope<'forward', UnitRow>(tx, forwardTargetPolicy, input.toUnitId, 'forward');
      if (unit.id === row.owner_unit_id || !unit.path.startsWith(row.owner_unit_path))
        throw errors.validation({ field: 'toUnitId' }, '只能转往本机关的下级纪检监察机关');
      if (unit.kind !== 'township_commission' && unit.kind !== 'commission')
        throw errors.validation({ field: 'toUnitId' }, '只能转往纪检监察机关');
      const owner = {
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: row.region_path,
        county_code: row.county_code,
      };
      await update(
        tx,
        row,
        { status: 'received', ...owner, transfer_from_unit_id: row.owner_unit_id, transferred_to: unit.name },
        'report.forward_down',
        { owner_unit_id: [row.owner_unit_id, unit.id] },
      );
      await moveDeadlines(tx, 'report', id, owner);
      await restartDeadline(tx, { resourceType: 'report', resourceId: id, kind: 'accept', startAt: nowIso(tx), owner });
      await addReportEvent(tx, id, 'forwarded_down', { public: true });
      if (input.note) await addReportEvent(tx, id, 'forwarded_down', { public: false, note: input.note });
      const users = await usersCovering(tx.db, tx.clock.nowMs(), 'report.manage', owner);
      await notify(tx.db, nowIso(tx), users, {
        kind: 'report_transferred_in',
        title: '收到转办件',
        body: `${row.number ?? ''}（${row.subject_name}）已转至${unit.name}，请于 5 个工作日内受理或转出。`,
        resourceType: 'report',
        resourceId: id,
        dedupeKey: `forward:${id}:${row.version}`,
      });
      return;
    }
    const now = nowIso(tx);
    await update(
      tx,
      row,
      {
        status: 'forwarded',
        disposition: 'forward',
        transferred_to: input.toBody ?? null,
        disposition_note: input.note ?? null,
        closed_at: now,
      },
      'report.forward',
      { transferred_to: [null, input.toBody] },
    );
    await meetAllDeadlines(tx, 'report', id);
    await addReportEvent(tx, id, 'forwarded', { public: true, note: `已转交${input.toBody ?? ''}办理` });
  });
}

/**
 * Starts the result-feedback clock of a closed named accusation (JK 第二十七条), a repeat too: only
 * the acknowledgement is spared for repeats (JK 第二十六条), not the answer.
 */
export async function startFeedbackClock(tx: Ctx, row: ReportRow, closedAt: string): Promise<void> {
  if (row.anonymous === 1 || row.kind !== 'accusation') return;
  await openDeadline(tx, {
    resourceType: 'report',
    resourceId: row.id,
    kind: 'feedback',
    startAt: closedAt,
    owner: row,
  });
}

/**
 * Disposes of an accepted report: registers it as a clue (a numbered clue record linked to the
 * report), concludes it with a reason, or keeps it on file (repeats, reports without
 * substance). Forwarding is `forwardReport`. Returns the clue number for a clue.
 */
export async function disposeReport(
  ctx: Ctx,
  id: string,
  input: { version: number; disposition: Exclude<Disposition, 'forward'>; note: string },
): Promise<{ clueId: string | null; clueNumber: string | null }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadForUpdate(tx, id, input.version);
    requireStatus(row, ['accepted']);
    const now = nowIso(tx);
    if (input.disposition === 'clue') {
      const { id: clueId, number } = await registerClue(tx, {
        reportId: id,
        subjectName: row.subject_name,
        subjectId: row.subject_id,
        summary: input.note,
        ownerUnitId: row.owner_unit_id,
        ownerUnitPath: row.owner_unit_path,
        regionPath: row.region_path,
        countyCode: row.county_code,
        // The clue ledger records the source, categories, region, amount and the person in full.
        sourceRef: row.number,
        categories: JSON.parse(row.categories) as string[],
        regionCode: row.region_code,
        amountFen: row.amount_fen,
        subjects: [
          {
            subjectId: row.subject_id,
            name: row.subject_name,
            position: row.subject_position,
            employer: row.subject_employer,
            authority: row.subject_authority,
            regionCode: row.region_code,
          },
        ],
      });
      await update(
        tx,
        row,
        { status: 'in_handling', disposition: 'clue', clue_id: clueId, disposition_note: input.note },
        'report.register_clue',
        {
          clue_number: [null, number],
        },
      );
      await addReportEvent(tx, id, 'clue_registered', { public: true, note: '已依规处置，正在办理' });
      return { clueId, clueNumber: number };
    }
    const status: ReportStatus = input.disposition === 'conclude' ? 'concluded' : 'kept_on_file';
    await update(
      tx,
      row,
      { status, disposition: input.disposition, disposition_note: input.note, closed_at: now },
      `report.${input.disposition}`,
    );
    await meetAllDeadlines(tx, 'report', id);
    await startFeedbackClock(tx, row, now);
    await addReportEvent(tx, id, status === 'concluded' ? 'concluded' : 'kept_on_file', {
      public: true,
      note: status === 'concluded' ? '已办结' : '已留存备查',
    });
    return { clueId: null, clueNumber: null };
  });
}

/** Concludes a report whose clue has been dealt with, recording the result (办结). */
export async function concludeReport(ctx: Ctx, id: string, input: { version: number; result: string }): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await loadForUpdate(tx, id, input.version);
    requireStatus(row, ['in_handling']);
    const now = nowIso(tx);
    await update(tx, row, { status: 'concluded', disposition_note: input.result, closed_at: now }, 'report.conclude');
    await meetAllDeadlines(tx, 'report', id);
    await startFeedbackClock(tx, row, now);
    await addReportEvent(tx, id, 'concluded', { public: true, note: '已办结' });
  });
}

/**
 * Refuses a re-check step by anyone whose scope does not reach the re-check clock's owner, the
 * commission above the original handler (XF 第三十五条; the original handlers do not re-check
 * their own case, GZ 第五十九条). A re-check forwarded off the platform (nobody on it works for
 * the higher organ) is tracked by the owning commission, which records the higher organ's
 * opinion: the caller's scope over the report, checked before, is enough.
 */
async function requireRecheckReviewer(
  tx: Ctx,
  row: { id: string; recheck_forwarded_to: string | null },
): Promise<void> {
  if (row.recheck_forwarded_to) return;
  const clock = await clockOf(tx, 'report', row.id, 'recheck');
  // Not an access check (the report was loaded in scope): which organ answers the re-check, tested
  // on the clock the deadlines module holds for it.
  if (clock && !inScope(scopeFor(tx, 'report.manage'), clock))
    throw domainError(
      'REPORT_STATE',
      { reason: 'recheck_by_higher_organ' },
      '复查由上一级机关办理，原办理单位不能答复或延期',
    );
}

/** Display name of the unit a re-check was forwarded to. */
async function forwardedOrganName(tx: Ctx, unitId: string): Promise<string> {
  const unit = await tx.db
    .selectFrom('units')
    .select(['name', 'short_name'])
    .where('id', '=', unitId)
    .executeTakeFirstOrThrow();
  return unit.short_name ?? unit.name;
}

/** A `YYYY-MM-DD` date (or an instant's date in China) as the reporter reads it: 2027年2月18日. */
function chineseDay(date: string): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** Purposes of a staff reply on the receipt page. */
export const REPLY_PURPOSES = ['message', 'feedback', 'recheck_answer', 'review_answer'] as const;
/** A reply purpose. */
export type ReplyPurpose = (typeof REPLY_PURPOSES)[number];

/**
 * Posts a staff reply the reporter reads on the receipt page. As `feedback` it is the result
 * feedback of a closed report and stops that clock; as `recheck_answer` it answers the re-check,
 * as `review_answer` the review (复核, XF 第三十六条), which closes it.
 */
export async function replyToReporter(
  ctx: Ctx,
  id: string,
  input: { body: string; purpose: ReplyPurpose; reviewerRef?: string | undefined },
): Promise<{ createdAt: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ReportAction, ReportRow>(tx, reportPolicy, id, 'manage');
    const closed = row.closed_at !== null;
    if (input.purpose === 'feedback' && !closed)
      throw domainError('REPORT_STATE', { status: row.status }, '办结后才能反馈结果');
    if (input.purpose === 'recheck_answer' && !row.recheck_requested_at)
      throw domainError('REPORT_STATE', { status: row.status }, '举报人未申请复查');
    let body = input.body;
    if (input.purpose === 'recheck_answer') {
      await requireRecheckReviewer(tx, row);
      // A forwarded re-check is answered by the higher organ's written opinion: the reply records
      // it under that organ's name and document number, never as the original handler's own word.
      if (row.recheck_forwarded_to) {
        const ref = input.reviewerRef?.trim();
        if (!ref) throw errors.validation({ field: 'reviewerRef' }, '复查由上一级机关办理：请填写其复查意见的文号');
        body = `【${await forwardedOrganName(tx, row.recheck_forwarded_to)}复查意见 ${ref}】\n${input.body}`;
      }
    }
    if (input.purpose === 'review_answer') {
      await requireReviewReviewer(tx, row);
      if (row.review_forwarded_to) {
        const ref = input.reviewerRef?.trim();
        if (!ref) throw errors.validation({ field: 'reviewerRef' }, '复核由上一级机关办理：请填写其复核意见的文号');
        body = await forwardedReviewBody(tx, row.review_forwarded_to, ref, input.body);
      }
    }
    const createdAt = nowIso(tx);
    await tx.db
      .insertInto('report_messages')
      .values({ id: newId(), report_id: id, author: 'staff', body, created_at: createdAt })
      .execute();
    if (input.purpose === 'feedback') {
      await meetDeadline(tx, 'report', id, 'feedback');
      await addReportEvent(tx, id, 'feedback_given', { public: true });
    }
    if (input.purpose === 'recheck_answer') {
      await meetDeadline(tx, 'report', id, 'recheck');
      await markAnswered(tx, id, 'recheck', createdAt);
      await addReportEvent(tx, id, 'recheck_answered', { public: true });
    }
    if (input.purpose === 'review_answer') {
      await meetDeadline(tx, 'report', id, 'petition_review');
      await markAnswered(tx, id, 'review', createdAt);
      await addReportEvent(tx, id, 'review_answered', { public: true });
    }
    await recordAudit(tx, {
      action: input.purpose === 'message' ? 'report.reply' : `report.${input.purpose}`,
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      ...((input.purpose === 'recheck_answer' && row.recheck_forwarded_to) ||
      (input.purpose === 'review_answer' && row.review_forwarded_to)
        ? { changes: { reviewer_ref: [null, input.reviewerRef?.trim() ?? null] } }
        : {}),
    });
    return { createdAt };
  });
}

/**
 * Extends a running clock by the next step of its timer rule (petition handling +30 days, an
 * assignment +3 months, then further with the higher organ's approval), approved by a holder of
 * the rule's role (default: the caller; DEADLINE_APPROVER_ROLE otherwise), with the reason.
 */
export async function extendReportDeadline(
  ctx: Ctx,
  id: string,
  input: {
    kind: 'handle' | 'assignment' | 'recheck';
    reason: string;
    approverId?: string | undefined;
    amount?: number | undefined;
  },
): Promise<{ dueOn: string }> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<ReportAction, ReportRow>(tx, reportPolicy, id, 'manage');
    // XF 第三十五条 gives the re-check 30 days and no extension (复核 alone pauses for a hearing).
    if (input.kind === 'recheck')
      throw domainError('REPORT_STATE', { kind: input.kind, reason: 'recheck_not_extendable' }, '复查答复期限不能延长');
    const dueOn = await extendDeadline(tx, 'report', id, input.kind, input);
    if (!dueOn) throw domainError('REPORT_STATE', { kind: input.kind }, '该时限未在计时，或按规定不能再延长');
    // The reporter sees that the time was extended and until when (XF 第三十四条: the petitioner
    // is told); the internal reason stays with staff.
    await addReportEvent(tx, id, 'deadline_extended', {
      public: true,
      note: `办理期限延长至${chineseDay(dueOn)}`,
      staffNote: input.reason,
    });
    await recordAudit(tx, {
      action: 'report.extend',
      resourceType: 'report',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        [input.kind]: [null, dueOn],
        reason: [null, input.reason],
        approver: [null, input.approverId ?? tx.actor?.userId ?? null],
      },
    });
    return { dueOn };
  });
}
