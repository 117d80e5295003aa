/**
 * Test factories of sanction records: a transferred case walked through the review to the
 * standing committee's decision (which drafts the sanctions), and a draft taken to `decided`
 * through the sanctions routes.
 */
import { expect } from 'vitest';
import { decideAll, makeTransferredCase } from './case-factories.js';
import { makeReviewer } from './factories.js';
import type { Client, TestEnv } from './harness.js';

/** What `decidedReviewCase` made. */
export interface DecidedReviewCase {
  caseId: string;
  reviewId: string;
  /** The case subject (`case_subjects.id`). */
  caseSubjectId: string;
  /** The drafted sanctions, in the order of `codes`. */
  sanctionIds: string[];
  reviewer: Client;
}

/** The person the case is about, as the test wants them (set on the case subject before the decision). */
export interface DecidedReviewOptions {
  authority?: 'county_managed' | 'township_managed' | 'village_cadre' | 'other';
  partyMember?: boolean;
  /** The registry subject (`subjects.id`): the stacking key. */
  registrySubjectId?: string | null;
  /** The committee's date (default the session's today, 2026-11-20). */
  heldOn?: string;
  /** The case as `makeTransferredCase` makes it (default: a zone case of a township1 village). */
  kase?: Parameters<typeof makeTransferredCase>[1];
  /** The person's position (职务) on the case subject (the draft reads a party post from it). */
  position?: string;
}

async function userId(env: TestEnv, username: string): Promise<string | null> {
  const row = await env.ctx().db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return row?.id ?? null;
}

/**
 * A transferred case (`makeTransferredCase`) walked through the review by `reviewer` and
 * `reviewer2` (made when missing): accepted, a team of two, the report with `codes` for its one
 * subject signed and approved, the standing committee's decision. Returns the ids, the drafted
 * sanctions among them. The committee's answer must be 201 (the test fails otherwise).
 */
export async function decidedReviewCase(
  env: TestEnv,
  codes: readonly string[],
  opts: DecidedReviewOptions = {},
): Promise<DecidedReviewCase> {
  const r = await committeeReady(env, opts);
  const res = await committee(env, r, codes, opts.heldOn);
  expect(res.statusCode, res.body).toBe(201);
  return { ...r, sanctionIds: res.json().sanctionIds as string[] };
}

/** A case up to the committee (report approved), its subject set as `opts` says. */
export async function committeeReady(env: TestEnv, opts: DecidedReviewOptions = {}) {
  const reviewer2Id = (await userId(env, 'reviewer2')) ?? (await makeReviewer(env, 'reviewer2', '审理室干部二'));
  const reviewerId = (await userId(env, 'reviewer'))!;
  const made = await makeTransferredCase(env, opts.kase);
  const db = env.ctx().db;
  const subject = await db
    .selectFrom('case_subjects')
    .select('id')
    .where('case_id', '=', made.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('case_subjects')
    .set({
      authority: opts.authority ?? 'village_cadre',
      party_member: opts.partyMember === false ? 0 : 1,
      ...(opts.position !== undefined ? { position: opts.position } : {}),
      ...(opts.registrySubjectId !== undefined ? { subject_id: opts.registrySubjectId } : {}),
    })
    .where('id', '=', subject.id)
    .execute();
  const reviewer = await env.as('reviewer');
  const reviewer2 = await env.as('reviewer2');
  const version = async () =>
    (await db.selectFrom('reviews').select('version').where('id', '=', made.reviewId).executeTakeFirstOrThrow())
      .version;
  const ok = (res: { statusCode: number; body: string }, code = 200) => expect(res.statusCode, res.body).toBe(code);
  ok(
    await reviewer.post(`/api/reviews/${made.reviewId}/acceptance`, {
      version: await version(),
      decision: 'accept',
      reason: '移送材料齐全，符合受理条件',
    }),
  );
  const check = await reviewer.post(`/api/reviews/${made.reviewId}/conflict-checks`, {
    userIds: [reviewerId, reviewer2Id],
  });
  ok(check);
  ok(
    await reviewer.put(`/api/reviews/${made.reviewId}/team`, {
      version: await version(),
      checkId: check.json().checkId,
      members: [
        { userId: reviewerId, role: 'leader' },
        { userId: reviewer2Id, role: 'member' },
      ],
    }),
  );
  const saved = await reviewer.put(`/api/reviews/${made.reviewId}/report`, {
    version: await version(),
    facts: '2025年擅自支出村集体资金3万元。',
    analysis: '违反群众纪律。',
    opinion: '建议给予处分。',
    proposedOutcomes: [{ subjectId: subject.id, summary: '拟给予处分' }],
    prosecution: false,
  });
  ok(saved);
  const hash = saved.json().hash as string;
  ok(await reviewer.post(`/api/reviews/${made.reviewId}/report/signatures`, { hash }), 201);
  ok(await reviewer2.post(`/api/reviews/${made.reviewId}/report/signatures`, { hash }), 201);
  const sent = await reviewer.post(`/api/reviews/${made.reviewId}/report/submission`, { version: await version() });
  ok(sent, 201);
  await decideAll(env, sent.json().approvalId);
  return { caseId: made.id, reviewId: made.reviewId, caseSubjectId: subject.id, reviewer };
}

/** The standing committee's decision with `codes` for the case's subject (the raw answer). */
export async function committee(
  env: TestEnv,
  r: { reviewId: string; caseSubjectId: string; reviewer: Client },
  codes: readonly string[],
  heldOn = '2026-11-20',
) {
  const row = await env
    .ctx()
    .db.selectFrom('reviews')
    .select('version')
    .where('id', '=', r.reviewId)
    .executeTakeFirstOrThrow();
  return r.reviewer.post(`/api/reviews/${r.reviewId}/committee-decision`, {
    version: row.version,
    heldOn,
    membersTotal: 5,
    present: ['甲', '乙', '丙'],
    decision: '按审理意见给予处分',
    proposedOutcomes: [{ subjectId: r.caseSubjectId, summary: '按审理意见处理', codes: [...codes] }],
  });
}

/** A passing roll: `yes` of `should` voting members vote yes, all present. */
export function passingRoll(should = 5, yes = 3) {
  return Array.from({ length: should }, (_, i) => ({
    name: `党员${i + 1}`,
    votingRights: true,
    shouldAttend: true,
    present: true,
    vote: i < yes ? ('yes' as const) : ('no' as const),
  }));
}

/** The current version of a sanction. */
export async function sanctionVersion(env: TestEnv, id: string): Promise<number> {
  return (await env.ctx().db.selectFrom('sanctions').select('version').where('id', '=', id).executeTakeFirstOrThrow())
    .version;
}

/**
 * Takes draft `id` to `decided` through the routes as `client`: for a party sanction a passing
 * branch meeting, for a state one the defence heard; for a party committee's decision the
 * commission's submission first; then the decision by `body` (default the township commission) on
 * `decidedOn` (default 2026-11-20). Returns the decision's answer body.
 */
export async function decidedSanction(
  env: TestEnv,
  client: Client,
  id: string,
  opts: { body?: string; decidedOn?: string; ref?: string } = {},
) {
  const row = await env.ctx().db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (row.system === 'party') {
    const m = await client.post(`/api/sanctions/${id}/branch-meetings`, {
      version: await sanctionVersion(env, id),
      branchName: '村党支部',
      heldOn: '2026-11-20',
      roll: passingRoll(),
      resolution: '同意给予处分',
      personSignature: 'signed',
    });
    expect(m.statusCode, m.body).toBe(201);
  }
  if (row.system === 'state' && !row.defence_heard_on) {
    const d = await client.post(`/api/sanctions/${id}/defence`, {
      version: await sanctionVersion(env, id),
      heardOn: '2026-11-20',
      summary: '对事实无异议',
    });
    expect(d.statusCode, d.body).toBe(200);
  }
  if (opts.body?.endsWith('_party_committee')) {
    const sub = await client.post(`/api/sanctions/${id}/submission`, {
      version: await sanctionVersion(env, id),
      on: opts.decidedOn ?? '2026-11-20',
    });
    expect(sub.statusCode, sub.body).toBe(200);
  }
  const res = await client.post(`/api/sanctions/${id}/decision`, {
    version: await sanctionVersion(env, id),
    approvingBody: opts.body ?? (row.system === 'party' ? 'township_commission' : 'county_commission'),
    approvingBodyName: '某镇纪委',
    decisionRef: opts.ref ?? '镇纪发〔2026〕1号',
    decidedOn: opts.decidedOn ?? '2026-11-20',
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ version: number; effectStart: string | null; effectEnd: string | null; stackedDays: number }>();
}
