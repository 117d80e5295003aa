/**
 * The approval engine (呈批): start a chain inside the caller's transaction, decide the current
 * step (approve / return / reject, each an audit event and a notification in the same
 * transaction), resubmit after a return, withdraw, and record an off-platform signature. The
 * owning module's handler (`onApprovalDecided`) runs in the same transaction as the last
 * signature, so its record moves forward atomically with it.
 */
import {
  APPROVAL_ACTION_LABELS,
  type ApprovalAction,
  type ApprovalDecision,
  type TargetLevel,
} from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { notify } from '../notifications/index.js';
import { issueNumber } from '../numbering/index.js';
import { RECORD_RESUBMITTED_ACTIONS } from './approvals.catalogue.js';
import { canonicalJson, contentHash, planChain } from './approvals.chain.js';
import { loadReadable } from './approvals.read.js';
import type { ApprovalRow, ApprovalStepRow } from './approvals.tables.js';

/** What a module asks to have approved. */
export interface StartApprovalInput {
  action: ApprovalAction;
  targetLevel: TargetLevel;
  /** The record the document is about (`clue`, `case`…) and its id. */
  resourceType: string;
  resourceId: string;
  /** The document's title, e.g. "关于张某问题线索的处置意见". */
  title: string;
  /** What is being approved (any JSON; `summary` is printed on the 呈批表). */
  content: Record<string, unknown>;
  /** The drafting department (its head and leader in charge sign). */
  draftingUnitId: string;
  /** The owning commission and the scope columns the approval carries (copied from the record). */
  ownerUnitId: string;
  ownerUnitPath: string;
  regionPath: string;
  countyCode: string | null;
}

/** How a chain ended (or was sent back): what the owning module's handler is told. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'returned' | 'withdrawn';

/** What a handler receives, inside the transaction of the deciding signature. */
export interface ApprovalDecidedEvent {
  approvalId: string;
  action: ApprovalAction;
  resourceType: string;
  resourceId: string;
  outcome: ApprovalOutcome;
  /** The content as approved (or as returned / rejected). */
  content: Record<string, unknown>;
  contentHash: string;
  /** The deciding step's opinion. */
  opinion: string | null;
}

/** A handler of decided approvals of one action; runs in the deciding transaction (throw to roll back). */
export type ApprovalDecidedHandler = (tx: Ctx, event: ApprovalDecidedEvent) => Promise<void>;

const handlers = new Map<ApprovalAction, ApprovalDecidedHandler[]>();

/**
 * Registers the owning module's handler for `action` (clues and later cases call it at load).
 * Returns a function that removes it (tests).
 */
export function onApprovalDecided(action: ApprovalAction, handler: ApprovalDecidedHandler): () => void {
  const list = handlers.get(action) ?? [];
  list.push(handler);
  handlers.set(action, list);
  return () => {
    const at = list.indexOf(handler);
    if (at >= 0) list.splice(at, 1);
  };
}

async function runHandlers(tx: Ctx, row: ApprovalRow, outcome: ApprovalOutcome, opinion: string | null) {
  const event: ApprovalDecidedEvent = {
    approvalId: row.id,
    action: row.action as ApprovalAction,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    outcome,
    content: JSON.parse(row.content) as Record<string, unknown>,
    contentHash: row.content_hash,
    opinion,
  };
  for (const handler of handlers.get(row.action as ApprovalAction) ?? []) await handler(tx, event);
}

/** Writes the steps of a round and makes the first signing step current; returns it. */
async function writeRound(tx: Ctx, row: Pick<ApprovalRow, 'id' | 'round'>, input: Parameters<typeof planChain>[1]) {
  const plan = await planChain(tx, input);
  const firstActive = plan.find((s) => !s.skip)!;
  const rows = plan.map((s) => ({
    id: newId(),
    approval_id: row.id,
    round: row.round,
    seq: s.seq,
    post: s.post,
    unit_id: s.unitId,
    holder_id: s.holderId,
    holder_name: s.holderName,
    offline: s.offline ? 1 : 0,
    status: s.skip ? 'skipped' : s === firstActive ? 'current' : 'waiting',
    skip_reason: s.skip,
    opinion: null,
    signed_on: null,
    decided_by: null,
    decided_at: null,
  }));
  await tx.db.insertInto('approval_steps').values(rows).execute();
  return rows.find((r) => r.status === 'current')!;
}

async function notifyWaiting(
  tx: Ctx,
  row: Pick<ApprovalRow, 'id' | 'title' | 'number'>,
  step: { id: string; holder_id: string | null },
) {
  if (!step.holder_id) return;
  await notify(tx.db, nowIso(tx), [step.holder_id], {
    kind: 'approval_waiting',
    title: '有呈批件待您审批',
    body: `${row.number} ${row.title}`,
    resourceType: 'approval',
    resourceId: row.id,
    dedupeKey: `approval_waiting:${step.id}`,
  });
}

/**
 * Starts an approval inside the caller's transaction (the actor is the drafter): computes the
 * chain for (action, target level), skips empty posts and recused holders, records the content
 * hash, notifies the first approver and writes the audit event. Throws NO_APPROVER (409).
 */
export async function startApproval(tx: Ctx, input: StartApprovalInput): Promise<{ id: string; number: string }> {
  const actor = requireActor(tx);
  const now = nowIso(tx);
  const id = newId();
  const canonical = canonicalJson(input.content);
  const chain = {
    action: input.action,
    targetLevel: input.targetLevel,
    resourceType: input.resourceType,
    resourceId: input.resourceId,
    draftingUnitId: input.draftingUnitId,
    ownerUnitId: input.ownerUnitId,
    drafterId: actor.userId,
  };
  // Refuse before a number is spent.
  await planChain(tx, chain);
  const number = await issueNumber(tx, input.ownerUnitId, 'approval', now);
  const row = {
    id,
    number,
    action: input.action,
    target_level: input.targetLevel,
    resource_type: input.resourceType,
    resource_id: input.resourceId,
    title: input.title,
    content: canonical,
    content_hash: contentHash(canonical),
    status: 'pending',
    round: 1,
    current_step_id: null,
    current_holder_id: null,
    drafter_id: actor.userId,
    drafting_unit_id: input.draftingUnitId,
    owner_unit_id: input.ownerUnitId,
    owner_unit_path: input.ownerUnitPath,
    region_path: input.regionPath,
    county_code: input.countyCode,
    submitted_at: now,
    decided_at: null,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('approvals').values(row).execute();
  const current = await writeRound(tx, row, chain);
  await tx.db
    .updateTable('approvals')
    .set({ current_step_id: current.id, current_holder_id: current.holder_id })
    .where('id', '=', id)
    .execute();
  await recordAudit(tx, {
    action: 'approval.start',
    resourceType: 'approval',
    resourceId: id,
    unitId: input.ownerUnitId,
    changes: {
      action: [null, input.action],
      targetLevel: [null, input.targetLevel],
      resource: [null, `${input.resourceType}:${input.resourceId}`],
      contentHash: [null, row.content_hash],
    },
  });
  await notifyWaiting(tx, row, current);
  return { id, number };
}

/** Claims the row for this change: bumps its version only if it is still `version` (else CONFLICT). */
async function claim(tx: Ctx, row: ApprovalRow, version: number, set: Partial<ApprovalRow> = {}) {
  const res = await tx.db
    .updateTable('approvals')
    .set({ ...set, version: version + 1, updated_at: nowIso(tx) })
    .where('id', '=', row.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ version: row.version });
}

async function currentStep(tx: Ctx, row: ApprovalRow): Promise<ApprovalStepRow> {
  const step = row.current_step_id
    ? await tx.db.selectFrom('approval_steps').selectAll().where('id', '=', row.current_step_id).executeTakeFirst()
    : undefined;
  if (!step || row.status !== 'pending') throw domainError('APPROVAL_STATE', { status: row.status });
  return step;
}

function checkVersionAndIntegrity(row: ApprovalRow, version: number) {
  if (row.version !== version) throw errors.conflict({ version: row.version });
  if (contentHash(row.content) !== row.content_hash) throw domainError('APPROVAL_TAMPERED', { id: row.id });
}

/** A decision on the current step, as the holder (or, offline, the drafter's side) gives it. */
export interface DecisionInput {
  decision: ApprovalDecision;
  opinion?: string | null | undefined;
  version: number;
}

/**
 * Decides the current step as its holder: approve passes to the next level (or ends the chain
 * approved and freezes the content), return sends it back to the drafter, reject ends it. Throws
 * NOT_FOUND, NOT_APPROVER (403), APPROVAL_STATE, CONFLICT (version), APPROVAL_OPINION_REQUIRED,
 * APPROVAL_TAMPERED; whatever the handler throws rolls the decision back.
 */
export async function decideApproval(ctx: Ctx, id: string, input: DecisionInput): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    const step = await currentStep(tx, row);
    if (step.offline || step.holder_id !== actor.userId) throw domainError('NOT_APPROVER');
    await applyDecision(tx, row, step, input, { offline: null });
  });
}

/** What the drafter's side records from a signed paper (同级党委主要负责人). */
export interface OfflineStepInput extends DecisionInput {
  /** The signer's name as on the paper. */
  signerName: string;
  /** The date on the paper (YYYY-MM-DD). */
  signedOn: string;
}

/**
 * Records the decision of an off-platform step from the signed paper (only the drafter; the step
 * is marked as recorded, not signed on the platform). Throws as `decideApproval`; NOT_APPROVER
 * for anyone but the drafter, APPROVAL_STATE when the current step is not an offline one.
 */
export async function recordOfflineStep(ctx: Ctx, id: string, input: OfflineStepInput): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    const step = await currentStep(tx, row);
    if (!step.offline) throw domainError('APPROVAL_STATE', { status: row.status, offline: false });
    if (row.drafter_id !== actor.userId) throw domainError('NOT_APPROVER');
    await applyDecision(tx, row, step, input, { offline: { signerName: input.signerName, signedOn: input.signedOn } });
  });
}

async function applyDecision(
  tx: Ctx,
  row: ApprovalRow,
  step: ApprovalStepRow,
  input: DecisionInput,
  how: { offline: { signerName: string; signedOn: string } | null },
) {
  checkVersionAndIntegrity(row, input.version);
  const opinion = input.opinion?.trim() || null;
  if (input.decision !== 'approve' && !opinion) throw domainError('APPROVAL_OPINION_REQUIRED');
  const now = nowIso(tx);
  const actor = requireActor(tx);
  const stepStatus = { approve: 'approved', return: 'returned', reject: 'rejected' }[input.decision];
  let next: ApprovalStepRow | undefined;
  if (input.decision === 'approve')
    next = await tx.db
      .selectFrom('approval_steps')
      .selectAll()
      .where('approval_id', '=', row.id)
      .where('round', '=', row.round)
      .where('status', '=', 'waiting')
      .where('seq', '>', step.seq)
      .orderBy('seq')
      .executeTakeFirst();
  const status = input.decision === 'approve' ? (next ? 'pending' : 'approved') : `${stepStatus}`;
  await claim(tx, row, input.version, {
    status,
    current_step_id: next?.id ?? null,
    current_holder_id: next?.holder_id ?? null,
    decided_at: status === 'pending' ? null : now,
  });
  await tx.db
    .updateTable('approval_steps')
    .set({
      status: stepStatus,
      opinion,
      decided_by: actor.userId,
      decided_at: now,
      ...(how.offline ? { holder_name: how.offline.signerName, signed_on: how.offline.signedOn } : {}),
    })
    .where('id', '=', step.id)
    .execute();
  if (next) await tx.db.updateTable('approval_steps').set({ status: 'current' }).where('id', '=', next.id).execute();
  else if (status !== 'approved')
    await tx.db
      .updateTable('approval_steps')
      .set({ status: 'cancelled' })
      .where('approval_id', '=', row.id)
      .where('round', '=', row.round)
      .where('status', '=', 'waiting')
      .execute();
  await recordAudit(tx, {
    action: how.offline ? 'approval.offline_step' : `approval.${input.decision}`,
    resourceType: 'approval',
    resourceId: row.id,
    unitId: row.owner_unit_id,
    changes: {
      status: [row.status, status],
      step: [null, `${step.round}-${step.seq} ${step.post}${how.offline ? ` ${input.decision}` : ''}`],
      // The frozen document's hash enters the audit chain with the last signature.
      ...(status === 'approved' ? { contentHash: [null, row.content_hash] } : {}),
    },
  });
  if (next) await notifyWaiting(tx, row, next);
  else await notifyDrafter(tx, row, status, opinion);
  if (status !== 'pending') await runHandlers(tx, row, status as ApprovalOutcome, opinion);
}

const OUTCOME_WORDS: Record<string, string> = {
  approved: '已批准',
  returned: '被退回修改',
  rejected: '未获批准',
};

async function notifyDrafter(tx: Ctx, row: ApprovalRow, status: string, opinion: string | null) {
  await notify(tx.db, nowIso(tx), [row.drafter_id], {
    kind: 'approval_decided',
    title: `您报批的${APPROVAL_ACTION_LABELS[row.action as ApprovalAction] ?? '呈批件'}${OUTCOME_WORDS[status] ?? ''}`,
    body: `${row.number} ${row.title}${opinion ? `：${opinion}` : ''}`,
    resourceType: 'approval',
    resourceId: row.id,
    dedupeKey: `approval_decided:${row.id}:${row.round}:${status}`,
  });
}

/** A resubmission after a return: the revised content. */
export interface ResubmitInput {
  content: Record<string, unknown>;
  title?: string | undefined;
  version: number;
}

/**
 * Resubmits a returned approval with revised content (only the drafter): new content hash, a new
 * round whose chain is resolved afresh (holders may have changed or become recused). An action
 * whose record takes the return itself (`RECORD_RESUBMITTED_ACTIONS`) is resubmitted only by its
 * module (`fromRecord`), never from the approvals page (APPROVAL_RESUBMIT_ON_RECORD). Throws
 * NOT_FOUND, NOT_APPROVER, APPROVAL_STATE, APPROVAL_RESUBMIT_ON_RECORD, CONFLICT, NO_APPROVER.
 */
export async function resubmitApproval(
  ctx: Ctx,
  id: string,
  input: ResubmitInput,
  opts: { fromRecord?: boolean } = {},
): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    if (row.drafter_id !== actor.userId)
      throw domainError('NOT_APPROVER', { drafterOnly: true }, '只有起草人可以修改后重新报批');
    if (row.status !== 'returned') throw domainError('APPROVAL_STATE', { status: row.status });
    if (!opts.fromRecord && RECORD_RESUBMITTED_ACTIONS.has(row.action))
      throw domainError('APPROVAL_RESUBMIT_ON_RECORD', { action: row.action });
    if (row.version !== input.version) throw errors.conflict({ version: row.version });
    const canonical = canonicalJson(input.content);
    const next = { ...row, round: row.round + 1 };
    const current = await writeRound(tx, next, {
      action: row.action as ApprovalAction,
      targetLevel: row.target_level as TargetLevel,
      resourceType: row.resource_type,
      resourceId: row.resource_id,
      draftingUnitId: row.drafting_unit_id,
      ownerUnitId: row.owner_unit_id,
      drafterId: row.drafter_id,
    });
    const hash = contentHash(canonical);
    await claim(tx, row, input.version, {
      status: 'pending',
      round: next.round,
      content: canonical,
      content_hash: hash,
      title: input.title ?? row.title,
      current_step_id: current.id,
      current_holder_id: current.holder_id,
      submitted_at: nowIso(tx),
      decided_at: null,
    });
    await recordAudit(tx, {
      action: 'approval.resubmit',
      resourceType: 'approval',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { round: [row.round, next.round], contentHash: [row.content_hash, hash] },
    });
    await notifyWaiting(tx, row, current);
  });
}

/**
 * Withdraws a pending or returned approval (only the drafter): the open steps are cancelled and
 * the owning module's handler is told (`withdrawn`). Throws NOT_FOUND, NOT_APPROVER,
 * APPROVAL_STATE, CONFLICT.
 */
export async function withdrawApproval(ctx: Ctx, id: string, input: { version: number }): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const row = await loadReadable(tx, id, { forUpdate: true });
    if (row.drafter_id !== actor.userId) throw domainError('NOT_APPROVER', { drafterOnly: true }, '只有起草人可以撤回');
    if (row.status !== 'pending' && row.status !== 'returned')
      throw domainError('APPROVAL_STATE', { status: row.status });
    if (row.version !== input.version) throw errors.conflict({ version: row.version });
    await claim(tx, row, input.version, {
      status: 'withdrawn',
      current_step_id: null,
      current_holder_id: null,
      decided_at: nowIso(tx),
    });
    await tx.db
      .updateTable('approval_steps')
      .set({ status: 'cancelled' })
      .where('approval_id', '=', row.id)
      .where('round', '=', row.round)
      .where('status', 'in', ['waiting', 'current'])
      .execute();
    await recordAudit(tx, {
      action: 'approval.withdraw',
      resourceType: 'approval',
      resourceId: row.id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'withdrawn'] },
    });
    await runHandlers(tx, row, 'withdrawn', null);
  });
}
