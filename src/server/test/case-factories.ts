/**
 * Test factories of the case stage: a clue proposed for filing (its handover waiting), a filing
 * request, an approval driven to its end, and a filed case. Written through the modules' own
 * functions; only the clue's path to 拟立案 is taken as state moves (the clue stage's own tests
 * walk the verification itself).
 */
import { sql } from 'kysely';
import { decideApproval, recordOfflineStep } from '../modules/approvals/index.js';
import {
  type FilingInput,
  addCaseMember,
  authorizeCase,
  caseDocument,
  closeCase,
  requestFiling,
  setCaseState,
} from '../modules/cases/index.js';
import { reviewOnTransfer } from '../modules/review/index.js';
import { setClueState } from '../modules/clues/index.js';
import { toShanghaiDate } from '../shared/calendar/calendar.js';
import { inTransaction, nowIso } from '../shared/context.js';
import { newId } from '../shared/ids.js';
import { type MadeClue, ctxAs, makeClue, villageOf } from './factories.js';
import type { TestEnv } from './harness.js';

/**
 * A clue moved to 拟立案 (`case_proposed`) with its filing handover waiting, as the approved
 * verification report leaves it. `username` registers it (案管 by default: a county clue; the
 * township secretary: their township's); `over` as for `makeClue`.
 */
export async function makeProposedClue(
  env: TestEnv,
  username = 'casemgr',
  over: Record<string, unknown> = {},
): Promise<MadeClue> {
  const clue = await makeClue(env, username, over);
  const ctx = await ctxAs(env, username);
  let version = clue.version;
  await inTransaction(ctx, async (tx) => {
    for (const status of ['assigned', 'disposal_proposed', 'verification', 'case_proposed'] as const)
      version = (await setClueState(tx, clue.id, version, { status })).version;
    const row = await tx.db
      .selectFrom('clues')
      .select(['owner_unit_id', 'owner_unit_path', 'region_path', 'county_code'])
      .where('id', '=', clue.id)
      .executeTakeFirstOrThrow();
    // The handover the approved verification report writes (clues.verification.outcome.ts).
    await sql`insert into clue_handovers (id, clue_id, kind, source_approval_id, note, owner_unit_id,
      owner_unit_path, region_path, county_code, created_by, created_at, taken_at)
      values (${newId()}, ${clue.id}, 'filing_request', null, '建议立案审查调查', ${row.owner_unit_id},
      ${row.owner_unit_path}, ${row.region_path}, ${row.county_code}, ${ctx.actor!.userId}, ${nowIso(tx)}, null)`.execute(
      tx.db,
    );
  });
  return { ...clue, version };
}

/** A filing request's body with sensible defaults (zone mode, the public-reaction reason). */
export function filingBody(over: Partial<FilingInput> = {}): FilingInput {
  return {
    title: '关于对测试对象立案审查调查的请示',
    targetKind: 'person',
    summary: '涉嫌违规使用村集体资金',
    basis: '初步核实查明：2025年该村集体资金3万元未经民主程序支出。',
    conditions: ['facts_established', 'needs_investigation', 'accountability'],
    handling: { mode: 'zone', reason: 'local_recusal' },
    ...over,
  };
}

/**
 * Drives approval `approvalId` to its end with `decision` at every step: each platform step by
 * its holder, each offline step (同级党委主要负责人) recorded by the drafter from the paper.
 * Returns the number of steps decided.
 */
export async function decideAll(
  env: TestEnv,
  approvalId: string,
  decision: 'approve' | 'return' | 'reject' = 'approve',
): Promise<number> {
  let steps = 0;
  for (;;) {
    const db = env.ctx().db;
    const row = await db
      .selectFrom('approvals')
      .select(['status', 'version', 'current_step_id', 'current_holder_id', 'drafter_id'])
      .where('id', '=', approvalId)
      .executeTakeFirstOrThrow();
    if (row.status !== 'pending') return steps;
    const step = await db
      .selectFrom('approval_steps')
      .select(['offline'])
      .where('id', '=', row.current_step_id!)
      .executeTakeFirstOrThrow();
    const holder = Number(step.offline) === 1 ? row.drafter_id : row.current_holder_id!;
    const username = (
      await db.selectFrom('users').select('username').where('id', '=', holder).executeTakeFirstOrThrow()
    ).username;
    const ctx = await ctxAs(env, username);
    const opinion = decision === 'approve' ? '同意' : '请补充';
    if (Number(step.offline) === 1)
      await recordOfflineStep(ctx, approvalId, {
        decision,
        opinion,
        signerName: '县委书记',
        signedOn: '2026-11-20',
        version: row.version,
      });
    else await decideApproval(ctx, approvalId, { decision, opinion, version: row.version });
    steps++;
    if (decision !== 'approve') return steps;
  }
}

/** What `makeCase` made. */
export interface MadeCase {
  id: string;
  number: string | null;
  clueId: string | null;
  approvalId: string;
}

/**
 * A case filed from a proposed clue (approved through the whole `case.filing` chain unless
 * `approve: false`), drafted by `drafter` (案管 by default); `filing` overrides the request.
 */
export async function makeCase(
  env: TestEnv,
  opts: { drafter?: string; clueOver?: Record<string, unknown>; filing?: Partial<FilingInput>; approve?: boolean } = {},
): Promise<MadeCase> {
  const drafter = opts.drafter ?? 'casemgr';
  const clue = await makeProposedClue(env, drafter, {
    regionCode: await villageOf(env, 'township1'),
    ...opts.clueOver,
  });
  const made = await requestFiling(await ctxAs(env, drafter), filingBody({ clueId: clue.id, ...opts.filing }));
  if (opts.approve !== false) await decideAll(env, made.approvalId);
  const row = await env
    .ctx()
    .db.selectFrom('cases')
    .select('number')
    .where('id', '=', made.id)
    .executeTakeFirstOrThrow();
  return { id: made.id, number: row.number, clueId: clue.id, approvalId: made.approvalId };
}

/**
 * 一案一授权 for a filed case whose team is set (≥ 2): its zone's commander (`commander`: zone1
 * commands the zone of the default cases in township1) authorises it and its team today, as the
 * 协作区 tab does. Nothing for a case not handled by a zone (nothing to authorise).
 */
export async function authoriseCase(env: TestEnv, caseId: string, commander = 'zone1'): Promise<void> {
  const row = await env
    .ctx()
    .db.selectFrom('cases')
    .select(['mode', 'version'])
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  if (row.mode !== 'zone') return;
  await authorizeCase(await ctxAs(env, commander), caseId, {
    version: row.version,
    scope: '对被审查调查人开展谈话、调取证据',
    authorizedOn: toShanghaiDate(new Date(env.clock.nowMs()).toISOString()),
  });
}

/**
 * Puts `usernames` on case `caseId`'s team directly (the first as leader), without the recusal
 * check the team route runs: for tests whose subject is what a team does, not how it is formed.
 */
export async function addTeam(env: TestEnv, caseId: string, usernames: readonly string[]): Promise<void> {
  const users = await env
    .ctx()
    .db.selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['u.id', 'u.username', 'u.display_name', 'n.name'])
    .where('u.username', 'in', [...usernames])
    .execute();
  await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
    for (const [i, username] of usernames.entries()) {
      const u = users.find((r) => r.username === username);
      if (!u) throw new Error(`no user ${username}`);
      await addCaseMember(
        tx,
        caseId,
        { userId: u.id, name: u.display_name, unitName: u.name },
        i === 0 ? 'leader' : 'member',
      );
    }
  });
}

/** Options of `closedCase`. */
export interface ClosedCaseOptions {
  /** The filing request's overrides (e.g. `handling: { mode: 'self', reason: 'simple' }`). */
  filing?: Partial<FilingInput>;
  /** The team, leader first (default: tstaff1 leading, office1). */
  team?: readonly string[];
  /** Runs while the case is under investigation (evidence, actions…); returns evidence ids to cite. */
  investigate?: (caseId: string) => Promise<string[] | void>;
  /** Case documents generated before the review (default: the three a closed case must have). */
  documents?: readonly string[];
  /** Record the filing with the higher organ on the day of closing (meets timer 34; default true). */
  higherFiling?: boolean;
}

/**
 * A case walked to `closed` through the cases module's routes and functions: filed, its team set
 * and authorised, plan approved, facts shown, the investigation report written, signed, discussed
 * and approved (transferred to review), closed by `closeCase`, then the documents generated and,
 * unless told otherwise, the filing with the higher organ recorded.
 */
export async function closedCase(env: TestEnv, opts: ClosedCaseOptions = {}): Promise<MadeCase> {
  const made = await makeCase(env, opts.filing ? { filing: opts.filing } : {});
  const team = opts.team ?? ['tstaff1', 'office1'];
  await addTeam(env, made.id, team);
  await authoriseCase(env, made.id);
  const db = () => env.ctx().db;
  const row = () => db().selectFrom('cases').selectAll().where('id', '=', made.id).executeTakeFirstOrThrow();
  const users = await db()
    .selectFrom('users')
    .select(['id', 'username'])
    .where('username', 'in', [...team])
    .execute();
  const idOf = (u: string) => users.find((x) => x.username === u)!.id;
  const clients = await Promise.all(team.map((u) => env.as(u)));
  const lead = clients[0]!;
  const ok = <R extends { statusCode: number; body: string }>(res: R, what: string): R => {
    if (res.statusCode >= 300) throw new Error(`closedCase: ${what} answered ${res.statusCode} ${res.body}`);
    return res;
  };
  const plan = ok(
    await lead.post(`/api/cases/${made.id}/plans`, {
      version: (await row()).version,
      kind: 'investigation',
      title: '审查调查方案',
      text: { objectives: '查清问题', target: null, matters: [], measures: ['调取账目'], schedule: [], safety: [] },
    }),
    'plan',
  );
  await decideAll(env, plan.json<{ approvalId: string }>().approvalId);
  const cited = (await opts.investigate?.(made.id)) ?? [];
  const subject = await db()
    .selectFrom('case_subjects')
    .select('id')
    .where('case_id', '=', made.id)
    .executeTakeFirstOrThrow();
  const r = await row();
  ok(
    await lead.post(`/api/cases/${made.id}/facts-shown`, {
      version: r.version,
      subjectId: subject.id,
      shownOn: r.filed_on,
      shownBy: team.slice(0, 2).map(idOf),
      signed: true,
      refused: false,
      opinion: '对事实无异议',
    }),
    'facts shown',
  );
  const saved = ok(
    await lead.put(`/api/cases/${made.id}/report`, {
      background: ['测试对象，中共党员'],
      facts: ['违规支出村集体资金3万元'],
      attitude: [],
      proposal: '建议给予党内警告处分',
      evidenceIds: cited,
    }),
    'report',
  ).json<{ contentHash: string; version: number }>();
  for (const c of clients)
    ok(await c.post(`/api/cases/${made.id}/report/signatures`, { contentHash: saved.contentHash }), 'signature');
  const d = await row();
  ok(
    await lead.post(`/api/cases/${made.id}/discussions`, {
      version: d.version,
      heldOn: d.filed_on,
      present: team.map(idOf),
      absent: [],
      conclusion: '经集体讨论，同意审查调查报告',
    }),
    'discussion',
  );
  const sent = ok(
    await lead.post(`/api/cases/${made.id}/report/submission`, {
      version: saved.version,
      caseVersion: (await row()).version,
      attachments: {
        selfReflection: { attached: true, reference: '卷二第3页' },
        factsMaterial: { attached: true, reference: '卷二第10页' },
        propertyReport: { attached: false, note: '本案不涉及涉案财物' },
      },
    }),
    'submission',
  );
  await decideAll(env, sent.json<{ approvalId: string }>().approvalId);
  const ctx = await ctxAs(env, 'casemgr');
  const transferred = (await row()).version;
  await inTransaction(ctx, (tx) => closeCase(tx, made.id, transferred, { note: '审理终结' }));
  for (const name of opts.documents ?? ['case_filing_decision', 'case_filing_notice', 'investigation_report'])
    await caseDocument(ctx, made.id, name, 'pdf');
  if (opts.higherFiling !== false) {
    const view = ok(await lead.get(`/api/cases/${made.id}/conclusion`), 'conclusion').json<{
      closing: { version: number; closedOn: string };
    }>();
    ok(
      await lead.post(`/api/cases/${made.id}/higher-filing`, {
        version: view.closing.version,
        filedOn: view.closing.closedOn,
        documentNumber: '渑纪备〔2026〕1号',
      }),
      'higher filing',
    );
  }
  return { ...made, number: (await row()).number };
}

/**
 * A case transferred to review (审查调查报告 approved) with its review opened, as the report's
 * approval leaves it: `makeCase` (`opts` as there), a team of `team` (office1 and tstaff1 by
 * default), the state moved through investigating, facts_shown and reported to `transferred`, and
 * the review module's transfer hook run. Returns the case and its review's id.
 */
export async function makeTransferredCase(
  env: TestEnv,
  opts: Parameters<typeof makeCase>[1] & { team?: readonly string[] } = {},
): Promise<MadeCase & { reviewId: string }> {
  const made = await makeCase(env, opts);
  await addTeam(env, made.id, opts.team ?? ['office1', 'tstaff1']);
  await inTransaction(await ctxAs(env, 'casemgr'), async (tx) => {
    for (const status of ['investigating', 'facts_shown', 'reported', 'transferred'] as const) {
      const row = await tx.db.selectFrom('cases').select('version').where('id', '=', made.id).executeTakeFirstOrThrow();
      await setCaseState(tx, made.id, row.version, status);
    }
    await reviewOnTransfer(tx, made.id);
  });
  const review = await env
    .ctx()
    .db.selectFrom('reviews')
    .select('id')
    .where('case_id', '=', made.id)
    .executeTakeFirstOrThrow();
  return { ...made, reviewId: review.id };
}
