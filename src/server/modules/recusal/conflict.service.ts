/**
 * The conflict check (回避审查, domain rules §8 "design note"): before anyone is assigned to a
 * record (clue keeper, talk officer, verification team member, approver, reviewer), each person
 * is compared with the record's subjects and named reporter through what they declared, and
 * with what they already were in the matter. It refuses (must step aside), warns (may be
 * assigned after a recorded confirmation) or clears, and says every reason in plain Chinese.
 * A check is two indexed statements (the team's declarations; the team with their units, any
 * recusal in force and the county's setting) and one insert recording it.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { type Ctx, inTransaction, nowIso, requireActor, scopeFor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import {
  ASSIGNMENT_ROLE_LABELS,
  type AssignmentRole,
  type CheckOutcome,
  type PriorRole,
  RELATION_LABELS,
  type Relation,
} from '../../shared/recusal.codes.js';
import { scopePredicate } from '../../shared/scope.js';
import { recordAudit } from '../audit/index.js';
import { type ConflictReporter, type ConflictSubject, loadRecusalTarget } from './recusal.targets.js';
import { workplaceWindow } from './recusal.settings.js';
import type { DeclaredRelationRow } from './recusal.tables.js';

/** Hours a recorded check stands for an assignment; after that it is run again. */
export const CONFLICT_CHECK_TTL_HOURS = 24;

/**
 * The digest of what a check compares people with: the record's subjects and named reporter, in
 * any order. A check whose digest differs from the record's current one is stale.
 */
export function subjectsKey(
  subjects: readonly ConflictSubject[],
  reporter: ConflictReporter | null | undefined,
): string {
  const people = subjects
    .map((s) =>
      JSON.stringify([
        s.subjectId ?? null,
        matchKey(s.name),
        s.idNumberHash ?? null,
        s.regionCode ?? null,
        matchKey(s.employer),
      ]),
    )
    .sort();
  const who = reporter ? [matchKey(reporter.name), reporter.idNumberHash ?? null, reporter.regionCode ?? null] : null;
  return createHash('sha256')
    .update(JSON.stringify([people, who]))
    .digest('hex');
}

/** One reason of a check: a stable code and the words shown to people. */
export interface ConflictReason {
  code: string;
  text: string;
}

/** What a check says of one person. */
export interface PersonConflicts {
  userId: string;
  name: string;
  outcome: CheckOutcome;
  reasons: ConflictReason[];
}

/** What a caller asks a check about. */
export interface ConflictCheckInput {
  resource: string;
  resourceId: string;
  /** The people considered for the assignment. */
  userIds: readonly string[];
  subjects: readonly ConflictSubject[];
  reporter?: ConflictReporter | null | undefined;
  /** What they are being assigned to. */
  role: AssignmentRole;
  /** What some of them already were in the matter (structural separation, the caller knows it). */
  priorRoles?: readonly { userId: string; role: PriorRole }[] | undefined;
  /** The county whose workplace window applies (default 5 years when absent). */
  countyCode?: string | null | undefined;
}

/** A recorded check: its id (for confirmations and assignments) and the outcome per person, in the order asked. */
export interface ConflictCheckResult {
  checkId: string;
  people: PersonConflicts[];
}

/** Reasons whose words concern the reporter: never shown to an assigner (JK 第四十七条). */
export const REPORTER_REASONS: ReadonlySet<string> = new Set(['RELATIVE_IS_REPORTER', 'RELATIVE_NAMED_AS_REPORTER']);

/** A name or employer as compared: whitespace removed, full-width brackets folded. */
export function matchKey(value: string | null | undefined): string | null {
  if (!value) return null;
  const key = value.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
  return key || null;
}

type PersonRow = { id: string; display_name: string; unit_name: string | null; recused: unknown; years: string | null };

function relationLabel(r: CandidateRow): string {
  return RELATION_LABELS[r.relation as Relation] ?? '亲属';
}

/** A township's code covers its villages: 9 digits then zeros. */
function regionCovers(subjectCode: string, code: string): boolean {
  if (subjectCode === code) return true;
  return /000$/.test(subjectCode) && !/000000$/.test(subjectCode) && code.startsWith(subjectCode.slice(0, 9));
}

function minusYears(ctx: Ctx, years: number): string {
  const d = new Date(ctx.clock.nowMs() + 8 * 3600_000);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

/**
 * Checks people against a record before an assignment, records the check and returns the
 * outcome per person with its reasons in words. Throws VALIDATION_FAILED for an unknown or
 * repeated person. The caller (the clue and case modules) passes the record's subjects and
 * reporter; a person refused may never be assigned, one warned only with a confirmed check.
 */
export async function checkConflicts(ctx: Ctx, input: ConflictCheckInput): Promise<ConflictCheckResult> {
  const userIds = [...input.userIds];
  if (userIds.length === 0 || new Set(userIds).size !== userIds.length)
    throw errors.validation({ field: 'userIds' }, '请选择需要审查的人员（不重复）');
  // The check, its record and its audit event commit together (in the caller's transaction, if any).
  // Inside a caller's transaction the check commits (or rolls back) with it. Run on its own (a
  // preview before an assignment) on PostgreSQL, its commit does not wait for the WAL flush
  // (`synchronous_commit = off` for this transaction only: most of the check's time under load
  // was the flush). Whatever relies on a check (a confirmation, an assignment) commits durably
  // later, which flushes the check too; a crash can lose only a preview, which is run again.
  const standalone = !ctx.db.isTransaction && ctx.dialect.name === 'postgres';
  return inTransaction(ctx, async (tx) => {
    if (standalone) await sql`set local synchronous_commit = off`.execute(tx.db);
    return runCheck(tx, userIds, input);
  });
}

async function runCheck(ctx: Ctx, userIds: string[], input: ConflictCheckInput): Promise<ConflictCheckResult> {
  const yearsKey = input.countyCode ? workplaceWindow.key(input.countyCode) : null;
  const [relations, people] = await Promise.all([
    candidateRelations(ctx, userIds, input),
    ctx.db
      .selectFrom('users as u')
      .leftJoin('units as n', 'n.id', 'u.unit_id')
      .select(['u.id', 'u.display_name', 'n.name as unit_name'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('recusals as rc')
              .select('rc.id')
              .whereRef('rc.user_id', '=', 'u.id')
              .where('rc.resource', '=', input.resource)
              .where('rc.resource_id', '=', input.resourceId)
              .where('rc.state', '=', sql.lit('recused')),
          )
          .as('recused'),
      )
      .select((eb) =>
        (yearsKey
          ? eb.selectFrom('settings').select('value').where('key', '=', yearsKey)
          : sql<string | null>`null`
        ).as('years'),
      )
      .where('u.id', 'in', userIds)
      .execute() as Promise<PersonRow[]>,
  ]);
  const byId = new Map(people.map((p) => [p.id, p]));
  const missing = userIds.filter((id) => !byId.has(id));
  if (missing.length > 0) throw errors.validation({ field: 'userIds', missing }, '所选人员不存在');
  const years = workplaceWindow.parse(people[0]?.years);
  const since = minusYears(ctx, years);
  const regionNames = await namesOfRegions(ctx, relations, input.subjects);

  const out: PersonConflicts[] = userIds.map((userId) => {
    const person = byId.get(userId)!;
    const mine = relations.filter((r) => r.user_id === userId);
    const reasons = personReasons(person, mine, input, { since, years, regionNames });
    const outcome: CheckOutcome = reasons.some((r) => r.refuse) ? 'refuse' : reasons.length > 0 ? 'warn' : 'clear';
    // Refusals first: they decide; warnings after.
    reasons.sort((a, b) => Number(b.refuse) - Number(a.refuse));
    return { userId, name: person.display_name, outcome, reasons: reasons.map(({ code, text }) => ({ code, text })) };
  });

  const checkId = newId();
  await ctx.db
    .insertInto('conflict_checks')
    .values({
      id: checkId,
      resource: input.resource,
      resource_id: input.resourceId,
      role: input.role,
      run_by: ctx.actor?.userId ?? null,
      run_at: nowIso(ctx),
      result: JSON.stringify(out),
      subjects_key: subjectsKey(input.subjects, input.reporter),
    })
    .execute();
  await recordAudit(ctx, {
    action: 'conflict.check',
    resourceType: 'conflict_check',
    resourceId: checkId,
    changes: {
      record: [null, [input.resource, input.resourceId]],
      role: [null, input.role],
      outcomes: [null, out.map((p) => [p.userId, p.outcome])],
    },
  });
  return { checkId, people: out };
}

/** The columns a rule reads. */
const RELATION_COLUMNS = [
  'user_id',
  'kind',
  'relation',
  'name_key',
  'id_hash',
  'region_code',
  'employer',
  'employer_key',
  'subject_id',
  'from_on',
  'to_on',
] as const;

/** A declaration as the rules read it. */
type CandidateRow = Pick<DeclaredRelationRow, (typeof RELATION_COLUMNS)[number]>;

/**
 * The team's declarations that could match this record: found through the index by user, and
 * only those whose ID hash, subject, name, employer or region is one of the record's (plus the
 * person's own identity), so a check reads a handful of rows however much people declared.
 */
function candidateRelations(ctx: Ctx, userIds: readonly string[], input: ConflictCheckInput): Promise<CandidateRow[]> {
  const people = [...input.subjects, ...(input.reporter ? [input.reporter] : [])];
  const hashes = people.flatMap((p) => (p.idNumberHash ? [p.idNumberHash] : []));
  const subjectIds = input.subjects.flatMap((p) => (p.subjectId ? [p.subjectId] : []));
  const employers = input.subjects.flatMap((p) => matchKey(p.employer) ?? []);
  const names = [...people.flatMap((p) => matchKey(p.name) ?? []), ...employers];
  const regions = input.subjects.flatMap((p) => (p.regionCode ? [p.regionCode] : []));
  return ctx.db
    .selectFrom('declared_relations')
    .select(RELATION_COLUMNS)
    .where('user_id', 'in', [...userIds])
    .where('removed_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('kind', '=', 'self'),
        ...(hashes.length ? [eb('id_hash', 'in', hashes)] : []),
        ...(subjectIds.length ? [eb('subject_id', 'in', subjectIds)] : []),
        ...(names.length ? [eb('name_key', 'in', names)] : []),
        ...(employers.length ? [eb('employer_key', 'in', employers)] : []),
        ...(regions.length ? [eb('region_code', 'in', regions)] : []),
        // A township's subject: its villages (9 digits of the township, then the village).
        ...regions
          .filter((code) => /000$/.test(code) && !/000000$/.test(code))
          .map((code) =>
            eb.and([eb('region_code', '>', code.slice(0, 9)), eb('region_code', '<', `${code.slice(0, 9)}a`)]),
          ),
      ]),
    )
    .execute();
}

/** Names of the regions a reason may mention (origins that match a subject's place): one lookup, only when needed. */
async function namesOfRegions(
  ctx: Ctx,
  relations: readonly CandidateRow[],
  subjects: readonly ConflictSubject[],
): Promise<Map<string, string>> {
  const codes = new Set<string>();
  for (const r of relations)
    if (r.kind === 'origin' && r.region_code)
      for (const s of subjects) if (s.regionCode && regionCovers(s.regionCode, r.region_code)) codes.add(r.region_code);
  if (codes.size === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('regions')
    .select(['code', 'name'])
    .where('code', 'in', [...codes])
    .execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

type Reason = ConflictReason & { refuse: boolean };

function personReasons(
  person: PersonRow,
  mine: readonly CandidateRow[],
  input: ConflictCheckInput,
  env: { since: string; years: number; regionNames: Map<string, string> },
): Reason[] {
  const who = person.display_name;
  const reasons: Reason[] = [];
  const refuse = (code: string, text: string) => reasons.push({ code, text, refuse: true });
  const warn = (code: string, text: string) => reasons.push({ code, text, refuse: false });
  const recused = person.recused === true || Number(person.recused) === 1;
  if (recused) refuse('ALREADY_RECUSED', `${who}已被决定回避本事项，不得指派`);

  for (const prior of input.priorRoles ?? []) {
    if (prior.userId !== person.id) continue;
    // GZ 第六十五条, JCF24 第六十七条: a witness in the case steps aside from every role in it.
    if (prior.role === 'witness') refuse('WITNESS', `${who}是本案证人，应当回避`);
    // 查审分离 (GZ 第五十四条, TL21 第一百九十二条): an investigator may not review the same case.
    if (prior.role === 'investigated' && input.role === 'reviewer')
      refuse('INVESTIGATED_CASE', `${who}参与了本案审查调查，按照查审分离的规定不得参与审理`);
    // GZ 第五十九条, TL21 第二百一十一条: people of the original case may not re-examine it.
    if (prior.role === 'original_handler' && input.role === 'rechecker')
      refuse('HANDLED_ORIGINAL', `${who}承办过原案，不得参与${ASSIGNMENT_ROLE_LABELS.rechecker}`);
  }

  const unitKey = matchKey(person.unit_name);
  for (const s of input.subjects) {
    const subjectKey = matchKey(s.name);
    const employerKey = matchKey(s.employer);
    const self = mine.find(
      (r) =>
        r.kind === 'self' &&
        ((s.subjectId && r.subject_id === s.subjectId) || (s.idNumberHash && r.id_hash === s.idNumberHash)),
    );
    if (self || (subjectKey === matchKey(who) && employerKey && employerKey === unitKey))
      refuse('SELF_IS_SUBJECT', `${who}本人即被反映人${s.name}，应当回避`);
    for (const r of mine) {
      if (r.kind === 'relative') {
        const rel = relationLabel(r);
        const sameId =
          (s.subjectId && r.subject_id === s.subjectId) ||
          (s.idNumberHash && r.id_hash && r.id_hash === s.idNumberHash);
        if (sameId) {
          refuse('RELATIVE_IS_SUBJECT', `${who}的${rel}${s.name}是被反映人，应当回避`);
          continue;
        }
        // Same name, and no ID on one side to tell them apart: only a confirmation can clear it.
        if (r.name_key && r.name_key === subjectKey && (!r.id_hash || !s.idNumberHash)) {
          const place = s.regionCode && r.region_code === s.regionCode;
          const work = employerKey && r.employer_key === employerKey;
          if (place || work)
            warn(
              'RELATIVE_SAME_NAME',
              `${who}申报的${rel}与被反映人${s.name}同名，且${place ? '居住在同一地方' : '在同一单位工作'}，未能以身份证号区分，无法排除是同一人`,
            );
        }
      } else if (r.kind === 'origin' && r.region_code && s.regionCode && regionCovers(s.regionCode, r.region_code)) {
        const place = env.regionNames.get(r.region_code) ?? r.region_code;
        warn('SAME_ORIGIN', `${who}原籍${place}，与被反映人${s.name}所在地相同`);
      } else if (r.kind === 'post' && employerKey && r.employer_key === employerKey) {
        if (r.to_on && r.to_on < env.since) continue;
        const when = r.to_on ? `${r.from_on ?? ''}至${r.to_on}` : '现';
        warn('FORMER_WORKPLACE', `${who}${when}在${r.employer}工作，与被反映人${s.name}是同一单位（${env.years}年内）`);
      } else if (r.kind === 'interest') {
        const counterpart = r.name_key;
        if (employerKey && (r.employer_key === employerKey || counterpart === employerKey))
          warn('INTEREST_EMPLOYER', `${who}申报与${s.employer}存在利害关系，该单位是被反映人${s.name}的工作单位`);
        else if (counterpart && counterpart === subjectKey)
          warn('INTEREST_SUBJECT', `${who}申报与被反映人${s.name}存在利害关系`);
      }
    }
  }

  const reporter = input.reporter;
  if (reporter) {
    const reporterKey = matchKey(reporter.name);
    for (const r of mine) {
      if (r.kind !== 'relative') continue;
      const rel = relationLabel(r);
      if (reporter.idNumberHash && r.id_hash === reporter.idNumberHash)
        refuse('RELATIVE_IS_REPORTER', `${who}的${rel}是本件举报人，应当回避`);
      else if (
        reporterKey &&
        r.name_key === reporterKey &&
        (!r.id_hash || !reporter.idNumberHash) &&
        (!reporter.regionCode || !r.region_code || r.region_code === reporter.regionCode)
      )
        warn('RELATIVE_NAMED_AS_REPORTER', `${who}申报的${rel}与本件举报人同名，无法排除是同一人`);
    }
  }
  // One reason per code and words (two subjects at one employer say it once).
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const k = `${r.code}|${r.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** A recorded check, parsed. */
interface StoredCheck {
  id: string;
  resource: string;
  resource_id: string;
  role: string;
  run_at: string;
  subjects_key: string | null;
  people: PersonConflicts[];
}

async function storedCheck(ctx: Ctx, checkId: string): Promise<StoredCheck> {
  const row = await ctx.db
    .selectFrom('conflict_checks')
    .select(['id', 'resource', 'resource_id', 'role', 'result', 'run_at', 'subjects_key'])
    .where('id', '=', checkId)
    .executeTakeFirst();
  if (!row) throw errors.notFound('conflict_check');
  return { ...row, people: JSON.parse(row.result) as PersonConflicts[] };
}

/**
 * Records that the warnings of check `checkId` about `userId` were weighed and the person may
 * still be assigned, with the reason (audited). NOT_FOUND (no such check), CONFLICT_CHECK_MISMATCH
 * (the person was not in it), CONFLICT_REFUSED (they were refused: nothing can clear that),
 * CONFLICT (already confirmed). A clear person needs no confirmation; confirming one is refused
 * as a mismatch too, so a confirmation always stands for a warning someone read.
 */
export async function confirmConflictWarning(
  ctx: Ctx,
  checkId: string,
  userId: string,
  reason: string,
): Promise<{ checkId: string; userId: string; confirmedAt: string }> {
  const actor = requireActor(ctx);
  if (!reason.trim()) throw errors.validation({ field: 'reason' }, '请说明确认的理由');
  return inTransaction(ctx, async (tx) => {
    const check = await storedCheck(tx, checkId);
    const person = check.people.find((p) => p.userId === userId);
    if (!person || person.outcome === 'clear') throw domainError('CONFLICT_CHECK_MISMATCH', { checkId, userId });
    if (person.outcome === 'refuse') throw domainError('CONFLICT_REFUSED', { userId, reasons: person.reasons });
    const done = await tx.db
      .selectFrom('conflict_check_confirmations')
      .select('confirmed_at')
      .where('check_id', '=', checkId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (done) throw errors.conflict({ confirmedAt: done.confirmed_at });
    const at = nowIso(tx);
    await tx.db
      .insertInto('conflict_check_confirmations')
      .values({
        check_id: checkId,
        user_id: userId,
        confirmed_by: actor.userId,
        reason: reason.trim(),
        confirmed_at: at,
      })
      .execute();
    await recordAudit(tx, {
      action: 'conflict_check.confirm',
      resourceType: 'conflict_check',
      resourceId: checkId,
      changes: { userId: [null, userId], reasons: [null, person.reasons.map((r) => r.code)] },
    });
    return { checkId, userId, confirmedAt: at };
  });
}

/**
 * The gate an assignment passes: check `checkId` must be about this record and role and include
 * the person (CONFLICT_CHECK_MISMATCH), be younger than CONFLICT_CHECK_TTL_HOURS
 * (CONFLICT_CHECK_EXPIRED) and have compared them with the record's current subjects and
 * reporter (CONFLICT_CHECK_STALE: `subjects`/`reporter` as the caller holds them now, or loaded
 * through the record's registered loader when left out); a refused person is never assignable
 * (CONFLICT_REFUSED), a warned one only once the warning was confirmed (CONFLICT_UNCONFIRMED).
 * NOT_FOUND for an unknown check.
 */
export async function requireAssignable(
  ctx: Ctx,
  checkId: string,
  target: {
    resource: string;
    resourceId: string;
    userId: string;
    role: AssignmentRole;
    subjects?: readonly ConflictSubject[] | undefined;
    reporter?: ConflictReporter | null | undefined;
  },
): Promise<void> {
  const check = await storedCheck(ctx, checkId);
  const person = check.people.find((p) => p.userId === target.userId);
  if (
    !person ||
    check.resource !== target.resource ||
    check.resource_id !== target.resourceId ||
    check.role !== target.role
  )
    throw domainError('CONFLICT_CHECK_MISMATCH', { checkId });
  if (ctx.clock.nowMs() - Date.parse(check.run_at) > CONFLICT_CHECK_TTL_HOURS * 3600_000)
    throw domainError('CONFLICT_CHECK_EXPIRED', { checkId, runAt: check.run_at });
  const current = target.subjects
    ? { subjects: target.subjects, reporter: target.reporter ?? null }
    : await loadRecusalTarget(ctx, target.resource, target.resourceId);
  if (check.subjects_key !== subjectsKey(current.subjects, current.reporter))
    throw domainError('CONFLICT_CHECK_STALE', { checkId });
  if (person.outcome === 'refuse')
    throw domainError('CONFLICT_REFUSED', { userId: target.userId, reasons: person.reasons });
  if (person.outcome === 'warn') {
    const confirmed = await ctx.db
      .selectFrom('conflict_check_confirmations')
      .select('user_id')
      .where('check_id', '=', checkId)
      .where('user_id', '=', target.userId)
      .executeTakeFirst();
    if (!confirmed) throw domainError('CONFLICT_UNCONFIRMED', { checkId, userId: target.userId });
  }
}

/**
 * The check an assignment dialog previews (`POST /api/conflict-checks`): the record is loaded in
 * the caller's scope (NOT_FOUND otherwise) and its own subjects and reporter are used, so nobody
 * can probe a colleague's register with names of their choosing. The assigner learns only the
 * reason words about this record's subjects; a reason about the reporter is shown without
 * saying so (the reporter's identity is confidential, JK 第四十七条) and kept in full in the
 * recorded check for those who decide recusals.
 */
export async function previewConflicts(
  ctx: Ctx,
  input: { resource: string; resourceId: string; userIds: readonly string[]; role: AssignmentRole },
  load: (
    ctx: Ctx,
    resource: string,
    id: string,
  ) => Promise<{
    subjects: ConflictSubject[];
    reporter: ConflictReporter | null;
    county_code: string | null;
  }>,
): Promise<ConflictCheckResult> {
  requireActor(ctx);
  const target = await load(ctx, input.resource, input.resourceId);
  // Only the actor, their own unit's accounts and accounts of units in the actor's conflict.check
  // scope: others are not theirs to probe (404). A zone leader sits in a county office outside the
  // zone's townships and puts themselves or office colleagues on a zone team (the pool offers them).
  const me = ctx.actor?.userId ?? '';
  const myUnit = ctx.actor?.unitId ?? '';
  const people = await ctx.db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.disabled'])
    .where('u.id', 'in', [...input.userIds])
    .where((eb) =>
      eb.or([
        eb('u.id', '=', me),
        eb('u.unit_id', '=', myUnit),
        scopePredicate(eb, scopeFor(ctx, 'conflict.check'), {
          unitId: 'n.id',
          unitPath: 'n.path',
          regionPath: 'n.region_path',
        }),
      ]),
    )
    .execute();
  const known = new Set(people.map((p) => p.id));
  const outside = input.userIds.filter((id) => !known.has(id));
  if (outside.length > 0) throw errors.notFound('user');
  if (people.some((p) => Number(p.disabled) !== 0) || known.size !== input.userIds.length)
    throw errors.validation({ field: 'userIds' }, '所选人员已停用或重复');
  const result = await checkConflicts(ctx, {
    ...input,
    subjects: target.subjects,
    reporter: target.reporter,
    countyCode: target.county_code,
  });
  return {
    checkId: result.checkId,
    people: result.people.map((p) => ({
      ...p,
      reasons: p.reasons.map((r) =>
        REPORTER_REASONS.has(r.code)
          ? {
              code: 'CONFIDENTIAL_RELATION',
              text:
                p.outcome === 'refuse' && r.code === 'RELATIVE_IS_REPORTER'
                  ? `${p.name}与本事项的有关人员存在近亲属关系，应当回避（具体情形由回避决定人查阅）`
                  : `${p.name}申报的亲属可能与本事项的有关人员是同一人，需核实（具体情形由回避决定人查阅）`,
            }
          : r,
      ),
    })),
  };
}
