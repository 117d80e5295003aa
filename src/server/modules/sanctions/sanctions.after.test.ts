import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCalendar } from '../calendar/index.js';
import { ManualClock } from '../../shared/clock.js';
import { inTransaction } from '../../shared/context.js';
import { newId } from '../../shared/ids.js';
import type { JobRow } from '../jobs/index.js';
import { ctxAs, unitOf, villageOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { type ImportSanctionInput, importSanction, liftDueSanctions, liftingJobs, notifyToldBefore } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

/** Noon in Shanghai on `date`. */
const noon = (date: string) => new ManualClock(Date.parse(`${date}T04:00:00Z`));

describe.each(testDialects())('after the decision on $name', ({ name }) => {
  let env: TestEnv;
  let township1: Client;
  let township2: Client;
  let subjects: string[];
  let regionCode: string;
  let ownerUnitId: string;
  let nextSubject = 0;

  beforeAll(async () => {
    env = await startTestEnv(name);
    township1 = await env.as('township1');
    township2 = await env.as('township2');
    regionCode = await villageOf(env, 'township1');
    ownerUnitId = await unitOf(env, 'township1');
    subjects = (await env.ctx().db.selectFrom('subjects').select('id').orderBy('id').limit(40).execute()).map(
      (s) => s.id,
    );
  });
  afterAll(async () => env?.close());

  /** A person of their own (a subject of the registry nobody else in this file uses). */
  function person(name: string, employer = '坡头乡张村村委会') {
    return {
      subjectId: subjects[nextSubject++]!,
      name,
      position: '主任',
      employer,
      authority: 'village_cadre' as const,
      limitedSubject: 'village_cadre' as const,
      partyMember: true,
      regionCode,
    };
  }

  async function make(input: Omit<ImportSanctionInput, 'ownerUnitId'>) {
    const ctx = await ctxAs(env, 'township1');
    return inTransaction(ctx, (tx) => importSanction(tx, { ownerUnitId, ...input }));
  }

  const row = (id: string) =>
    env.ctx().db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const trail = async (id: string) =>
    (
      await env
        .ctx()
        .db.selectFrom('sanction_events')
        .select(['action', 'note'])
        .where('sanction_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute()
    ).map((e) => ({ action: e.action, note: e.note ?? '' }));
  const noticesOf = (id: string) =>
    env
      .ctx()
      .db.selectFrom('sanction_notices')
      .selectAll()
      .where('sanction_id', '=', id)
      .orderBy('created_at')
      .execute();

  it('lifts state sanctions on the day after their period across the National Day holiday, ends party effect periods, and does it once', async () => {
    const db = env.ctx().db;
    const calendar = await readCalendar(db);
    // The days the periods lift on fall in the 2026 National Day holiday: nobody runs anything then.
    for (const d of ['2026-10-01', '2026-10-02', '2026-10-03']) expect(calendar.isWorkingDay(d)).toBe(false);

    const removal = await make({
      person: person('撤某', '县农业农村局'),
      outcome: { system: 'state', kind: 'removal' },
      decidedOn: '2024-09-30',
      summary: '违规审批项目资金',
    });
    const warning = await make({
      person: person('警某'),
      outcome: { system: 'state', kind: 'warning' },
      decidedOn: '2026-04-02',
      summary: '违规发放补贴',
    });
    const partyWarning = await make({
      person: person('党某'),
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2025-10-01',
      approvingBody: 'township_commission',
      summary: '违反廉洁纪律',
    });
    // Held back: another state sanction decided inside the period (ZW 第二十六条).
    const again = person('再某');
    const held = await make({
      person: again,
      outcome: { system: 'state', kind: 'warning' },
      decidedOn: '2026-01-05',
      summary: '违规使用公车',
    });
    const newer = await make({
      person: again,
      outcome: { system: 'state', kind: 'demerit' },
      decidedOn: '2026-03-01',
      summary: '再次违规使用公车',
    });
    expect([removal.effect_end, warning.effect_end, partyWarning.effect_end]).toEqual([
      '2026-09-30',
      '2026-10-02',
      '2026-10-01',
    ]);

    // A 留党察看 restored in January 2024: its 2 years' restriction ran out on 2026-01-05.
    const restored = await make({
      person: person('限某'),
      outcome: { system: 'party', kind: 'probation', probationYears: 1 },
      decidedOn: '2023-01-01',
      approvingBody: 'township_party_committee',
      summary: '违反组织纪律',
    });
    const restore = await township1.post(`/api/sanctions/${restored.id}/probation-outcome`, {
      version: 1,
      outcome: 'restore',
      decidedOn: '2024-01-05',
      body: 'township_party_committee',
      bodyName: '中共坡头乡委员会',
      decisionRef: '坡党〔2024〕1号',
      reason: '确已改正错误',
      branch: {
        branchName: '中共坡头乡张村支部',
        heldOn: '2023-12-28',
        roll: [{ personId: 'm1', votingRights: true, shouldAttend: true, present: true, vote: 'yes' }],
        resolution: '同意恢复党员权利',
        personSignature: 'signed',
      },
    });
    expect(restore.json()).toMatchObject({ restoredOn: '2024-01-05', restrictionEnd: '2026-01-05' });

    // The last working day before the holiday: the 撤职's period ends today, nothing lifts yet.
    const before = await liftDueSanctions(db, env.ctx().dialect, noon('2026-09-30'));
    expect(before.ended).toContain(restored.id);
    expect((await row(restored.id)).lifted_on).toBe('2026-01-06');
    expect((await trail(restored.id)).find((e) => e.action === 'effect_ended')!.note).toContain(
      '恢复党员权利后的任职限制（至2026-01-05）已满',
    );
    expect(before.today).toBe('2026-09-30');
    for (const id of [removal.id, warning.id, partyWarning.id]) {
      expect(before.lifted).not.toContain(id);
      expect(before.ended).not.toContain(id);
    }
    expect((await row(removal.id)).lifted_on).toBeNull();

    // The job did not run over the holiday; the first run after it lifts on the periods' own dates.
    const after = await liftDueSanctions(db, env.ctx().dialect, noon('2026-10-08'));
    expect(after.lifted).toEqual(expect.arrayContaining([removal.id, warning.id]));
    expect(after.ended).toContain(partyWarning.id);
    expect(after.held).toContain(held.id);
    expect(after.lifted).not.toContain(newer.id);
    expect((await row(removal.id)).lifted_on).toBe('2026-10-01');
    expect((await row(warning.id)).lifted_on).toBe('2026-10-03');
    expect((await row(partyWarning.id)).lifted_on).toBe('2026-10-02');
    expect((await row(held.id)).lifted_on).toBeNull();
    expect((await row(removal.id)).version).toBe(2);

    // Rank not restored, said on the trail and the unit's notice.
    const removalTrail = await trail(removal.id);
    // (The runs' clocks are in the past of the session's, so the trail is compared as a set.)
    expect(removalTrail.map((e) => e.action).sort()).toEqual(['decided', 'lifted', 'notice']);
    expect(removalTrail.find((e) => e.action === 'lifted')!.note).toContain('不视为恢复原级别、原职务');
    const told = await noticesOf(removal.id);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ kind: 'lifting', recipient: '县农业农村局', sent_on: '2026-10-08' });
    expect(told[0]!.note).toContain('自2026-10-01起自动解除');
    expect((await trail(partyWarning.id)).map((e) => e.action).sort()).toEqual(['decided', 'effect_ended']);
    expect(await noticesOf(partyWarning.id)).toHaveLength(0);
    const audited = await db
      .selectFrom('audit_events')
      .select(['action', 'resource_id'])
      .where('resource_id', 'in', [removal.id, warning.id, partyWarning.id])
      .where('action', 'in', ['sanction.lifted', 'sanction.effect_ended'])
      .execute();
    expect(audited).toHaveLength(3);

    // Idempotent: the next runs (the job's own, with the session's clock) touch none of them again.
    const again1 = await liftDueSanctions(db, env.ctx().dialect, noon('2026-10-09'));
    for (const id of [removal.id, warning.id, partyWarning.id, restored.id])
      expect([...again1.lifted, ...again1.ended]).not.toContain(id);
    await liftingJobs[0]!.run(null, {} as JobRow, {
      db,
      dialect: env.ctx().dialect,
      clock: env.clock,
      dataDir: '',
      log: env.ctx().log,
    });
    expect(await noticesOf(removal.id)).toHaveLength(1);
    expect((await trail(warning.id)).filter((e) => e.action === 'lifted')).toHaveLength(1);
    expect((await row(removal.id)).version).toBe(2);
  });

  it('extends a one-year 留党察看 once, by its approving body, version-checked; never a two-year one', async () => {
    const one = await make({
      person: person('察某'),
      outcome: { system: 'party', kind: 'probation', probationYears: 1 },
      decidedOn: '2025-10-01',
      approvingBody: 'township_party_committee',
      approvingBodyName: '中共坡头乡委员会',
      summary: '违反组织纪律',
    });
    expect(one.effect_end).toBe('2026-10-01');
    const body = {
      version: 1,
      outcome: 'extend',
      decidedOn: '2026-10-10',
      body: 'township_party_committee',
      bodyName: '中共坡头乡委员会',
      decisionRef: '坡党〔2026〕30号',
      reason: '察看期间未能认真改正错误',
    };
    const url = `/api/sanctions/${one.id}/probation-outcome`;
    // The township commission did not approve the 留党察看: it cannot extend it.
    const wrongBody = await township1.post(url, { ...body, body: 'township_commission' });
    expect(wrongBody.statusCode, wrongBody.body).toBe(409);
    expect(wrongBody.json().error.code).toBe('SANCTION_APPROVER');
    expect(wrongBody.json().error.message).toContain('乡镇（街道）党委（党工委）');
    const future = await township1.post(url, { ...body, decidedOn: '2026-12-01' });
    expect(future.statusCode).toBe(400);
    expect((await row(one.id)).version).toBe(1);

    const extended = await township1.post(url, body);
    expect(extended.statusCode, extended.body).toBe(200);
    expect(extended.json()).toMatchObject({ outcome: 'extend', probationEnd: '2027-10-01', version: 2 });
    expect(await row(one.id)).toMatchObject({ effect_end: '2027-10-01', probation_outcome: 'extend' });

    const stale = await township1.post(url, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('CONFLICT');
    const twice = await township1.post(url, { ...body, version: 2 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error).toMatchObject({
      code: 'SANCTION_PROBATION_OUTCOME',
      details: { problem: 'already_extended' },
    });

    const two = await make({
      person: person('二某'),
      outcome: { system: 'party', kind: 'probation', probationYears: 2 },
      decidedOn: '2025-10-01',
      approvingBody: 'township_party_committee',
      summary: '违反组织纪律',
    });
    const notOne = await township1.post(`/api/sanctions/${two.id}/probation-outcome`, body);
    expect(notOne.statusCode).toBe(409);
    expect(notOne.json().error.details.problem).toBe('two_years_not_extendable');
    expect((await row(two.id)).version).toBe(1);
    expect((await trail(one.id)).map((e) => e.action)).toEqual(['decided', 'probation_outcome']);
  });

  it("restores rights after the branch's resolution, carrying what remained of an earlier effect period into the 2 years' restriction", async () => {
    const who = person('复某');
    await make({
      person: who,
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2025-01-10',
      approvingBody: 'township_commission',
      summary: '违反廉洁纪律',
    });
    // Decided inside the warning's effect period: 7 months and 9 days of it remained (to 2026-01-10).
    const probation = await make({
      person: who,
      outcome: { system: 'party', kind: 'probation', probationYears: 1 },
      decidedOn: '2025-06-01',
      approvingBody: 'township_party_committee',
      approvingBodyName: '中共坡头乡委员会',
      decisionRef: '坡党〔2025〕12号',
      summary: '违反组织纪律，不如实报告个人有关事项',
    });
    expect(probation.effect_end).toBe('2026-06-01');
    const told = await township1.post(`/api/sanctions/${probation.id}/notices`, {
      recipient: '坡头乡张村党支部',
      sentOn: '2025-06-05',
      note: '送达',
    });
    expect(told.statusCode, told.body).toBe(201);

    const roll = [
      { personId: who.subjectId, votingRights: false, shouldAttend: true, present: true, vote: null },
      { personId: 'm1', votingRights: true, shouldAttend: true, present: true, vote: 'yes' },
      { personId: 'm2', votingRights: true, shouldAttend: true, present: true, vote: 'yes' },
      { personId: 'm3', votingRights: true, shouldAttend: true, present: true, vote: 'yes' },
      { personId: 'm4', votingRights: true, shouldAttend: true, present: false, vote: null },
    ];
    const branch = {
      branchName: '中共坡头乡张村支部',
      heldOn: '2026-06-08',
      roll,
      resolution: '同意恢复复某同志党员权利',
      personOpinion: '感谢组织教育',
      personSignature: 'signed',
    };
    const body = {
      version: 1,
      outcome: 'restore',
      decidedOn: '2026-06-15',
      body: 'township_party_committee',
      bodyName: '中共坡头乡委员会',
      decisionRef: '坡党〔2026〕18号',
      reason: '察看期间确已改正错误',
    };
    const url = `/api/sanctions/${probation.id}/probation-outcome`;
    const noBranch = await township1.post(url, body);
    expect(noBranch.statusCode).toBe(409);
    expect(noBranch.json().error.details.problem).toBe('branch_resolution_missing');
    // Two of four present: exactly half is no quorum, and nothing is written.
    const thin = roll.map((l) => (l.personId === 'm3' ? { ...l, present: false, vote: null } : l));
    const noQuorum = await township1.post(url, { ...body, branch: { ...branch, roll: thin } });
    expect(noQuorum.statusCode).toBe(409);
    expect(noQuorum.json().error.code).toBe('SANCTION_BRANCH_QUORUM');
    const meetings = () =>
      env.ctx().db.selectFrom('sanction_branch_meetings').selectAll().where('sanction_id', '=', probation.id).execute();
    expect(await meetings()).toHaveLength(0);

    const restored = await township1.post(url, { ...body, branch });
    expect(restored.statusCode, restored.body).toBe(200);
    // 2026-06-15 + 24 months + 7 months + 9 days.
    expect(restored.json()).toMatchObject({
      outcome: 'restore',
      restoredOn: '2026-06-15',
      restrictionEnd: '2029-01-24',
      told: 1,
    });
    expect(await row(probation.id)).toMatchObject({
      probation_outcome: 'restore',
      restored_on: '2026-06-15',
      restriction_end: '2029-01-24',
      probation_outcome_ref: '坡党〔2026〕18号',
    });
    const m = await meetings();
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({
      purpose: 'restoration',
      should_attend: 4,
      present_voting: 3,
      votes_for: 3,
      passed: 1,
    });
    const list = (await township1.get(`/api/sanctions/${probation.id}/notices`)).json().items;
    expect(list.map((n: { kind: string; recipient: string }) => [n.kind, n.recipient])).toEqual([
      ['decision', '坡头乡张村党支部'],
      ['probation', '坡头乡张村党支部'],
    ]);
    expect((await trail(probation.id)).map((e) => e.action)).toEqual([
      'decided',
      'notice',
      'branch_meeting',
      'probation_outcome',
      'notice',
    ]);

    const again = await township1.post(url, { ...body, version: 2, branch });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.details.problem).toBe('already_ended');

    // The 恢复党员权利决定 and the branch's resolution, read back.
    const pdf = await township1.get(`/api/sanctions/${probation.id}/documents/restoration.pdf`);
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    const docx = await township1.get(`/api/sanctions/${probation.id}/documents/restoration.docx`);
    for (const text of [pdfText(pdf.rawPayload), await docxText(docx.rawPayload)]) {
      for (const s of [
        '关于恢复复某党员权利的决定',
        '受到留党察看一年处分',
        '2026年6月8日，中共坡头乡张村支部党员大会讨论',
        '自2026年6月15日起恢复复某的党员权利',
        '至2029年1月24日止',
        '不得在党内担任',
      ])
        expect(text).toContain(s);
    }
    const resolution = pdfText(
      (await township1.get(`/api/sanctions/${probation.id}/documents/branch_resolution.pdf`)).rawPayload,
    );
    for (const s of ['关于恢复复某党员权利的决议', '应到会有表决权的党员4名', '实际到会3名', '赞成3票', '形成决议'])
      expect(resolution).toContain(s);
  });

  it('expels during the 察看 by a body with the power, a new record superseding the 留党察看 with its re-admission bar', async () => {
    const probation = await make({
      person: person('开某'),
      outcome: { system: 'party', kind: 'probation', probationYears: 2 },
      decidedOn: '2025-12-01',
      approvingBody: 'township_party_committee',
      summary: '违反群众纪律',
    });
    const body = {
      version: 1,
      outcome: 'expel',
      decidedOn: '2026-11-01',
      body: 'township_party_committee',
      bodyName: '中共坡头乡委员会',
      decisionRef: '渑纪〔2026〕40号',
      reason: '又有应当受到党纪处分的违纪行为',
    };
    const url = `/api/sanctions/${probation.id}/probation-outcome`;
    const low = await township1.post(url, body);
    expect(low.statusCode).toBe(409);
    expect(low.json().error.code).toBe('SANCTION_APPROVER');
    const expelled = await township1.post(url, {
      ...body,
      body: 'county_commission',
      bodyName: '中共渑池县纪律检查委员会',
    });
    expect(expelled.statusCode, expelled.body).toBe(200);
    const newId_ = expelled.json().expulsionId as string;
    expect(await row(probation.id)).toMatchObject({ superseded_by: newId_, probation_outcome: 'expel', version: 2 });
    expect(await row(newId_)).toMatchObject({
      kind: 'expulsion',
      outcome_code: 'party.expulsion',
      status: 'decided',
      supersedes_id: probation.id,
      decided_on: '2026-11-01',
      effect_end: '2031-11-01',
      readmission_after: '2031-11-02',
      approving_body: 'county_commission',
      four_form: 3,
      owner_unit_id: ownerUnitId,
    });
    expect((await trail(newId_)).map((e) => e.action)).toEqual(['decided']);
    const doc = pdfText((await township1.get(`/api/sanctions/${newId_}/documents/party_decision.pdf`)).rawPayload);
    expect(doc).toContain('关于给予开某开除党籍处分的决定');
    expect(doc).toContain('不得重新入党期限');
    // A 察看 that has ended cannot be turned into an expulsion.
    const ended = await make({
      person: person('满某'),
      outcome: { system: 'party', kind: 'probation', probationYears: 1 },
      decidedOn: '2025-01-01',
      approvingBody: 'township_party_committee',
      summary: '违反组织纪律',
    });
    const late = await township1.post(`/api/sanctions/${ended.id}/probation-outcome`, {
      ...body,
      body: 'county_commission',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.details.problem).toBe('after_probation');
    // Not a 留党察看 at all.
    const warn = await make({
      person: person('非某'),
      outcome: { system: 'party', kind: 'warning' },
      decidedOn: '2026-05-01',
      summary: '违反工作纪律',
    });
    const notProbation = await township1.post(`/api/sanctions/${warn.id}/probation-outcome`, body);
    expect(notProbation.json().error.details.problem).toBe('not_probation');
  });

  it('records notices in scope, refuses out-of-time dates, and tells everyone told before once each', async () => {
    const s = await make({
      person: person('通某'),
      outcome: { system: 'state', kind: 'demerit' },
      decidedOn: '2026-09-01',
      summary: '违规发放补贴',
    });
    const url = `/api/sanctions/${s.id}/notices`;
    const early = await township1.post(url, { recipient: '县人社局', sentOn: '2026-08-30' });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.code).toBe('VALIDATION_FAILED');
    const notADay = await township1.post(url, { recipient: '县人社局', sentOn: '2026-09-31' });
    expect(notADay.statusCode).toBe(400);
    const later = await township1.post(url, { recipient: '县人社局', sentOn: '2026-11-21' });
    expect(later.json().error).toMatchObject({ code: 'VALIDATION_FAILED', message: '日期不能晚于今天' });
    const unknownField = await township1.post(url, { recipient: '县人社局', sentOn: '2026-09-02', extra: 1 });
    expect(unknownField.statusCode).toBe(400);
    for (const recipient of ['县人社局', '坡头乡人民政府', '县人社局'])
      expect((await township1.post(url, { recipient, sentOn: '2026-09-02', unitId: null })).statusCode).toBe(201);
    expect((await township2.post(url, { recipient: '某单位', sentOn: '2026-09-02' })).statusCode).toBe(404);
    expect((await township2.get(url)).statusCode).toBe(404);
    expect((await (await env.as('intake')).get(url)).statusCode).toBe(403);

    const told = await inTransaction(await ctxAs(env, 'township1'), (tx) =>
      notifyToldBefore(tx, { sanctionId: s.id, kind: 'change', note: '复审决定变更为政务警告', sentOn: '2026-11-20' }),
    );
    expect(told.map((t) => t.recipient)).toEqual(['县人社局', '坡头乡人民政府']);
    const items = (await township1.get(url)).json().items as { kind: string }[];
    expect(items.filter((n) => n.kind === 'change')).toHaveLength(2);
    expect(items).toHaveLength(5);
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('action')
      .where('resource_id', '=', s.id)
      .where('action', '=', 'sanction.notice')
      .execute();
    expect(audited).toHaveLength(3);
  });

  it('prints the party decision, the state decision with its 复审/复核 route and time, the circular and the branch resolution, in scope', async () => {
    const party = await make({
      person: person('文某'),
      outcome: { system: 'party', kind: 'serious_warning' },
      decidedOn: '2026-08-01',
      approvingBody: 'township_commission',
      approvingBodyName: '中共坡头乡纪律检查委员会',
      decisionRef: '坡纪〔2026〕5号',
      summary: '文某违规收受礼金2000元。',
    });
    // The branch meeting on the sanction, inserted as a fixture (the records' routes are another helper's).
    await env
      .ctx()
      .db.insertInto('sanction_branch_meetings')
      .values({
        id: newId(),
        sanction_id: party.id,
        branch_name: '中共坡头乡张村支部',
        held_on: '2026-07-20',
        roll: '[]',
        should_attend: 7,
        present_voting: 5,
        votes_for: 4,
        votes_against: 1,
        abstentions: 0,
        quorate: 1,
        passed: 1,
        resolution: '同意给予文某党内严重警告处分',
        person_opinion: null,
        person_signature: 'refused',
        created_by: null,
        created_at: '2026-07-20T02:00:00.000Z',
      })
      .execute();
    const state = await make({
      person: person('政某', '坡头乡财政所'),
      outcome: { system: 'state', kind: 'removal' },
      decidedOn: '2026-08-15',
      decisionRef: '坡监〔2026〕3号',
      summary: '政某违规审批补贴资金。',
    });
    const get = async (id: string, file: string) => {
      const pdf = await township1.get(`/api/sanctions/${id}/documents/${file}.pdf`);
      expect(pdf.statusCode, pdf.body).toBe(200);
      const docx = await township1.get(`/api/sanctions/${id}/documents/${file}.docx`);
      expect(docx.statusCode, docx.body).toBe(200);
      expect(docx.headers['content-type']).toMatch(/wordprocessingml/);
      return [pdfText(pdf.rawPayload), await docxText(docx.rawPayload)];
    };
    const expectAll = (texts: string[], words: string[]) => {
      for (const t of texts) for (const w of words) expect(t).toContain(w);
    };
    expectAll(await get(party.id, 'party_decision'), [
      '关于给予文某党内严重警告处分的决定',
      '坡纪〔2026〕5号',
      '文某违规收受礼金2000元',
      '经中共坡头乡纪律检查委员会2026年8月1日研究决定',
      '影响期自2026年8月1日起至2028年2月1日止',
      '提出申诉',
    ]);
    expectAll(await get(state.id, 'state_decision'), [
      '政务处分决定书',
      '坡监〔2026〕3号',
      '给予政某撤职处分',
      '处分期为24个月',
      '至2028年8月15日止',
      '不视为恢复原级别、原职务',
      '自收到本决定书之日起一个月内',
      '申请复审',
      '申请复核',
      '不停止本决定的执行',
    ]);
    expectAll(await get(party.id, 'circular'), ['关于文某违纪违法问题的通报', '给予文某党内严重警告处分', '以案为鉴']);
    expectAll(await get(party.id, 'branch_resolution'), [
      '中共坡头乡张村支部党员大会关于给予文某党内严重警告处分的决议',
      '应到会有表决权的党员7名',
      '实际到会5名',
      '赞成4票，反对1票，弃权0票',
      '形成决议',
      '文某本人拒绝签署意见',
    ]);
    // What the record does not have; out of scope; audited.
    const wrong = await township1.get(`/api/sanctions/${party.id}/documents/state_decision.pdf`);
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('SANCTION_DOCUMENT_UNAVAILABLE');
    expect((await township1.get(`/api/sanctions/${state.id}/documents/restoration.pdf`)).statusCode).toBe(409);
    expect((await township1.get(`/api/sanctions/${state.id}/documents/branch_resolution.pdf`)).statusCode).toBe(409);
    expect((await township2.get(`/api/sanctions/${party.id}/documents/party_decision.pdf`)).statusCode).toBe(404);
    expect((await township1.get(`/api/sanctions/${party.id}/documents/other.pdf`)).statusCode).toBe(400);
    const audited = await env
      .ctx()
      .db.selectFrom('audit_events')
      .select('changes')
      .where('resource_id', '=', party.id)
      .where('action', '=', 'sanction.document')
      .execute();
    expect(audited.length).toBe(6);
  });
});
