/**
 * The conflict register (亲属及利害关系申报): each staff account declares its own relatives,
 * former posts, places of origin, interests and its own identity. It is sensitive personal data:
 * the person reads and changes their own; those who decide recusals read others' within their
 * scope (audited). ID numbers are kept only as keyed hashes; every change keeps the row it
 * replaces (`declared_relation_versions`) and is audited without the values.
 */
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { inScope } from '../../shared/scope.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { DeclarationKind, Relation } from '../../shared/recusal.codes.js';
import { recordAudit } from '../audit/index.js';
import { matchKey } from './conflict.service.js';
import { idNumberHash } from './recusal.targets.js';
import type { DeclaredRelationRow } from './recusal.tables.js';

/** At most this many live declarations per person (a check reads them all). */
export const MAX_DECLARATIONS = 200;

/** What a person declares (fields by kind; the ID number is hashed on arrival). */
export interface DeclarationInput {
  kind: DeclarationKind;
  relation?: Relation | null | undefined;
  name?: string | null | undefined;
  idNumber?: string | null | undefined;
  regionCode?: string | null | undefined;
  employer?: string | null | undefined;
  subjectId?: string | null | undefined;
  fromOn?: string | null | undefined;
  toOn?: string | null | undefined;
  note?: string | null | undefined;
}

/** A declaration as shown: never the ID number, only whether one was given. */
export interface DeclarationView {
  id: string;
  userId: string;
  kind: DeclarationKind;
  relation: Relation | null;
  name: string | null;
  hasIdNumber: boolean;
  regionCode: string | null;
  regionName: string | null;
  employer: string | null;
  subjectId: string | null;
  fromOn: string | null;
  toOn: string | null;
  note: string | null;
  version: number;
  updatedAt: string;
}

type Row = DeclaredRelationRow & { region_name?: string | null };

function present(r: Row): DeclarationView {
  return {
    id: r.id,
    userId: r.user_id,
    kind: r.kind as DeclarationKind,
    relation: r.relation as Relation | null,
    name: r.name,
    hasIdNumber: r.id_hash !== null,
    regionCode: r.region_code,
    regionName: r.region_name ?? null,
    employer: r.employer,
    subjectId: r.subject_id,
    fromOn: r.from_on,
    toOn: r.to_on,
    note: r.note,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

async function liveRows(ctx: Ctx, userId: string): Promise<DeclarationView[]> {
  const rows = await ctx.db
    .selectFrom('declared_relations as d')
    .leftJoin('regions as g', 'g.code', 'd.region_code')
    .selectAll('d')
    .select('g.name as region_name')
    .where('d.user_id', '=', userId)
    .where('d.removed_at', 'is', null)
    .orderBy('d.kind')
    .orderBy('d.created_at')
    .execute();
  return rows.map(present);
}

/** The actor's own declarations. */
export async function listMyDeclarations(ctx: Ctx): Promise<DeclarationView[]> {
  return liveRows(ctx, requireActor(ctx).userId);
}

/**
 * Another person's declarations, for those who decide recusals (their `recusal.decide` scope
 * must cover the person's unit, else NOT_FOUND); the reading is audited.
 */
export async function listDeclarationsOf(ctx: Ctx, userId: string): Promise<DeclarationView[]> {
  const actor = requireActor(ctx);
  if (userId === actor.userId) return liveRows(ctx, userId);
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'n.id as owner_unit_id', 'n.path as owner_unit_path', 'n.region_path'])
      .where('u.id', '=', userId)
      .executeTakeFirst();
    // The person's unit decides (their declarations carry it), so an empty register is no leak.
    const visible = user && inScope(scopeFor(tx, 'recusal.decide'), user);
    if (!visible) throw errors.notFound('user');
    await recordAudit(tx, { action: 'declared_relation.read', resourceType: 'user', resourceId: userId });
    return liveRows(tx, userId);
  });
}

async function validate(ctx: Ctx, input: DeclarationInput): Promise<void> {
  const bad = (field: string, message: string) => errors.validation({ field }, message);
  switch (input.kind) {
    case 'self':
      if (!input.idNumber && !input.subjectId) throw bad('idNumber', '请填写本人身份证号或对应的监督对象');
      break;
    case 'relative':
      if (!input.relation) throw bad('relation', '请选择亲属关系');
      if (!input.name?.trim()) throw bad('name', '请填写亲属姓名');
      break;
    case 'post':
      if (!input.employer?.trim()) throw bad('employer', '请填写曾任职的单位');
      break;
    case 'origin':
      if (!input.regionCode) throw bad('regionCode', '请选择原籍所在村（社区）');
      break;
    case 'interest':
      if (!input.name?.trim() && !input.employer?.trim()) throw bad('name', '请填写利害关系人或单位');
      break;
  }
  if (input.kind !== 'relative' && input.relation) throw bad('relation', '只有亲属申报填写亲属关系');
  if (input.fromOn && input.toOn && input.fromOn > input.toOn) throw bad('toOn', '起止日期不正确');
  if (input.regionCode) {
    const region = await ctx.db
      .selectFrom('regions')
      .select('code')
      .where('code', '=', input.regionCode)
      .executeTakeFirst();
    if (!region) throw bad('regionCode', '行政区划代码不存在');
  }
  if (input.subjectId) {
    const subject = await ctx.db
      .selectFrom('subjects')
      .select('id')
      .where('id', '=', input.subjectId)
      .executeTakeFirst();
    if (!subject) throw bad('subjectId', '监督对象不存在');
  }
}

function columns(ctx: Ctx, input: DeclarationInput) {
  const name = input.name?.trim() || null;
  const employer = input.employer?.trim() || null;
  return {
    kind: input.kind,
    relation: input.kind === 'relative' ? (input.relation ?? null) : null,
    name,
    name_key: matchKey(name),
    id_hash: input.idNumber ? idNumberHash(ctx, input.idNumber) : null,
    region_code: input.regionCode ?? null,
    employer,
    employer_key: matchKey(employer),
    subject_id: input.subjectId ?? null,
    from_on: input.fromOn ?? null,
    to_on: input.toOn ?? null,
    note: input.note?.trim() || null,
  };
}

/** Field names of a change, for the audit event (values are personal data and stay out of it). */
function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown>) {
  const out: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k.endsWith('_key')) continue;
    if (!before || JSON.stringify(before[k] ?? null) !== JSON.stringify(v ?? null))
      out[k] = ['[personal]', '[personal]'];
  }
  return out;
}

/**
 * Adds a declaration of the actor's own (audited). VALIDATION_FAILED for missing fields of its
 * kind, an unknown region or subject, or more than MAX_DECLARATIONS live ones.
 */
export async function createDeclaration(ctx: Ctx, input: DeclarationInput): Promise<DeclarationView> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    await validate(tx, input);
    const owner = await tx.db
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .select(['n.id', 'n.path', 'n.region_path', 'n.county_code'])
      .where('u.id', '=', actor.userId)
      .executeTakeFirst();
    if (!owner) throw errors.validation({ field: 'unit' }, '账号未关联单位，不能申报');
    const count = await tx.db
      .selectFrom('declared_relations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('removed_at', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_DECLARATIONS)
      throw errors.validation({ field: 'kind', max: MAX_DECLARATIONS }, `申报事项最多 ${MAX_DECLARATIONS} 条`);
    if (input.kind === 'self') {
      const prior = await tx.db
        .selectFrom('declared_relations')
        .select('id')
        .where('user_id', '=', actor.userId)
        .where('kind', '=', 'self')
        .where('removed_at', 'is', null)
        .executeTakeFirst();
      if (prior) throw errors.validation({ field: 'kind' }, '本人身份已申报，请修改原申报');
    }
    const id = newId();
    const now = nowIso(tx);
    const values = columns(tx, input);
    await tx.db
      .insertInto('declared_relations')
      .values({
        id,
        user_id: actor.userId,
        ...values,
        owner_unit_id: owner.id,
        owner_unit_path: owner.path,
        region_path: owner.region_path,
        county_code: owner.county_code,
        removed_at: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await recordAudit(tx, {
      action: 'declared_relation.create',
      resourceType: 'declared_relation',
      resourceId: id,
      unitId: owner.id,
      changes: changedFields(null, values),
    });
    return (await liveRows(tx, actor.userId)).find((d) => d.id === id)!;
  });
}

async function ownRow(ctx: Ctx, id: string, version: number): Promise<DeclaredRelationRow> {
  const actor = requireActor(ctx);
  let q = ctx.db
    .selectFrom('declared_relations')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', actor.userId)
    .where('removed_at', 'is', null);
  if (ctx.dialect.name === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  // Someone else's declaration is not found: nobody changes another person's register.
  if (!row) throw errors.notFound('declared_relation');
  if (row.version !== version) throw errors.conflict({ version: row.version });
  return row;
}

async function keepVersion(tx: Ctx, row: DeclaredRelationRow, at: string): Promise<void> {
  await tx.db
    .insertInto('declared_relation_versions')
    .values({
      id: newId(),
      relation_id: row.id,
      version: row.version,
      snapshot: JSON.stringify(row),
      changed_by: tx.actor?.userId ?? null,
      changed_at: at,
    })
    .execute();
}

/**
 * Replaces one of the actor's declarations (its kind stays; an absent ID number keeps the one
 * declared, null removes it). NOT_FOUND (not theirs), CONFLICT (stale version), VALIDATION_FAILED.
 */
export async function updateDeclaration(
  ctx: Ctx,
  id: string,
  input: Omit<DeclarationInput, 'kind'> & { version: number },
): Promise<DeclarationView> {
  const actor = requireActor(ctx);
  return inTransaction(ctx, async (tx) => {
    const row = await ownRow(tx, id, input.version);
    const kept = input.idNumber === undefined;
    // An absent ID number keeps the declared one (validated as present; never re-hashed).
    await validate(tx, {
      ...input,
      kind: row.kind as DeclarationKind,
      idNumber: kept && row.id_hash ? 'kept' : input.idNumber,
    });
    const values = columns(tx, { ...input, kind: row.kind as DeclarationKind });
    if (kept) values.id_hash = row.id_hash;
    const now = nowIso(tx);
    await keepVersion(tx, row, now);
    const updated = await tx.db
      .updateTable('declared_relations')
      .set({ ...values, version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .where('version', '=', row.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw errors.conflict({ version: row.version });
    await recordAudit(tx, {
      action: 'declared_relation.update',
      resourceType: 'declared_relation',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: changedFields(row, values),
    });
    return (await liveRows(tx, actor.userId)).find((d) => d.id === id)!;
  });
}

/** Removes one of the actor's declarations (kept as a version, audited). NOT_FOUND, CONFLICT. */
export async function removeDeclaration(ctx: Ctx, id: string, version: number): Promise<void> {
  await inTransaction(ctx, async (tx) => {
    const row = await ownRow(tx, id, version);
    const now = nowIso(tx);
    await keepVersion(tx, row, now);
    await tx.db
      .updateTable('declared_relations')
      .set({ removed_at: now, version: row.version + 1, updated_at: now })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, {
      action: 'declared_relation.remove',
      resourceType: 'declared_relation',
      resourceId: id,
      unitId: row.owner_unit_id,
    });
  });
}
