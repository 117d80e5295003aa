import JSZip from 'jszip';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../shared/context.js';
import { makeTransferredCase } from '../../test/case-factories.js';
import { ctxAs, makeReviewer, unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { openClock } from '../deadlines/index.js';
import { type ImportSanctionInput, importSanction, periodOfRow, underEffectOn } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

describe.each(testDialects())('appeals against sanctions (申诉、复查；复审、复核) on $name', ({ name }) => {
  let env: TestEnv;
  let casemgr: Client;
  let reviewer: Client;
  let township1: Client;
  const ids: Record<string, string> = {};
  let person: ImportSanctionInput['person'];

  beforeAll(async () => {
    env = await startTestEnv(name);
    ids.reviewer2 = await makeReviewer(env, 'reviewer2', '审理室干部二');
    ids.reviewer3 = await makeReviewer(env, 'reviewer3', '审理室干部三');
    ids.reviewer4 = await makeReviewer(env, 'reviewer4', '审理室干部四');
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
    const subject = await env
      .ctx()
      .db.selectFrom('subjects')
      .selectAll()
      .where('cadre_authority', '=', 'village_cadre')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    person = {
      subjectId: null,
      name: subject.name,
      authority: 'village_cadre',
      limitedSubject: 'village_cadre',
      partyMember: true,
      regionCode: subject.region_code,
    };
  });
  afterAll(async () => env?.close());
  beforeEach(async () => {
    casemgr = await env.as('casemgr');
    reviewer = await env.as('reviewer');
    township1 = await env.as('township1');
  });

  const db = () => env.ctx().db;
  const sanction = (id: string) =>
    db().selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const appeal = (id: string) =>
    db().selectFrom('sanction_appeals').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const count = async (table: 'sanction_appeals' | 'audit_events') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** A decided sanction from history (importSanction), owned by `owner`'s unit (the county commission by default). */
  async function decided(
    outcome: ImportSanctionInput['outcome'],
    decidedOn: string,
    owner = 'leader',
  ): Promise<string> {
    const ownerUnitId = await unitOf(env, owner);
    const row = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
      importSanction(tx, {
        person,
        outcome,
        decidedOn,
        approvingBody: null,
        approvingBodyName: '渑池县监察委员会',
        decisionRef: '渑监政〔2026〕3号',
        summary: '违规使用村集体资金',
        ownerUnitId,
      }),
    );
    return row.id;
  }

  async function team(appealId: string, userIds: string[], client = casemgr) {
    const check = await client.post(`/api/sanction-appeals/${appealId}/conflict-checks`, { userIds });
    expect(check.statusCode, check.body).toBe(200);
    return client.put(`/api/sanction-appeals/${appealId}/team`, {
      version: (await appeal(appealId)).version,
      checkId: check.json().checkId,
      userIds,
    });
  }

  async function decide(appealId: string, body: Record<string, unknown>, client = casemgr) {
    return client.post(`/api/sanction-appeals/${appealId}/decision`, {
      version: (await appeal(appealId)).version,
      reason: '经复查，原认定事实清楚',
      decisionRef: '渑监复〔2026〕1号',
      decidedOn: '2026-11-20',
      ...body,
    });
  }

  it('复审: the last day (one month after receiving the decision) is accepted, the next refused in words with the dates and nothing written; the deciding clock opens', async () => {
    const id = await decided({ system: 'state', kind: 'major_demerit' }, '2026-10-15');
    const [appeals, audits] = [await count('sanction_appeals'), await count('audit_events')];
    const late = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '认定金额有误',
      receivedDecisionOn: '2026-10-19',
      appliedOn: '2026-11-20',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SANCTION_APPEAL_OUT_OF_TIME');
    expect(late.json().error.message).toContain('2026年10月19日');
    expect(late.json().error.message).toContain('2026年11月19日');
    expect(late.json().error.details).toMatchObject({ deadline: '2026-11-19', appliedOn: '2026-11-20' });
    expect(await count('sanction_appeals')).toBe(appeals);
    expect(await count('audit_events')).toBe(audits);
    // Without the date received: refused in words.
    const missing = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '认定金额有误',
      appliedOn: '2026-11-20',
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.message).toContain('收到政务处分决定的日期');
    // A party kind against a state sanction.
    const wrong = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'complaint',
      applicant: person.name,
      grounds: '不服',
      appliedOn: '2026-11-20',
    });
    expect(wrong.json().error.code).toBe('SANCTION_APPEAL_KIND');
    // Exactly one month: accepted.
    const onTime = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '认定金额有误',
      receivedDecisionOn: '2026-10-20',
      appliedOn: '2026-11-20',
    });
    expect(onTime.statusCode, onTime.body).toBe(201);
    // Accepted today (2026-11-20): decided within one month; 2026-12-20 is a Sunday.
    expect(onTime.json().dueOn).toBe('2026-12-21');
    const clocks = await db()
      .selectFrom('deadlines')
      .select(['kind', 'starts_on'])
      .where('resource_type', '=', 'sanction_appeal')
      .where('resource_id', '=', onTime.json().id)
      .execute();
    expect(clocks).toEqual([{ kind: 'state_review', starts_on: '2026-11-20' }]);
    const a = await appeal(onTime.json().id);
    expect(a).toMatchObject({ status: 'accepted', kind: 'state_review', received_decision_on: '2026-10-20' });
    // A second appeal while this one runs.
    const again = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '再次申请',
      receivedDecisionOn: '2026-10-20',
      appliedOn: '2026-11-20',
    });
    expect(again.json().error.code).toBe('SANCTION_APPEAL_PENDING');
  });

  it('does not suspend: while an appeal is pending the sanction stays decided, under its period, its clocks running', async () => {
    const id = await decided({ system: 'state', kind: 'demerit' }, '2026-11-02');
    // The sanction's own clock (delivery, timer 19), as the records module opens it.
    const s0 = await sanction(id);
    await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
      openClock(tx, {
        resourceType: 'sanction',
        resourceId: id,
        kind: 'admin_sanction_delivery',
        startAt: '2026-11-02T02:00:00.000Z',
        owner: s0,
      }),
    );
    const clocksOf = () =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('resource_type', '=', 'sanction')
        .where('resource_id', '=', id)
        .execute();
    const before = await clocksOf();
    const lodged = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '处分过重',
      receivedDecisionOn: '2026-11-05',
      appliedOn: '2026-11-18',
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    const s1 = await sanction(id);
    expect(s1).toMatchObject({
      status: 'decided',
      effect_start: '2026-11-02',
      effect_end: '2027-11-02',
      version: s0.version,
    });
    expect(underEffectOn(periodOfRow(s1)!, '2026-11-20')).toBe(true);
    expect(await clocksOf()).toEqual(before);
    const page = await casemgr.get(`/api/sanction-appeals/${lodged.json().id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ status: 'accepted', sanctionStatus: 'decided', effectEnd: '2027-11-02' });
    expect(page.json().clocks.map((c: { kind: string }) => c.kind)).toEqual(['state_review']);
    // "Who is under an effect period today" still finds it.
    const under = await db()
      .selectFrom('sanctions')
      .select('id')
      .where('status', '=', 'decided')
      .where('effect_start', '<=', '2026-11-20')
      .where('effect_end', '>=', '2026-11-20')
      .where('id', '=', id)
      .execute();
    expect(under).toHaveLength(1);
    // The trail notes the appeal and that the sanction goes on.
    const trail = await db()
      .selectFrom('sanction_events')
      .select(['action', 'note'])
      .where('sanction_id', '=', id)
      .execute();
    expect(trail.find((e) => e.action === 'appeal_received')?.note).toContain('处分继续执行');
  });

  it('refuses for the team anyone from the investigation, the clue stage or the review, naming who and why; the recusal check agrees', async () => {
    const made = await makeTransferredCase(env);
    // The review team of the original matter, as review.test.ts forms it.
    const r0 = await db().selectFrom('reviews').selectAll().where('id', '=', made.reviewId).executeTakeFirstOrThrow();
    expect(
      (
        await reviewer.post(`/api/reviews/${made.reviewId}/acceptance`, {
          version: r0.version,
          decision: 'accept',
          reason: '移送材料齐全，符合受理条件',
        })
      ).statusCode,
    ).toBe(200);
    const rc = await reviewer.post(`/api/reviews/${made.reviewId}/conflict-checks`, {
      userIds: [ids.reviewer, ids.reviewer2],
    });
    const reviewTeam = await reviewer.put(`/api/reviews/${made.reviewId}/team`, {
      version: (
        await db().selectFrom('reviews').select('version').where('id', '=', made.reviewId).executeTakeFirstOrThrow()
      ).version,
      checkId: rc.json().checkId,
      members: [
        { userId: ids.reviewer, role: 'leader' },
        { userId: ids.reviewer2, role: 'member' },
      ],
    });
    expect(reviewTeam.statusCode, reviewTeam.body).toBe(200);
    // The sanction that came of it (fixture: the imported record given the case and the review).
    const id = await decided({ system: 'state', kind: 'major_demerit' }, '2026-11-10');
    await db()
      .updateTable('sanctions')
      .set({ case_id: made.id, review_id: made.reviewId })
      .where('id', '=', id)
      .execute();
    const lodged = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '处分过重',
      receivedDecisionOn: '2026-11-12',
      appliedOn: '2026-11-19',
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    const appealId = lodged.json().id as string;
    // office1 investigated the case.
    const investigator = await team(appealId, [ids.reviewer3!, ids.office1!]);
    expect(investigator.statusCode).toBe(409);
    expect(investigator.json().error.code).toBe('SANCTION_APPEAL_SEPARATION');
    expect(investigator.json().error.message).toContain('第一纪检监察室干部参与了原案审查调查');
    expect(investigator.json().error.details.people).toEqual([
      { userId: ids.office1, name: '第一纪检监察室干部', reason: 'investigated' },
    ]);
    // reviewer2 was on the review team.
    const reviewed = await team(appealId, [ids.reviewer3!, ids.reviewer2!]);
    expect(reviewed.statusCode).toBe(409);
    expect(reviewed.json().error.message).toContain('审理室干部二参与了原案审理');
    expect(reviewed.json().error.details.people[0]).toMatchObject({ userId: ids.reviewer2, reason: 'reviewed' });
    // The recusal engine's own check refuses them too.
    const check = (
      await casemgr.post(`/api/sanction-appeals/${appealId}/conflict-checks`, { userIds: [ids.office1, ids.reviewer2] })
    ).json();
    expect(check.people.map((p: { outcome: string }) => p.outcome)).toEqual(['refuse', 'refuse']);
    expect(check.people[0].reasons.map((r: { code: string }) => r.code)).toContain('HANDLED_ORIGINAL');
    // Fewer than two.
    const alone = await casemgr.put(`/api/sanction-appeals/${appealId}/team`, {
      version: (await appeal(appealId)).version,
      checkId: check.checkId,
      userIds: [ids.reviewer3],
    });
    expect(alone.statusCode).toBe(400);
    expect(alone.json().error.code).toBe('SANCTION_APPEAL_TEAM_INVALID');
    // Nothing was written by the refusals; a decision needs the team.
    expect(
      await db().selectFrom('sanction_appeal_members').select('id').where('appeal_id', '=', appealId).execute(),
    ).toEqual([]);
    const early = await decide(appealId, { outcome: 'upheld' });
    expect(early.json().error.code).toBe('SANCTION_APPEAL_STATE');
    // Two people from outside the matter.
    const formed = await team(appealId, [ids.reviewer3!, ids.reviewer4!]);
    expect(formed.statusCode, formed.body).toBe(200);
    const page = (await casemgr.get(`/api/sanction-appeals/${appealId}`)).json();
    expect(page.team.map((m: { name: string }) => m.name)).toEqual(['审理室干部三', '审理室干部四']);
  });

  it('a change recomputes the period from the original decision, supersedes the record, is never heavier and is told to everyone told before; then 复核 in time, to the higher organ', async () => {
    // A township's state sanction: 记大过 (18 months) decided 2026-09-28, received 2026-10-01.
    const id = await decided({ system: 'state', kind: 'major_demerit' }, '2026-09-28', 'township1');
    const county = await unitOf(env, 'leader');
    // Those told of the decision (H2's notices; inserted here as the fixture).
    for (const recipient of ['本人', '坡头乡人民政府'])
      await db()
        .insertInto('sanction_notices')
        .values({
          id: `n-${id}-${recipient.length}`,
          sanction_id: id,
          kind: 'decision',
          unit_id: null,
          recipient,
          sent_on: '2026-10-01',
          note: null,
          created_by: null,
          created_at: '2026-10-01T02:00:00.000Z',
        })
        .execute();
    const lodged = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '违规金额认定有误',
      receivedDecisionOn: '2026-10-01',
      appliedOn: '2026-10-05',
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    const appealId = lodged.json().id as string;
    // 复审 goes to the deciding organ (the township's commission).
    expect((await appeal(appealId)).owner_unit_id).toBe(await unitOf(env, 'township1'));
    expect((await team(appealId, [ids.reviewer3!, ids.reviewer4!])).statusCode).toBe(200);
    // Heavier (撤职): refused.
    const heavier = await decide(appealId, { outcome: 'changed', newKind: 'removal', decidedOn: '2026-10-15' });
    expect(heavier.statusCode).toBe(409);
    expect(heavier.json().error.code).toBe('SANCTION_HEAVIER_ON_APPEAL');
    const same = await decide(appealId, { outcome: 'changed', newKind: 'major_demerit', decidedOn: '2026-10-15' });
    expect(same.statusCode).toBe(400);
    expect((await sanction(id)).status).toBe('decided');
    // Changed to 记过 (12 months), from the original decision's date.
    const changed = await decide(appealId, {
      outcome: 'changed',
      newKind: 'demerit',
      decidedOn: '2026-10-15',
      reason: '违规金额应为1万元，情节较轻',
      decisionRef: '坡纪复审〔2026〕1号',
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const newId = changed.json().newSanctionId as string;
    expect(changed.json().noticed).toBe(2);
    const old = await sanction(id);
    expect(old).toMatchObject({ status: 'revoked', superseded_by: newId });
    const renewed = await sanction(newId);
    expect(renewed).toMatchObject({
      status: 'decided',
      kind: 'demerit',
      outcome_code: 'state.demerit',
      supersedes_id: id,
      decided_on: '2026-09-28',
      effect_start: '2026-09-28',
      effect_end: '2027-09-28',
      effect_months: 12,
      decision_ref: '坡纪复审〔2026〕1号',
    });
    const notices = await db()
      .selectFrom('sanction_notices')
      .select(['recipient', 'kind', 'sent_on'])
      .where('sanction_id', '=', newId)
      .orderBy('recipient')
      .execute();
    expect(notices.map((n) => [n.kind, n.sent_on])).toEqual([
      ['change', '2026-10-15'],
      ['change', '2026-10-15'],
    ]);
    expect(notices.map((n) => n.recipient).sort()).toEqual(['坡头乡人民政府', '本人'].sort());
    expect(
      await db().selectFrom('deadlines').select(['end_reason', 'met_at']).where('resource_id', '=', appealId).execute(),
    ).toEqual([{ end_reason: 'met', met_at: expect.any(String) }]);
    // The 复审决定书 reads back.
    const pdf = await casemgr.get(`/api/sanction-appeals/${appealId}/documents/appeal_decision.pdf`);
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    for (const s of [
      '复审决定书',
      '坡纪复审〔2026〕1号',
      '政务记大过处分',
      '改为给予',
      '政务记过处分',
      '2027年9月28日止',
      '申请复核',
    ])
      expect(text).toContain(s);
    const docx = await docxText(
      (await casemgr.get(`/api/sanction-appeals/${appealId}/documents/appeal_decision.docx`)).rawPayload,
    );
    expect(docx).toContain('复审决定书');
    expect(docx).toContain('政务记过处分');

    // 复核 against the changed sanction: the day after one month from receiving the 复审 decision is refused…
    const late = await casemgr.post(`/api/sanctions/${newId}/appeals`, {
      kind: 'state_recheck',
      applicant: person.name,
      grounds: '仍然不服',
      receivedDecisionOn: '2026-10-19',
      appliedOn: '2026-11-20',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('SANCTION_APPEAL_OUT_OF_TIME');
    expect(late.json().error.message).toContain('收到复审决定之日为2026年10月19日');
    expect(late.json().error.message).toContain('2026年11月19日届满');
    // … the last day accepted, by the next-higher organ (the county commission), decided within 2 months.
    const recheck = await casemgr.post(`/api/sanctions/${newId}/appeals`, {
      kind: 'state_recheck',
      applicant: person.name,
      grounds: '仍然不服',
      receivedDecisionOn: '2026-10-20',
      appliedOn: '2026-11-20',
    });
    expect(recheck.statusCode, recheck.body).toBe(201);
    expect(recheck.json().dueOn).toBe('2027-01-20');
    expect((await appeal(recheck.json().id)).owner_unit_id).toBe(county);
    // The appeals of the sanction, across the change.
    const list = (await casemgr.get(`/api/sanctions/${newId}/appeals`)).json();
    expect(list.items.map((l: { kind: string }) => l.kind)).toEqual(['state_review', 'state_recheck']);
    // 复核 upheld; the 复核决定书 reads back.
    expect((await team(recheck.json().id, [ids.reviewer3!, ids.reviewer4!])).statusCode).toBe(200);
    const upheld = await decide(recheck.json().id, { outcome: 'upheld', decisionRef: '渑监复核〔2026〕1号' });
    expect(upheld.statusCode, upheld.body).toBe(200);
    expect((await sanction(newId)).status).toBe('decided');
    const final = pdfText(
      (await casemgr.get(`/api/sanction-appeals/${recheck.json().id}/documents/appeal_decision.pdf`)).rawPayload,
    );
    expect(final).toContain('复核决定书');
    expect(final).toContain('维持原处分决定');
    // No third round.
    const third = await casemgr.post(`/api/sanctions/${newId}/appeals`, {
      kind: 'state_recheck',
      applicant: person.name,
      grounds: '再次申请',
      receivedDecisionOn: '2026-11-20',
      appliedOn: '2026-11-20',
    });
    expect(third.json().error.code).toBe('SANCTION_APPEAL_ORDER');
  });

  it('复核 without a 复审 is refused; a party 复查 revoking the sanction leaves no period and tells those told before', async () => {
    const state = await decided({ system: 'state', kind: 'warning' }, '2026-11-01');
    const noReview = await casemgr.post(`/api/sanctions/${state}/appeals`, {
      kind: 'state_recheck',
      applicant: person.name,
      grounds: '不服',
      receivedDecisionOn: '2026-11-05',
      appliedOn: '2026-11-10',
    });
    expect(noReview.statusCode).toBe(409);
    expect(noReview.json().error.code).toBe('SANCTION_APPEAL_ORDER');

    const id = await decided({ system: 'party', kind: 'serious_warning' }, '2026-09-01');
    await db()
      .insertInto('sanction_notices')
      .values({
        id: `n-${id}`,
        sanction_id: id,
        kind: 'decision',
        unit_id: null,
        recipient: '所在党支部',
        sent_on: '2026-09-03',
        note: null,
        created_by: null,
        created_at: '2026-09-03T02:00:00.000Z',
      })
      .execute();
    const lodged = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 're_examination',
      applicant: person.name,
      grounds: '事实认定错误',
      appliedOn: '2026-11-02',
    });
    expect(lodged.statusCode, lodged.body).toBe(201);
    // Timer 18: decided within 3 months of acceptance (2026-11-20 → 2027-02-20, a Saturday → 2027-02-22).
    expect(lodged.json().dueOn).toBe('2027-02-22');
    const appealId = lodged.json().id as string;
    expect((await team(appealId, [ids.reviewer3!, ids.reviewer4!])).statusCode).toBe(200);
    const revoked = await decide(appealId, {
      outcome: 'revoked',
      reason: '原认定的主要事实不能成立',
      decisionRef: '渑纪复查〔2026〕1号',
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toMatchObject({ newSanctionId: null, noticed: 1 });
    expect(await sanction(id)).toMatchObject({
      status: 'revoked',
      effect_start: null,
      effect_end: null,
      superseded_by: null,
    });
    const told = await db()
      .selectFrom('sanction_notices')
      .select(['kind', 'recipient'])
      .where('sanction_id', '=', id)
      .orderBy('kind')
      .execute();
    expect(told).toEqual([
      { kind: 'change', recipient: '所在党支部' },
      { kind: 'decision', recipient: '所在党支部' },
    ]);
    const audit = await db()
      .selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', appealId)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['sanction.appeal_lodged', 'sanction.appeal_team', 'sanction.appeal_decided']),
    );
    // Decided once: no second decision; no appeal against a revoked sanction.
    expect((await decide(appealId, { outcome: 'upheld' })).json().error.code).toBe('SANCTION_APPEAL_STATE');
    const after = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'complaint',
      applicant: person.name,
      grounds: '再次申诉',
      appliedOn: '2026-11-20',
    });
    expect(after.json().error.code).toBe('SANCTION_APPEAL_STATE');
    const text = pdfText(
      (await casemgr.get(`/api/sanction-appeals/${appealId}/documents/appeal_decision.pdf`)).rawPayload,
    );
    for (const s of ['复查决定', '渑纪复查〔2026〕1号', '撤销原处分决定', '严重警告']) expect(text).toContain(s);
  });

  it('answers 404 outside scope: a township secretary neither sees nor appeals a county sanction, nor lists its appeals', async () => {
    const id = await decided({ system: 'state', kind: 'warning' }, '2026-11-03');
    const lodged = await casemgr.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '不服',
      receivedDecisionOn: '2026-11-05',
      appliedOn: '2026-11-06',
    });
    expect(lodged.statusCode).toBe(201);
    const appealId = lodged.json().id as string;
    expect((await township1.get(`/api/sanction-appeals/${appealId}`)).statusCode).toBe(404);
    // The sanction is of township1's person: the township reads it (session 26), not its appeals.
    const listed = await township1.get(`/api/sanctions/${id}/appeals`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toEqual([]);
    const write = await township1.post(`/api/sanctions/${id}/appeals`, {
      kind: 'state_review',
      applicant: person.name,
      grounds: '不服',
      receivedDecisionOn: '2026-11-05',
      appliedOn: '2026-11-06',
    });
    expect(write.statusCode).toBe(404);
    expect(
      (await township1.post(`/api/sanction-appeals/${appealId}/conflict-checks`, { userIds: [ids.reviewer3] }))
        .statusCode,
    ).toBe(404);
    const theirs = (await township1.get('/api/sanction-appeals?pageSize=200')).json();
    expect(theirs.items.map((l: { id: string }) => l.id)).not.toContain(appealId);
    const ours = (await casemgr.get('/api/sanction-appeals?pageSize=200&kind=state_review')).json();
    expect(ours.items.map((l: { id: string }) => l.id)).toContain(appealId);
    // Someone without sanction.read at all.
    expect((await (await env.as('intake')).get(`/api/sanction-appeals/${appealId}`)).statusCode).toBe(403);
  });
});
