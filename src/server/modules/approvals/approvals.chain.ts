/**
 * Resolving a chain to people: each post of the catalogue row is looked up in the posts
 * register; an empty post or a recused holder is skipped to the next level with the reason
 * written on the step; a holder off the platform (同级党委主要负责人) makes an offline step the
 * drafter's side records from the signed paper. Also the content hash (SHA-256 of canonical JSON).
 */
import {
  type ApprovalAction,
  type ApprovalPost,
  APPROVAL_POST_LABELS,
  DEPARTMENT_POSTS,
  type SkipReason,
  type TargetLevel,
} from '../../shared/approvals.codes.js';
import type { Ctx } from '../../shared/context.js';
import { sha256Hex } from '../../shared/crypto.js';
import { domainError } from '../../shared/errors.js';
import { recusedAmong } from '../access/index.js';
import { chainRule } from './approvals.catalogue.js';

/** One planned step: who holds it, or why it is skipped. */
export interface PlannedStep {
  seq: number;
  post: ApprovalPost;
  unitId: string;
  holderId: string | null;
  holderName: string | null;
  offline: boolean;
  skip: SkipReason | null;
}

/** What resolving a chain needs to know. */
export interface ChainInput {
  action: ApprovalAction;
  targetLevel: TargetLevel;
  resourceType: string;
  resourceId: string;
  /** The drafting department: department posts are held there. */
  draftingUnitId: string;
  /** The owning commission: principal and committee posts are held there. */
  ownerUnitId: string;
  drafterId: string;
}

/**
 * Computes the steps of a chain: the catalogue's posts, each resolved to its holder through the
 * posts register, with skips. Throws NO_APPROVER (409) when no one is left to sign, or when the
 * last post (the approving authority) is empty or recused: no level above it carries its authority.
 */
export async function planChain(tx: Ctx, input: ChainInput): Promise<PlannedStep[]> {
  const posts = chainRule(input.action, input.targetLevel).posts;
  const unitOf = (post: ApprovalPost) => (DEPARTMENT_POSTS.includes(post) ? input.draftingUnitId : input.ownerUnitId);
  const rows = await tx.db
    .selectFrom('approval_posts as p')
    .leftJoin('users as u', 'u.id', 'p.user_id')
    .select(['p.unit_id', 'p.post', 'p.user_id', 'p.holder_name', 'u.display_name', 'u.disabled'])
    .where('p.unit_id', 'in', [...new Set([input.draftingUnitId, input.ownerUnitId])])
    .execute();
  const find = (post: ApprovalPost) => rows.find((r) => r.post === post && r.unit_id === unitOf(post));
  const steps: PlannedStep[] = posts.map((post, i) => {
    const row = find(post);
    const active = row?.user_id && Number(row.disabled) === 0 ? row : null;
    if (active)
      return {
        seq: i + 1,
        post,
        unitId: unitOf(post),
        holderId: active.user_id,
        holderName: active.display_name ?? null,
        offline: false,
        skip: null,
      };
    // 同级党委主要负责人 usually has no account: the drafter's side records the paper signature.
    if (post === 'committee_principal')
      return {
        seq: i + 1,
        post,
        unitId: unitOf(post),
        holderId: null,
        holderName: row?.holder_name ?? null,
        offline: true,
        skip: null,
      };
    return { seq: i + 1, post, unitId: unitOf(post), holderId: null, holderName: null, offline: false, skip: 'vacant' };
  });
  const holders = steps.flatMap((s) => (s.holderId ? [s.holderId] : []));
  const recused = await recusedAmong(tx, input.resourceType, input.resourceId, holders);
  for (const s of steps) if (s.holderId && recused.has(s.holderId)) s.skip = 'recused';
  const last = steps.length - 1;
  steps.forEach((s, i) => {
    if (s.skip || !s.holderId || i === last) return;
    // The drafter does not sign their own draft as its department head: the next level does.
    if (s.holderId === input.drafterId) s.skip = 'drafter';
  });
  // One person holding two consecutive posts (分管领导 who is also 主要负责人) signs once, at the higher.
  for (let i = 0; i < last; i++) {
    const s = steps[i]!;
    if (s.skip || !s.holderId) continue;
    const next = steps.slice(i + 1).find((n) => !n.skip);
    if (next?.holderId === s.holderId) s.skip = 'same_holder';
  }
  const top = steps[last];
  if (top?.skip) throw noApprover(top.post, top.skip);
  if (!steps.some((s) => !s.skip)) throw noApprover(posts[0] ?? 'principal_leader', 'vacant');
  return steps;
}

function noApprover(post: ApprovalPost, reason: SkipReason) {
  return domainError(
    'NO_APPROVER',
    { post, reason },
    `审批链上没有可审批的人员：${APPROVAL_POST_LABELS[post]}${reason === 'recused' ? '须回避' : '空缺'}，请先在呈批岗位中设置`,
  );
}

/** JSON with object keys sorted at every depth: the same content always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as Record<string, unknown>)[k]);
    return out;
  }
  return value;
}

/** The content hash recorded on an approval: SHA-256 (hex) of the canonical JSON text. */
export function contentHash(canonical: string): string {
  return sha256Hex(canonical);
}
