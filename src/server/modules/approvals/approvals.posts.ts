/**
 * The posts register (呈批岗位): who holds 承办部门负责人 and 分管领导 of a department, 主要负责人
 * and 同级党委主要负责人 of a commission. Kept by the commission's organisation officer; a chain
 * step names a post and is resolved here when the chain starts.
 */
import { APPROVAL_POSTS, type ApprovalPost, DEPARTMENT_POSTS } from '../../shared/approvals.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope, visibleWhere } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { postUnitPolicy } from './approvals.policy.js';

/** A post of a unit with its holder, as the API shows it (an empty post has no row). */
export interface ApprovalPostView {
  id: string;
  unitId: string;
  unitName: string;
  post: ApprovalPost;
  userId: string | null;
  /** The account's display name, or the name of a holder off the platform. */
  holderName: string | null;
  /** The holder has no account (同级党委主要负责人): their steps are recorded from paper. */
  offPlatform: boolean;
  setByName: string | null;
  setAt: string;
  version: number;
}

/** The posts of the units the actor may read (or of one unit), by unit then post order. */
export async function listPosts(ctx: Ctx, q: { unitId?: string | undefined }): Promise<ApprovalPostView[]> {
  let query = ctx.db
    .selectFrom('approval_posts as p')
    .innerJoin('units as u', 'u.id', 'p.unit_id')
    .leftJoin('users as h', 'h.id', 'p.user_id')
    .leftJoin('users as b', 'b.id', 'p.set_by')
    .selectAll('p')
    .select([
      'u.name as unit_name',
      'u.path as unit_path',
      'h.display_name as holder_display',
      'b.display_name as set_by_name',
    ])
    .where((eb) => visibleWhere(ctx, postUnitPolicy, 'read', { alias: 'u' })(eb));
  if (q.unitId) query = query.where('p.unit_id', '=', q.unitId);
  const rows = await query.orderBy('u.path').execute();
  return rows
    .map((r) => ({
      id: r.id,
      unitId: r.unit_id,
      unitName: r.unit_name,
      post: r.post as ApprovalPost,
      userId: r.user_id,
      holderName: r.holder_display ?? r.holder_name,
      offPlatform: r.user_id === null,
      setByName: r.set_by_name,
      setAt: r.set_at,
      version: Number(r.version),
    }))
    .sort((a, b) => (a.unitId === b.unitId ? APPROVAL_POSTS.indexOf(a.post) - APPROVAL_POSTS.indexOf(b.post) : 0));
}

/** Who is to hold a post: an account, a name off the platform (committee principal only), or nobody. */
export interface SetPostInput {
  unitId: string;
  post: ApprovalPost;
  userId: string | null;
  /** The holder's login name, instead of `userId` (the console's form). */
  username?: string | undefined;
  holderName?: string | null | undefined;
}

/**
 * Sets (or, with neither account nor name, vacates) a post of a unit inside the actor's
 * approval_post.manage scope, audited. Throws NOT_FOUND (unit or account), VALIDATION_FAILED
 * (a commission post on a department, a name off the platform for a post other than the committee
 * principal's, a disabled account).
 */
export async function setPost(ctx: Ctx, input: SetPostInput): Promise<ApprovalPostView[]> {
  const actor = requireActor(ctx);
  await inTransaction(ctx, async (tx) => {
    const unit = await loadInScope<'read' | 'manage', { id: string; kind: string }>(
      tx,
      postUnitPolicy,
      input.unitId,
      'manage',
    );
    const commission = unit.kind === 'commission' || unit.kind === 'township_commission';
    if (!DEPARTMENT_POSTS.includes(input.post) && !commission)
      throw errors.validation({ field: 'post' }, '主要负责人、同级党委主要负责人只能设置在纪委监委（乡镇纪委）上');
    const name = input.holderName?.trim() || null;
    const userId = input.username
      ? ((await tx.db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst())?.id ??
        null)
      : input.userId;
    if (input.username && !userId) throw errors.notFound('user');
    if (name && (userId || input.post !== 'committee_principal'))
      throw errors.validation({ field: 'holderName' }, '只有同级党委主要负责人可以登记平台外人员姓名');
    if (userId) {
      const user = await tx.db
        .selectFrom('users')
        .select(['id', 'disabled'])
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!user) throw errors.notFound('user');
      if (Number(user.disabled) !== 0) throw errors.validation({ field: 'userId' }, '该账号已停用');
    }
    const before = await tx.db
      .selectFrom('approval_posts')
      .selectAll()
      .where('unit_id', '=', input.unitId)
      .where('post', '=', input.post)
      .executeTakeFirst();
    const now = nowIso(tx);
    if (!userId && !name) {
      if (before) await tx.db.deleteFrom('approval_posts').where('id', '=', before.id).execute();
    } else if (before) {
      await tx.db
        .updateTable('approval_posts')
        .set({
          user_id: userId,
          holder_name: name,
          set_by: actor.userId,
          set_at: now,
          version: before.version + 1,
        })
        .where('id', '=', before.id)
        .execute();
    } else {
      await tx.db
        .insertInto('approval_posts')
        .values({
          id: newId(),
          unit_id: input.unitId,
          post: input.post,
          user_id: userId,
          holder_name: name,
          set_by: actor.userId,
          set_at: now,
          version: 1,
        })
        .execute();
    }
    await recordAudit(tx, {
      action: 'approval_post.set',
      resourceType: 'approval_post',
      resourceId: `${input.unitId}:${input.post}`,
      unitId: input.unitId,
      changes: {
        userId: [before?.user_id ?? null, userId],
        holderName: [before?.holder_name ?? null, name],
      },
    });
  });
  return listPosts(ctx, { unitId: input.unitId });
}
