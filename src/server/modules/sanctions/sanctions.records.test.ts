import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  committee,
  committeeReady,
  decidedReviewCase,
  decidedSanction,
  passingRoll,
  sanctionVersion,
} from '../../test/sanction-factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { carriedDays, partyEffectPeriod, periodOfRow } from './index.js';

describe.each(testDialects())('sanction records from the review decision to the steps on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const sanction = (id: string) =>
    env.ctx().db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const clocks = (id: string) =>
    env
      .ctx()
      .db.selectFrom('deadlines')
      .selectAll()
      .where('resource_type', '=', 'sanction')
      .where('resource_id', '=', id)
      .orderBy('kind')
      .orderBy('seq')
      .execute();
  const meetings = (id: string) =>
    env.ctx().db.selectFrom('sanction_branch_meetings').selectAll().where('sanction_id', '=', id).execute();

  it('drafts a village cadre’s 党内警告 and 政务警告 from the county review, decides them after a branch meeting and the defence, and the steps meet their clocks', async () => {
    const made = await decidedReviewCase(env, ['party.warning', 'state.warning'], { authority: 'village_cadre' });
    expect(made.sanctionIds).toHaveLength(2);
    const [partyId, stateId] = made.sanctionIds as [string, string];
    const kase = await env
      .ctx()
      .db.selectFrom('cases')
      .selectAll()
      .where('id', '=', made.caseId)
      .executeTakeFirstOrThrow();
    const party = await sanction(partyId);
    expect(party).toMatchObject({
      status: 'drafted',
      system: 'party',
      kind: 'warning',
      outcome_code: 'party.warning',
      authority: 'village_cadre',
      limited_subject: 'village_cadre',
      party_member: 1,
      owner_unit_id: kase.handling_unit_id,
      required_body: 'township_commission',
      case_id: made.caseId,
      review_id: made.reviewId,
    });
    expect((await sanction(stateId)).system).toBe('state');
    const trail = await env
      .ctx()
      .db.selectFrom('sanction_events')
      .selectAll()
      .where('sanction_id', '=', partyId)
      .execute();
    expect(trail.map((e) => e.action)).toEqual(['drafted']);
    const audit = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', partyId)
      .execute();
    expect(audit.map((a) => a.action)).toContain('sanction.draft');

    // The case's outcomes: both, with the village cadre's allowance warning.
    const reviewer = made.reviewer;
    const list = await reviewer.get(`/api/cases/${made.caseId}/sanctions`);
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list
        .json()
        .items.map((i: { id: string }) => i.id)
        .sort(),
    ).toEqual([partyId, stateId].sort());
    expect(list.json().warnings.map((w: { code: string }) => w.code)).toContain('allowance_reduced');

    // Out of order: a step before the decision.
    const early = await reviewer.post(`/api/sanctions/${partyId}/steps/announced`, {
      version: await sanctionVersion(env, partyId),
      on: '2026-11-20',
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('SANCTION_STEP_ORDER');
    expect(early.json().error.message).toContain('尚未作出决定');

    // A party sanction needs the branch meeting (or a direct decision).
    const decision = async (id: string, body = 'township_commission') =>
      reviewer.post(`/api/sanctions/${id}/decision`, {
        version: await sanctionVersion(env, id),
        approvingBody: body,
        approvingBodyName: '某镇纪委',
        decisionRef: '镇纪发〔2026〕1号',
        decidedOn: '2026-11-20',
      });
    const noMeeting = await decision(partyId);
    expect(noMeeting.statusCode).toBe(409);
    expect(noMeeting.json().error.code).toBe('SANCTION_NO_BRANCH_RESOLUTION');

    // Branch meeting: exactly half present fails quorum, exactly half yes fails majority; nothing written.
    const meeting = async (roll: unknown[]) =>
      reviewer.post(`/api/sanctions/${partyId}/branch-meetings`, {
        version: await sanctionVersion(env, partyId),
        branchName: '某村党支部',
        heldOn: '2026-11-20',
        roll,
        resolution: '同意给予党内警告处分',
        personOpinion: '无异议',
        personSignature: 'signed',
      });
    const halfPresent = passingRoll(6, 3).map((l, i) => ({ ...l, present: i < 3, vote: i < 3 ? l.vote : null }));
    const q = await meeting(halfPresent);
    expect(q.statusCode).toBe(409);
    expect(q.json().error).toMatchObject({
      code: 'SANCTION_BRANCH_QUORUM',
      details: { shouldAttend: 6, present: 3, needed: 4 },
    });
    const halfYes = await meeting(passingRoll(6, 3));
    expect(halfYes.statusCode).toBe(409);
    expect(halfYes.json().error).toMatchObject({ code: 'SANCTION_BRANCH_MAJORITY', details: { yes: 3, needed: 4 } });
    expect(await meetings(partyId)).toHaveLength(0);
    // Half + 1; the subject on the roll has no vote and is not counted.
    const passed = await meeting([
      ...passingRoll(6, 4),
      { name: '被处分人', isSubject: true, votingRights: true, shouldAttend: true, present: true, vote: null },
    ]);
    expect(passed.statusCode, passed.body).toBe(201);
    expect(passed.json().needed).toBe(4);
    expect(await meetings(partyId)).toMatchObject([{ should_attend: 6, votes_for: 4, passed: 1 }]);

    const decided = await decision(partyId);
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ effectStart: '2026-11-20', effectEnd: '2027-11-20', stackedDays: 0 });
    expect(await sanction(partyId)).toMatchObject({
      status: 'decided',
      four_form: 2,
      approving_body: 'township_commission',
    });
    const partyClocks = await clocks(partyId);
    expect(partyClocks.map((c) => c.kind)).toEqual(['sanction_announce', 'sanction_execution_report']);
    expect(partyClocks.find((c) => c.kind === 'sanction_announce')!.legal_due_on).toBe('2026-12-20');
    expect(partyClocks.find((c) => c.kind === 'sanction_execution_report')!.legal_due_on).toBe('2027-05-20');

    // A state sanction: the defence first.
    const noDefence = await decision(stateId, 'county_commission');
    expect(noDefence.statusCode).toBe(409);
    expect(noDefence.json().error.code).toBe('SANCTION_DEFENCE_NOT_HEARD');
    const st = await decidedSanction(env, reviewer, stateId, { body: 'county_commission' });
    expect(st).toMatchObject({ effectStart: '2026-11-20', effectEnd: '2027-05-20' });
    expect((await clocks(stateId)).map((c) => c.kind)).toEqual(['admin_sanction_delivery']);

    // Steps: announced meets timer 14; the state one is announced only after delivery.
    const step = async (id: string, s: string) =>
      reviewer.post(`/api/sanctions/${id}/steps/${s}`, { version: await sanctionVersion(env, id), on: '2026-11-20' });
    const execFirst = await step(partyId, 'execution_reported');
    expect(execFirst.statusCode).toBe(409);
    expect(execFirst.json().error).toMatchObject({ code: 'SANCTION_STEP_ORDER', details: { missing: 'announced' } });
    expect((await step(partyId, 'announced')).statusCode).toBe(200);
    expect((await step(partyId, 'announced')).statusCode).toBe(409);
    expect((await step(partyId, 'execution_reported')).statusCode).toBe(200);
    const met = await clocks(partyId);
    expect(met.every((c) => c.met_at !== null)).toBe(true);
    const stateAnnounce = await step(stateId, 'announced');
    expect(stateAnnounce.json().error).toMatchObject({
      code: 'SANCTION_STEP_ORDER',
      details: { missing: 'delivered' },
    });
    expect((await step(stateId, 'delivered')).statusCode).toBe(200);
    const stateClocks = await clocks(stateId);
    expect(stateClocks.find((c) => c.kind === 'admin_sanction_delivery')!.met_at).not.toBeNull();
    expect(stateClocks.filter((c) => c.met_at === null).map((c) => c.kind)).toEqual([
      'admin_sanction_execution',
      'state_review_apply',
    ]);

    // The page: trail, clocks, what may be done next.
    const page = await reviewer.get(`/api/sanctions/${partyId}`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json().events.map((e: { action: string }) => e.action)).toEqual([
      'drafted',
      'branch_meeting',
      'decided',
      'announced',
      'execution_reported',
    ]);
    expect(page.json().branchMeetings).toHaveLength(1);
    expect(page.json().clocks).toHaveLength(2);
    expect(page.json().next).toEqual(['delivered']);
    // The workbench: the decided records' running clocks are due within the month; none is drafted.
    type Card = { key: string; items: { href: string | null }[] };
    const cards = async (client: typeof reviewer) =>
      new Map((await client.get('/api/workbench')).json<{ cards: Card[] }>().cards.map((c) => [c.key, c]));
    env.clock.advance(29 * 86_400_000);
    const mine = await cards(await env.as('reviewer'));
    expect(mine.get('sanction.steps_due')?.items.map((i) => i.href)).toContain(`/sanctions/${stateId}`);
    expect(mine.get('sanction.steps_due')?.items.map((i) => i.href)).not.toContain(`/sanctions/${partyId}`);
    const theirs = await cards(await env.as('township2'));
    expect(theirs.get('sanction.steps_due')?.items.map((i) => i.href) ?? []).not.toContain(`/sanctions/${stateId}`);
    // Out of scope: another township's staff do not find it.
    const township2 = await env.as('township2');
    expect((await township2.get(`/api/sanctions/${partyId}`)).statusCode).toBe(404);
  });

  it('refuses an unknown outcome code and a village cadre’s 降级 at the committee with nothing written', async () => {
    const r = await committeeReady(env, { authority: 'village_cadre' });
    const unknown = await committee(env, r, ['party_warning']);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('处理结果代码不正确：party_warning');
    const demotion = await committee(env, r, ['state.demotion']);
    expect(demotion.statusCode).toBe(400);
    expect(demotion.json().error.code).toBe('SANCTION_VILLAGE_CADRE');
    expect(demotion.json().error.message).toContain('不能给予降级');
    const review = await env
      .ctx()
      .db.selectFrom('reviews')
      .select('status')
      .where('id', '=', r.reviewId)
      .executeTakeFirstOrThrow();
    expect(review.status).toBe('deliberation');
    const rows = await env.ctx().db.selectFrom('sanctions').select('id').where('case_id', '=', r.caseId).execute();
    expect(rows).toHaveLength(0);
    // An edit to a kind a village cadre cannot receive is refused too.
    const ok = await committee(env, r, ['state.demerit']);
    expect(ok.statusCode, ok.body).toBe(201);
    const [id] = ok.json().sanctionIds as string[];
    const edit = await r.reviewer.patch(`/api/sanctions/${id}`, {
      version: await sanctionVersion(env, id!),
      kind: 'removal',
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.code).toBe('SANCTION_VILLAGE_CADRE');
    expect((await sanction(id!)).kind).toBe('demerit');
  });

  it('refuses approval by a body without the power, by level', async () => {
    const made = await decidedReviewCase(env, ['party.post_removal'], { authority: 'township_managed' });
    const id = made.sanctionIds[0]!;
    const reviewer = made.reviewer;
    const m = await reviewer.post(`/api/sanctions/${id}/branch-meetings`, {
      version: await sanctionVersion(env, id),
      branchName: '某党支部',
      heldOn: '2026-11-20',
      roll: passingRoll(),
      resolution: '同意',
      personSignature: 'refused',
    });
    expect(m.statusCode, m.body).toBe(201);
    const decide = async (sid: string, body: string, extra: Record<string, unknown> = {}) =>
      reviewer.post(`/api/sanctions/${sid}/decision`, {
        version: await sanctionVersion(env, sid),
        approvingBody: body,
        approvingBodyName: '批准机关',
        decisionRef: '发〔2026〕2号',
        decidedOn: '2026-11-20',
        ...extra,
      });
    const township = await decide(id, 'township_commission');
    expect(township.statusCode).toBe(409);
    expect(township.json().error).toMatchObject({
      code: 'SANCTION_APPROVER',
      details: { required: 'township_party_committee' },
    });
    expect(township.json().error.message).toContain('无权批准给予撤销党内职务');
    expect((await sanction(id)).status).toBe('drafted');
    // The township party committee decides what its commission submitted: not before.
    const early = await decide(id, 'township_party_committee');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('SANCTION_TRANSITION');
    expect(early.json().error.message).toContain('请先报送党委审批');
    // 撤销党内职务 needs the person's party post recorded first.
    const unknown = await reviewer.post(`/api/sanctions/${id}/submission`, {
      version: await sanctionVersion(env, id),
      on: '2026-11-20',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.field).toBe('holdsPartyPost');
    const held = await reviewer.patch(`/api/sanctions/${id}`, {
      version: await sanctionVersion(env, id),
      holdsPartyPost: true,
    });
    expect(held.statusCode, held.body).toBe(200);
    const submitted = await reviewer.post(`/api/sanctions/${id}/submission`, {
      version: await sanctionVersion(env, id),
      on: '2026-11-20',
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'submitted', committee: 'township_party_committee' });
    // Timer 17's first leg ran from the commission's vote and was met by the submission.
    const leg = (await clocks(id)).find((c) => c.kind === 'committee_submission')!;
    expect(leg.legal_due_on).toBe('2026-12-05');
    expect(leg.met_at).not.toBeNull();
    // The township party committee may now; the decision does not open the first leg again (job/pay too).
    const ok = await decide(id, 'township_party_committee');
    expect(ok.statusCode, ok.body).toBe(200);
    const cs = await clocks(id);
    expect(cs.map((c) => c.kind)).toEqual([
      'committee_submission',
      'sanction_announce',
      'sanction_execution_report',
      'sanction_job_pay',
    ]);
    expect(cs[0]!.legal_due_on).toBe('2026-12-05');
    // Timer 15 extends up to 5 more months through the deadlines module.
    const ext = await reviewer.post(`/api/sanctions/${id}/job-pay-extension`, {
      version: await sanctionVersion(env, id),
      months: 6,
      reason: '岗位调整需上级批准',
    });
    expect(ext.statusCode).toBe(400);
    const sub = await reviewer.post(`/api/sanctions/${id}/steps/submitted_committee`, {
      version: await sanctionVersion(env, id),
      on: '2026-11-20',
    });
    // Already taken by the submission before the decision: not recorded twice.
    expect(sub.statusCode).toBe(409);
    expect(sub.json().error.code).toBe('SANCTION_STEP_ORDER');
    expect((await sanction(id)).submitted_on).toBe('2026-11-20');
    const up = await reviewer.post(`/api/sanctions/${id}/steps/submitted_up`, {
      version: await sanctionVersion(env, id),
      on: '2026-11-20',
    });
    expect(up.statusCode).toBe(409);

    // 开除党籍 needs the county commission; it opens timer 17's second leg after the committee agreed.
    const exp = await decidedReviewCase(env, ['party.expulsion'], { authority: 'township_managed' });
    const eid = exp.sanctionIds[0]!;
    const em = await reviewer.post(`/api/sanctions/${eid}/branch-meetings`, {
      version: await sanctionVersion(env, eid),
      branchName: '某党支部',
      heldOn: '2026-11-20',
      roll: passingRoll(),
      resolution: '同意开除党籍',
      personSignature: 'absent',
    });
    expect(em.statusCode).toBe(201);
    const byTownshipCommittee = await decide(eid, 'township_party_committee');
    expect(byTownshipCommittee.json().error).toMatchObject({
      code: 'SANCTION_APPROVER',
      details: { required: 'county_commission' },
    });
    const byCounty = await decide(eid, 'county_commission', { committeeAgreedOn: '2026-11-20' });
    expect(byCounty.statusCode, byCounty.body).toBe(200);
    const legs = (await clocks(eid)).filter((c) => c.kind === 'committee_submission');
    expect(legs.map((c) => Number(c.seq))).toEqual([1, 2]);
    expect((await sanction(eid)).readmission_after).toBe('2031-11-21');
  });

  it('refuses a heavier kind after the defence unless a new fact is recorded; withdraws a draft', async () => {
    const made = await decidedReviewCase(env, ['party.warning'], { authority: 'village_cadre' });
    const id = made.sanctionIds[0]!;
    const r = made.reviewer;
    const defence = await r.post(`/api/sanctions/${id}/defence`, {
      version: await sanctionVersion(env, id),
      heardOn: '2026-11-20',
      summary: '请求从轻处理',
    });
    expect(defence.statusCode, defence.body).toBe(200);
    const heavier = await r.patch(`/api/sanctions/${id}`, {
      version: await sanctionVersion(env, id),
      kind: 'serious_warning',
    });
    expect(heavier.statusCode).toBe(409);
    expect(heavier.json().error.code).toBe('SANCTION_HEAVIER_AFTER_DEFENCE');
    expect((await sanction(id)).kind).toBe('warning');
    const withFact = await r.patch(`/api/sanctions/${id}`, {
      version: await sanctionVersion(env, id),
      kind: 'serious_warning',
      newFact: '申辩后查明另有违规支出2万元',
    });
    expect(withFact.statusCode, withFact.body).toBe(200);
    expect(await sanction(id)).toMatchObject({ kind: 'serious_warning', outcome_code: 'party.serious_warning' });
    // Probation must be 1 or 2 years.
    const probation = await r.patch(`/api/sanctions/${id}`, {
      version: await sanctionVersion(env, id),
      kind: 'probation',
      probationYears: 3,
    });
    expect(probation.statusCode).toBe(400);
    const noReason = await r.post(`/api/sanctions/${id}/withdrawal`, {
      version: await sanctionVersion(env, id),
      reason: ' ',
    });
    expect(noReason.statusCode).toBe(400);
    const withdrawn = await r.post(`/api/sanctions/${id}/withdrawal`, {
      version: await sanctionVersion(env, id),
      reason: '常委会复议后改为批评教育',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect((await sanction(id)).status).toBe('withdrawn');
    const late = await r.patch(`/api/sanctions/${id}`, { version: await sanctionVersion(env, id), summary: '改' });
    expect(late.json().error.code).toBe('SANCTION_TRANSITION');
  });

  it('stacks a second party sanction on what remains of the first', async () => {
    const subject = await env
      .ctx()
      .db.selectFrom('subjects')
      .select('id')
      .where('cadre_authority', '=', 'village_cadre')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    const first = await decidedReviewCase(env, ['party.warning'], {
      registrySubjectId: subject.id,
      heldOn: '2026-06-01',
    });
    const d1 = await decidedSanction(env, first.reviewer, first.sanctionIds[0]!, { decidedOn: '2026-06-01' });
    expect(d1).toMatchObject({ effectEnd: '2027-06-01', stackedDays: 0 });
    const second = await decidedReviewCase(env, ['party.warning'], { registrySubjectId: subject.id });
    const d2 = await decidedSanction(env, second.reviewer, second.sanctionIds[0]!, { decidedOn: '2026-11-20' });
    // What remained of the first (2026-11-20 to 2027-06-01) is added after the new year, as the engine computes it.
    const expected = partyEffectPeriod(
      { system: 'party', kind: 'warning' },
      '2026-11-20',
      periodOfRow(await sanction(first.sanctionIds[0]!)),
    );
    expect(d2.stackedDays).toBeGreaterThan(180);
    expect(d2.stackedDays).toBe(carriedDays(expected));
    expect(d2.effectEnd).toBe(expected.endsOn);
    expect(d2.effectEnd! > '2028-05-01').toBe(true);
    expect((await sanction(second.sanctionIds[0]!)).prior_id).toBe(first.sanctionIds[0]);
  });
});
