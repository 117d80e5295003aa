/**
 * Reading approvals: one with its chain (every round), the caller's lists (waiting for me,
 * submitted by me, decided by me), and a record's approvals for its page. Every read is scoped
 * in SQL (`readableWhere`) and checks the content against its recorded hash, so a changed
 * document shows as tampered.
 */
import { sql } from 'kysely';
import type {
  ApprovalAction,
  ApprovalBox,
  ApprovalPost,
  ApprovalStatus,
  SkipReason,
  StepStatus,
  TargetLevel,
} from '../../shared/approvals.codes.js';
import { type Ctx, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { RECORD_RESUBMITTED_ACTIONS } from './approvals.catalogue.js';
import { contentHash } from './approvals.chain.js';
import { readableWhere } from './approvals.policy.js';
import type { ApprovalRow } from './approvals.tables.js';

/**
 * Loads approval `id` if the actor may read it (else NOT_FOUND, noted as a cross-scope attempt
 * when it exists); `forUpdate` locks the row on PostgreSQL for the rest of the transaction.
 */
export async function loadReadable(ctx: Ctx, id: string, opts: { forUpdate?: boolean } = {}): Promise<ApprovalRow> {
  let q = ctx.db
    .selectFrom('approvals as a')
    .selectAll('a')
    .where('a.id', '=', id)
    .where((eb) => readableWhere(ctx)(eb));
  if (opts.forUpdate && ctx.dialect.name === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (row) return row;
  const exists = await ctx.db.selectFrom('approvals').select('owner_unit_id').where('id', '=', id).executeTakeFirst();
  if (exists && ctx.denials)
    ctx.denials.push({
      status: 404,
      attempted: 'approval.read',
      resourceType: 'approval',
      resourceId: id,
      unitId: exists.owner_unit_id,
    });
  throw errors.notFound('approval');
}

/** One step of a chain, as the API shows it. */
export interface ApprovalStepView {
  id: string;
  round: number;
  seq: number;
  post: ApprovalPost;
  unitId: string;
  unitName: string;
  holderId: string | null;
  holderName: string | null;
  /** Off the platform: recorded by the drafter's side from the signed paper. */
  offline: boolean;
  status: StepStatus;
  skipReason: SkipReason | null;
  opinion: string | null;
  signedOn: string | null;
  decidedAt: string | null;
  /** Who entered the decision (the holder, or for an offline step the drafter who recorded it). */
  decidedByName: string | null;
}

/** An approval as the list shows it. */
export interface ApprovalSummary {
  id: string;
  number: string;
  action: ApprovalAction;
  targetLevel: TargetLevel;
  resourceType: string;
  resourceId: string;
  title: string;
  status: ApprovalStatus;
  round: number;
  drafterId: string;
  drafterName: string;
  draftingUnitName: string;
  currentHolderId: string | null;
  currentHolderName: string | null;
  submittedAt: string;
  decidedAt: string | null;
  version: number;
}

/** An approval with its content, integrity and chain, and what the caller may do with it. */
export interface ApprovalView extends ApprovalSummary {
  content: Record<string, unknown>;
  contentHash: string;
  /** `intact` when the content still matches its recorded hash, else `tampered`. */
  integrity: 'intact' | 'tampered';
  ownerUnitId: string;
  draftingUnitId: string;
  steps: ApprovalStepView[];
  abilities: { decide: boolean; recordOffline: boolean; resubmit: boolean; withdraw: boolean };
}

function summaryQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('approvals as a')
    .innerJoin('users as d', 'd.id', 'a.drafter_id')
    .innerJoin('units as du', 'du.id', 'a.drafting_unit_id')
    .leftJoin('users as h', 'h.id', 'a.current_holder_id')
    .where((eb) => readableWhere(ctx)(eb));
}

const SUMMARY_COLUMNS = [
  'a.id',
  'a.number',
  'a.action',
  'a.target_level',
  'a.resource_type',
  'a.resource_id',
  'a.title',
  'a.status',
  'a.round',
  'a.drafter_id',
  'd.display_name as drafter_name',
  'du.name as drafting_unit_name',
  'a.current_holder_id',
  'h.display_name as current_holder_name',
  'a.submitted_at',
  'a.decided_at',
  'a.version',
] as const;

type SummaryRow = {
  id: string;
  number: string;
  action: string;
  target_level: string;
  resource_type: string;
  resource_id: string;
  title: string;
  status: string;
  round: number;
  drafter_id: string;
  drafter_name: string;
  drafting_unit_name: string;
  current_holder_id: string | null;
  current_holder_name: string | null;
  submitted_at: string;
  decided_at: string | null;
  version: number;
};

function toSummary(r: SummaryRow): ApprovalSummary {
  return {
    id: r.id,
    number: r.number,
    action: r.action as ApprovalAction,
    targetLevel: r.target_level as TargetLevel,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    title: r.title,
    status: r.status as ApprovalStatus,
    round: Number(r.round),
    drafterId: r.drafter_id,
    drafterName: r.drafter_name,
    draftingUnitName: r.drafting_unit_name,
    currentHolderId: r.current_holder_id,
    currentHolderName: r.current_holder_name,
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    version: Number(r.version),
  };
}

/** The steps of approvals `ids`, every round, in order. */
async function stepsOf(ctx: Ctx, ids: string[]): Promise<Map<string, ApprovalStepView[]>> {
  const out = new Map<string, ApprovalStepView[]>();
  if (ids.length === 0) return out;
  const rows = await ctx.db
    .selectFrom('approval_steps as s')
    .innerJoin('units as u', 'u.id', 's.unit_id')
    .leftJoin('users as h', 'h.id', 's.holder_id')
    .leftJoin('users as b', 'b.id', 's.decided_by')
    .selectAll('s')
    .select(['u.name as unit_name', 'h.display_name as holder_display', 'b.display_name as decided_by_name'])
    .where('s.approval_id', 'in', ids)
    .orderBy('s.approval_id')
    .orderBy('s.round')
    .orderBy('s.seq')
    .execute();
  for (const s of rows) {
    const list = out.get(s.approval_id) ?? [];
    list.push({
      id: s.id,
      round: Number(s.round),
      seq: Number(s.seq),
      post: s.post as ApprovalPost,
      unitId: s.unit_id,
      unitName: s.unit_name,
      holderId: s.holder_id,
      holderName: s.holder_display ?? s.holder_name,
      offline: Number(s.offline) === 1,
      status: s.status as StepStatus,
      skipReason: s.skip_reason as SkipReason | null,
      opinion: s.opinion,
      signedOn: s.signed_on,
      decidedAt: s.decided_at,
      decidedByName: s.decided_by_name,
    });
    out.set(s.approval_id, list);
  }
  return out;
}

async function views(ctx: Ctx, rows: (SummaryRow & { content: string; content_hash: string })[]) {
  const actor = requireActor(ctx);
  const steps = await stepsOf(
    ctx,
    rows.map((r) => r.id),
  );
  return rows.map((r): ApprovalView => {
    const chain = steps.get(r.id) ?? [];
    const current = chain.find((s) => s.status === 'current') ?? null;
    const drafter = r.drafter_id === actor.userId;
    const intact = contentHash(r.content) === r.content_hash;
    let content: Record<string, unknown>;
    try {
      content = JSON.parse(r.content) as Record<string, unknown>;
    } catch {
      content = {};
    }
    const row = r as unknown as ApprovalRow;
    return {
      ...toSummary(r),
      content,
      contentHash: r.content_hash,
      integrity: intact ? 'intact' : 'tampered',
      ownerUnitId: row.owner_unit_id,
      draftingUnitId: row.drafting_unit_id,
      steps: chain,
      abilities: {
        decide: r.status === 'pending' && !!current && !current.offline && current.holderId === actor.userId,
        recordOffline: r.status === 'pending' && !!current && current.offline && drafter,
        resubmit: r.status === 'returned' && drafter && !RECORD_RESUBMITTED_ACTIONS.has(r.action),
        withdraw: (r.status === 'pending' || r.status === 'returned') && drafter,
      },
    };
  });
}

/** One approval with its chain, if the actor may read it (else NOT_FOUND). */
export async function getApproval(ctx: Ctx, id: string): Promise<ApprovalView> {
  const row = await summaryQuery(ctx)
    .select(SUMMARY_COLUMNS)
    .select(['a.content', 'a.content_hash', 'a.owner_unit_id', 'a.drafting_unit_id'])
    .where('a.id', '=', id)
    .executeTakeFirst();
  if (!row) {
    await loadReadable(ctx, id); // notes the attempt and throws NOT_FOUND
    throw errors.notFound('approval');
  }
  return (await views(ctx, [row]))[0]!;
}

/** The approvals of a record the actor may read (newest first), with their chains: for the record's page. */
export async function approvalsFor(ctx: Ctx, resourceType: string, resourceId: string): Promise<ApprovalView[]> {
  const rows = await summaryQuery(ctx)
    .select(SUMMARY_COLUMNS)
    .select(['a.content', 'a.content_hash', 'a.owner_unit_id', 'a.drafting_unit_id'])
    .where('a.resource_type', '=', resourceType)
    .where('a.resource_id', '=', resourceId)
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
  return views(ctx, rows);
}

/** Filters of the caller's approval list. */
export interface ApprovalListQuery {
  box: ApprovalBox;
  status?: ApprovalStatus | undefined;
  action?: ApprovalAction | undefined;
  resourceType?: string | undefined;
  resourceId?: string | undefined;
  page: number;
  pageSize: number;
}

/**
 * The caller's approvals: `waiting` (the current step is theirs, oldest first), `submitted` (they
 * drafted), `decided` (they signed a step), `all` (everything they may read), newest first.
 */
export async function listApprovals(
  ctx: Ctx,
  q: ApprovalListQuery,
): Promise<{ items: ApprovalSummary[]; total: number }> {
  const actor = requireActor(ctx);
  let base = summaryQuery(ctx);
  if (q.box === 'waiting')
    base = base.where('a.current_holder_id', '=', actor.userId).where('a.status', '=', 'pending');
  if (q.box === 'submitted') base = base.where('a.drafter_id', '=', actor.userId);
  if (q.box === 'decided')
    base = base.where((eb) =>
      eb.exists(
        eb
          .selectFrom('approval_steps as s2')
          .select(sql<number>`1`.as('one'))
          .where(sql.ref('s2.approval_id'), '=', sql.ref('a.id'))
          .where('s2.decided_by', '=', actor.userId),
      ),
    );
  if (q.status) base = base.where('a.status', '=', q.status);
  if (q.action) base = base.where('a.action', '=', q.action);
  if (q.resourceType) base = base.where('a.resource_type', '=', q.resourceType);
  if (q.resourceId) base = base.where('a.resource_id', '=', q.resourceId);
  const oldestFirst = q.box === 'waiting';
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(SUMMARY_COLUMNS)
      .orderBy('a.submitted_at', oldestFirst ? 'asc' : 'desc')
      .orderBy('a.id', oldestFirst ? 'asc' : 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
  ]);
  return { total: Number(count.n), items: rows.map(toSummary) };
}
