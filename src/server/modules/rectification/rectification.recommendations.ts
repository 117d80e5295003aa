/**
 * Recommendations (监察建议书 / 纪律检查建议书, issue 15 §2; GZ 第十九条, TL21 第二百零五条):
 * the issuing commission's side. A `rectification.manage` holder whose scope covers a county
 * commission, a township commission or a dispatched group drafts a recommendation to a unit in
 * that commission's area (a department, a township government, a village committee), edits the
 * draft, and submits it (送审) once it carries every part the rules require
 * (RECOMMENDATION_INCOMPLETE names the missing ones) to the approvals chain of the issuing
 * commission (GZ 第十九条 经批准: action `rectification.recommendation`). The approved chain issues
 * it in the deciding transaction (`onRecommendationDecided`): its number (文号) and its reply date
 * (timer `supervision_advice_response`: the county's length where it set one, else the deadline
 * written in it); a returned, rejected or withdrawn one goes back to its draft. The recipient's
 * side (reply, refusal) is `rectification.recommendations.reply.ts`.
 */
import type { ApprovalAction } from '../../shared/approvals.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  RECOMMENDATION_KIND_LABELS,
  RECOMMENDATION_REQUIRED_PARTS,
  RECOMMENDATION_SOURCE_KINDS,
  type RecommendationKind,
  type RecommendationPart,
  type RecommendationSourceKind,
  type RecommendationStatus,
} from '../../shared/recommendation.codes.js';
import { pathUnder } from '../../shared/scope.js';
import { loadInScope } from '../access/index.js';
import { type ApprovalDecidedEvent, startApproval } from '../approvals/index.js';
import { recordAudit } from '../audit/index.js';
import { openClock } from '../deadlines/index.js';
import { COMMISSION_KINDS, commissionOf, issueNumber } from '../numbering/index.js';
import {
  type RecommendationAction,
  onIssuerSide,
  recommendationPolicy,
} from './rectification.recommendations.policy.js';
import { noticeRecommendationIssued } from './rectification.notices.js';
import { missingParts, recommendationView } from './rectification.recommendations.read.js';
import type { RecommendationRow, RecommendationTable } from './rectification.recommendations.tables.js';

/** The clock of the reply (its resource type and timer kind). */
export const REPLY_CLOCK = { resourceType: 'recommendation', kind: 'supervision_advice_response' } as const;

/** The approval action of a recommendation (the chain catalogue's `rectification.recommendation`). */
export const RECOMMENDATION_APPROVAL: ApprovalAction = 'rectification.recommendation';

/** Unit kinds that issue recommendations: the county commission, township commissions, dispatched groups. */
const ISSUER_KINDS: readonly string[] = [...COMMISSION_KINDS, 'dispatched_group'];

/** The content of a recommendation (all optional in a draft, required to issue). */
export interface RecommendationContent {
  recipientPrincipal?: string | null | undefined;
  situation?: string | null | undefined;
  problems?: string | null | undefined;
  requirements?: string | null | undefined;
  /** The rectification deadline, YYYY-MM-DD (Shanghai). */
  deadline?: string | null | undefined;
  reportBack?: string | null | undefined;
  sourceKind?: RecommendationSourceKind | null | undefined;
  sourceId?: string | null | undefined;
}

/** What drafting a recommendation takes. */
export interface RecommendationInput extends RecommendationContent {
  kind: RecommendationKind;
  subject: string;
  /** The issuing commission (default: the actor's own commission). */
  issuerUnitId?: string | undefined;
  recipientUnitId: string;
}

/** Editing a draft: any field, with the version read. */
export interface RecommendationPatch extends RecommendationContent {
  version: number;
  kind?: RecommendationKind | undefined;
  subject?: string | undefined;
  recipientUnitId?: string | undefined;
}

/** A rectification item opened from a recommendation's reply, as shown on it. */
export interface RecommendationItemView {
  id: string;
  problem: string;
  measures: string | null;
  dueOn: string;
  status: string;
}

/** A recommendation as shown. */
export interface RecommendationView {
  id: string;
  kind: RecommendationKind;
  number: string | null;
  subject: string;
  issuerUnitId: string;
  issuerUnitName: string;
  recipientUnitId: string;
  recipientUnitName: string;
  recipientPrincipal: string | null;
  situation: string | null;
  problems: string | null;
  requirements: string | null;
  deadline: string | null;
  reportBack: string | null;
  sourceKind: RecommendationSourceKind | null;
  sourceId: string | null;
  status: RecommendationStatus;
  /** The approval (`rectification.recommendation`) last started for it (its link). */
  approvalId: string | null;
  /** That approval's state (`APPROVAL_STATUSES`). */
  approvalStatus: string | null;
  submittedAt: string | null;
  /** The parts still missing (a draft cannot be submitted while any is). */
  missing: RecommendationPart[];
  replyDueOn: string | null;
  /** Issued, not answered, past `replyDueOn`. */
  replyOverdue: boolean;
  issuedAt: string | null;
  repliedAt: string | null;
  replyNote: string | null;
  refusedAt: string | null;
  refusalReason: string | null;
  refusalJustified: boolean | null;
  refusalRulingNote: string | null;
  /** Set when refused without good reason: recorded for accountability (JCF24 第七十一条). */
  accountabilityFlaggedAt: string | null;
  /** The rectification items of the reply. */
  items: RecommendationItemView[];
  /** The actor may edit, issue, rule (issuer side). */
  canManage: boolean;
  /** The actor may reply or refuse (recipient side). */
  canRespond: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The filters of the list. */
export interface RecommendationQuery {
  kind?: RecommendationKind | undefined;
  status?: RecommendationStatus | undefined;
  recipientUnitId?: string | undefined;
  issuerUnitId?: string | undefined;
  /** Issued, not answered, reply date passed. */
  overdue?: boolean | undefined;
  /** Refused without good reason (recorded for accountability). */
  accountability?: boolean | undefined;
  page: number;
  pageSize: number;
}

const text = (v: string | null | undefined) => v?.trim() || null;

/** Loads an active unit or answers VALIDATION_FAILED naming `field`. */
async function activeUnit(tx: Ctx, id: string, field: string, message: string) {
  const u = await tx.db
    .selectFrom('units')
    .select(['id', 'kind', 'name', 'path', 'region_path', 'county_code', 'active'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!u || Number(u.active) !== 1) throw errors.validation({ field }, message);
  return u;
}

/** The issuer columns for `issuerUnitId` (default: the actor's commission), checked for the actor. */
async function issuerOf(tx: Ctx, issuerUnitId: string | undefined) {
  const actor = requireActor(tx);
  let id = issuerUnitId;
  if (!id) {
    if (!actor.unitId) throw errors.validation({ field: 'issuerUnitId' }, '请指明制发建议书的纪检监察机关');
    id = (await commissionOf(tx, actor.unitId)).id;
  }
  const u = await activeUnit(tx, id, 'issuerUnitId', '制发机关不存在或已撤销');
  if (!ISSUER_KINDS.includes(u.kind))
    throw errors.validation({ field: 'issuerUnitId' }, '建议书只能由纪委监委、乡镇纪委或派驻纪检监察组制发');
  const cols = { issuer_unit_id: u.id, issuer_unit_path: u.path, issuer_region_path: u.region_path };
  if (!onIssuerSide(tx, cols)) throw errors.validation({ field: 'issuerUnitId' }, '该机关不在你负责的范围内');
  return { ...cols, regionPath: u.region_path };
}

/** The recipient's scope columns: an active unit in the issuer's area, not the issuer itself. */
async function recipientOf(tx: Ctx, recipientUnitId: string, issuer: { issuer_unit_id: string; regionPath: string }) {
  const u = await activeUnit(tx, recipientUnitId, 'recipientUnitId', '主送单位不存在或已撤销');
  if (u.id === issuer.issuer_unit_id)
    throw errors.validation({ field: 'recipientUnitId' }, '主送单位不能是制发机关本身');
  if (!pathUnder(u.region_path, issuer.regionPath))
    throw errors.validation({ field: 'recipientUnitId' }, '主送单位应当在制发机关的管辖范围内');
  return { owner_unit_id: u.id, owner_unit_path: u.path, region_path: u.region_path, county_code: u.county_code };
}

/** Checks the content fields that are given (a draft may leave them out). */
function checkContent(tx: Ctx, c: RecommendationContent): void {
  if (c.sourceKind && !RECOMMENDATION_SOURCE_KINDS.includes(c.sourceKind))
    throw errors.validation({ field: 'sourceKind' }, '未知的来源');
  if (c.sourceId && !c.sourceKind) throw errors.validation({ field: 'sourceKind' }, '请写明来源的类别');
  if (c.deadline && c.deadline <= toShanghaiDate(nowIso(tx)))
    throw errors.validation({ field: 'deadline' }, '整改期限应当晚于今天');
}

/** The content columns of `c` that are present (undefined: left as is). */
function contentColumns(c: RecommendationContent): Partial<RecommendationTable> {
  const out: Partial<RecommendationTable> = {};
  if (c.recipientPrincipal !== undefined) out.recipient_principal = text(c.recipientPrincipal);
  if (c.situation !== undefined) out.situation = text(c.situation);
  if (c.problems !== undefined) out.problems = text(c.problems);
  if (c.requirements !== undefined) out.requirements = text(c.requirements);
  if (c.deadline !== undefined) out.deadline = c.deadline || null;
  if (c.reportBack !== undefined) out.report_back = text(c.reportBack);
  if (c.sourceKind !== undefined) out.source_kind = c.sourceKind || null;
  if (c.sourceId !== undefined) out.source_id = c.sourceId || null;
  return out;
}

/**
 * Drafts a recommendation (status `draft`) from the issuing commission in the actor's
 * `rectification.manage` scope to a unit in its area. Audited (`rectification.recommendation_create`).
 */
export async function createRecommendation(ctx: Ctx, input: RecommendationInput): Promise<{ id: string }> {
  return inTransaction(ctx, async (tx) => {
    const subject = input.subject.trim();
    if (!subject) throw errors.validation({ field: 'subject' }, '请写明建议事项');
    checkContent(tx, input);
    const issuer = await issuerOf(tx, input.issuerUnitId);
    const recipient = await recipientOf(tx, input.recipientUnitId, issuer);
    const now = nowIso(tx);
    const id = newId();
    const { regionPath: _r, ...issuerCols } = issuer;
    await tx.db
      .insertInto('recommendations')
      .values({
        id,
        kind: input.kind,
        number: null,
        subject,
        ...issuerCols,
        ...recipient,
        recipient_principal: null,
        situation: null,
        problems: null,
        requirements: null,
        deadline: null,
        report_back: null,
        source_kind: null,
        source_id: null,
        ...contentColumns(input),
        status: 'draft',
        reply_due_on: null,
        issued_at: null,
        issued_by: null,
        replied_at: null,
        replied_by: null,
        reply_note: null,
        refused_at: null,
        refused_by: null,
        refusal_reason: null,
        refusal_justified: null,
        refusal_ruling_note: null,
        accountability_flagged_at: null,
        created_by: tx.actor?.userId ?? null,
        approval_id: null,
        submitted_by: null,
        submitted_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(tx, {
      action: 'rectification.recommendation_create',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: recipient.owner_unit_id,
      changes: {
        kind: [null, input.kind],
        issuer: [null, issuer.issuer_unit_id],
        recipient: [null, recipient.owner_unit_id],
      },
    });
    return { id };
  });
}

/**
 * Loads a recommendation for the issuer side: NOT_FOUND (out of sight), CONFLICT (stale version),
 * RECOMMENDATION_NOT_ISSUER, RECOMMENDATION_STATE (not in `status`).
 */
async function forIssuer(
  tx: Ctx,
  id: string,
  version: number | undefined,
  status: RecommendationStatus,
  action: string,
) {
  const row = await loadInScope<RecommendationAction, RecommendationRow>(tx, recommendationPolicy, id, 'manage', {
    ...(version === undefined ? {} : { version }),
    forUpdate: true,
  });
  if (!onIssuerSide(tx, row)) throw domainError('RECOMMENDATION_NOT_ISSUER', { action });
  if (row.status !== status) throw domainError('RECOMMENDATION_STATE', { status: row.status, action });
  return row;
}

/** Writes `changes` to a recommendation, bumping its version. */
export async function setRecommendation(tx: Ctx, row: RecommendationRow, changes: Partial<RecommendationTable>) {
  await tx.db
    .updateTable('recommendations')
    .set({ ...changes, version: row.version + 1, updated_at: nowIso(tx) })
    .where('id', '=', row.id)
    .execute();
}

/** Edits a draft (issuer side; RECOMMENDATION_STATE once submitted). Audited (`rectification.recommendation_update`). */
export async function updateRecommendation(
  ctx: Ctx,
  id: string,
  patch: RecommendationPatch,
): Promise<RecommendationView> {
  return inTransaction(ctx, async (tx) => {
    const row = await forIssuer(tx, id, patch.version, 'draft', 'update');
    checkContent(tx, patch);
    const changes: Partial<RecommendationTable> = contentColumns(patch);
    if (patch.kind !== undefined) changes.kind = patch.kind;
    if (patch.subject !== undefined) {
      const subject = patch.subject.trim();
      if (!subject) throw errors.validation({ field: 'subject' }, '请写明建议事项');
      changes.subject = subject;
    }
    if (patch.recipientUnitId !== undefined && patch.recipientUnitId !== row.owner_unit_id)
      Object.assign(
        changes,
        await recipientOf(tx, patch.recipientUnitId, {
          issuer_unit_id: row.issuer_unit_id,
          regionPath: row.issuer_region_path,
        }),
      );
    await setRecommendation(tx, row, changes);
    await recordAudit(tx, {
      action: 'rectification.recommendation_update',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: changes.owner_unit_id ?? row.owner_unit_id,
      changes: Object.fromEntries(
        Object.entries(changes).map(([k, v]) => [
          k,
          [(row as unknown as Record<string, unknown>)[k] ?? null, v ?? null],
        ]),
      ),
    });
    return recommendationView(tx, id);
  });
}

/** Whole days from `from` to `to` (YYYY-MM-DD). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Submits a draft for approval (送审, issuer side): every required part present
 * (RECOMMENDATION_INCOMPLETE names the missing ones), the deadline after today; an approval of
 * action `rectification.recommendation` in the issuing commission, the recommendation's text as its
 * content; status `submitted` (the draft can no longer be edited). Nothing is written and no number
 * spent on a refusal (NO_APPROVER included). Audited (`rectification.recommendation_submit`).
 */
export async function submitRecommendation(
  ctx: Ctx,
  id: string,
  input: { version: number },
): Promise<RecommendationView> {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await forIssuer(tx, id, input.version, 'draft', 'submit');
    const missing = missingParts(row);
    if (missing.length > 0)
      throw domainError(
        'RECOMMENDATION_INCOMPLETE',
        { missing },
        `建议书内容不全，不能送审：缺少${missing.map((p) => RECOMMENDATION_REQUIRED_PARTS[p]).join('、')}`,
      );
    const now = nowIso(tx);
    const today = toShanghaiDate(now);
    if (row.deadline! <= today) throw errors.validation({ field: 'deadline', today }, '整改期限应当晚于今天');
    const commission = await commissionOf(tx, row.issuer_unit_id);
    const recipient = await tx.db
      .selectFrom('units')
      .select('name')
      .where('id', '=', row.owner_unit_id)
      .executeTakeFirst();
    const label = RECOMMENDATION_KIND_LABELS[row.kind as RecommendationKind] ?? '建议书';
    const approval = await startApproval(tx, {
      action: RECOMMENDATION_APPROVAL,
      targetLevel: 'ordinary',
      resourceType: 'recommendation',
      resourceId: id,
      draftingUnitId: actor.unitId ?? commission.id,
      ownerUnitId: commission.id,
      ownerUnitPath: commission.path,
      regionPath: commission.region_path,
      countyCode: commission.county_code,
      title: `关于签发《${row.subject}》${label}的请示`,
      content: {
        summary: [
          `拟向${recipient?.name ?? '主送单位'}（${row.recipient_principal}）制发${label}：${row.subject}`,
          `监督发现的情况：${row.situation}`,
          `存在的主要问题及原因：${row.problems}`,
          `整改建议和要求：${row.requirements}`,
          `整改期限：${row.deadline}；反馈方式：${row.report_back}`,
        ].join('\n'),
        kind: row.kind,
        subject: row.subject,
        recipient: recipient?.name ?? null,
        recipientPrincipal: row.recipient_principal,
        situation: row.situation,
        problems: row.problems,
        requirements: row.requirements,
        deadline: row.deadline,
        reportBack: row.report_back,
      },
    });
    await setRecommendation(tx, row, {
      status: 'submitted',
      approval_id: approval.id,
      submitted_by: actor.userId,
      submitted_at: now,
    });
    await recordAudit(tx, {
      action: 'rectification.recommendation_submit',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: ['draft', 'submitted'], approval: [null, approval.id] },
    });
    return recommendationView(tx, id);
  });
}

/**
 * Issues submitted recommendation `row` (the approved chain's doing, in its transaction): its
 * number (series `recommendation` of the issuing commission), the reply clock, the recipient's
 * notice. Audited (`rectification.recommendation_issue`).
 */
async function issueApproved(tx: Ctx, row: RecommendationRow, approvalId: string): Promise<void> {
  const now = nowIso(tx);
  const today = toShanghaiDate(now);
  const deadline = row.deadline!;
  const number = await issueNumber(tx, row.issuer_unit_id, 'recommendation', now);
  // The county's reply length where it set one; else the deadline written in the recommendation.
  const clock = await openClock(tx, {
    resourceType: REPLY_CLOCK.resourceType,
    resourceId: row.id,
    kind: REPLY_CLOCK.kind,
    startAt: now,
    owner: row,
    amount: daysBetween(today, deadline),
  });
  const replyDueOn = clock.dueOn ?? deadline;
  await setRecommendation(tx, row, {
    status: 'issued',
    number,
    issued_at: now,
    issued_by: tx.actor?.userId ?? null,
    reply_due_on: replyDueOn,
  });
  await noticeRecommendationIssued(tx, row, number, replyDueOn);
  await recordAudit(tx, {
    action: 'rectification.recommendation_issue',
    resourceType: 'recommendation',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: {
      status: ['submitted', 'issued'],
      number: [null, number],
      replyDueOn: [null, replyDueOn],
      approval: [null, approvalId],
    },
  });
}

/**
 * Applies a decided `rectification.recommendation` approval in the deciding transaction: approved
 * issues it (`issueApproved`); returned, rejected or withdrawn puts it back to its draft (audited
 * `rectification.recommendation_decided`). An approval that ends after the deadline written in
 * the recommendation (the chain took that long) does not issue it either: back to the draft, whose
 * deadline the issuer side moves before submitting again. A recommendation no longer in this
 * approval is left alone.
 */
export async function onRecommendationDecided(tx: Ctx, e: ApprovalDecidedEvent): Promise<void> {
  const row = await tx.db
    .selectFrom('recommendations')
    .selectAll()
    .where('id', '=', e.resourceId)
    .where('approval_id', '=', e.approvalId)
    .executeTakeFirst();
  if (!row || row.status !== 'submitted') return;
  const late = row.deadline! <= toShanghaiDate(nowIso(tx));
  if (e.outcome === 'approved' && !late) return issueApproved(tx, row, e.approvalId);
  await setRecommendation(tx, row, { status: 'draft' });
  await recordAudit(tx, {
    action: 'rectification.recommendation_decided',
    resourceType: 'recommendation',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: {
      status: ['submitted', 'draft'],
      approval: [null, e.approvalId],
      outcome: [null, e.outcome],
      ...(e.outcome === 'approved' ? { deadlinePassed: [null, row.deadline] } : {}),
    },
  });
}

export {
  listRecommendations,
  missingParts,
  readRecommendation,
  recommendationView,
} from './rectification.recommendations.read.js';
