import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, makeReviewer, unitOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { decidedReviewCase, passingRoll, sanctionVersion } from '../../test/sanction-factories.js';
import { type ImportSanctionInput, importSanction, liftDueSanctions } from './index.js';
import { partyPostOf } from './sanctions.records.js';

/** Noon in Shanghai on `date`. */
const noon = (date: string) => new ManualClock(Date.parse(`${date}T04:00:00Z`));

describe('a party post read from a position', () => {
  it.each([
    ['村党支部书记', 1],
    ['张村党支部委员、村委会主任', 1],
    ['乡党委委员、副乡长', 1],
    ['镇纪委书记', 1],
    ['村委会主任', null],
    ['村会计', null],
    ['', null],
    [null, null],
  ] as const)('%s → %s', (position, held) => {
    expect(partyPostOf(position)).toBe(held);
  });
});

describe.each(testDialects())(
  'sanction gaps (party post, submission, appeal changes, re-admission) on $name',
  ({ name }) => {
    let env: TestEnv;
    let reviewer: Client;
    let casemgr: Client;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      env = await startTestEnv(name);
      ids.reviewer3 = await makeReviewer(env, 'reviewer3', '审理室干部三');
      ids.reviewer4 = await makeReviewer(env, 'reviewer4', '审理室干部四');
      reviewer = await env.as('reviewer');
      casemgr = await env.as('casemgr');
    });
    afterAll(async () => env?.close());

    const db = () => env.ctx().db;
    const sanction = (id: string) =>
      db().selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const clocks = (id: string) =>
      db()
        .selectFrom('deadlines')
        .selectAll()
        .where('resource_type', '=', 'sanction')
        .where('resource_id', '=', id)
        .orderBy('kind')
        .orderBy('seq')
        .execute();
    const audits = (id: string) =>
      db().selectFrom('audit_events').selectAll().where('resource_id', '=', id).orderBy('seq').execute();
    const trail = async (id: string) =>
      (
        await db()
          .selectFrom('sanction_events')
          .select(['action', 'note'])
          .where('sanction_id', '=', id)
          .orderBy('at')
          .orderBy('id')
          .execute()
      ).map((e) => ({ action: e.action, note: e.note ?? '' }));
    const edit = async (id: string, body: Record<string, unknown>) =>
      reviewer.patch(`/api/sanctions/${id}`, { version: await sanctionVersion(env, id), ...body });
    const meeting = async (id: string) => {
      const m = await reviewer.post(`/api/sanctions/${id}/branch-meetings`, {
        version: await sanctionVersion(env, id),
        branchName: '张村党支部',
        heldOn: '2026-11-20',
        roll: passingRoll(),
        resolution: '同意给予处分',
        personSignature: 'signed',
      });
      expect(m.statusCode, m.body).toBe(201);
    };
    const decide = async (id: string, approvingBody: string, extra: Record<string, unknown> = {}) =>
      reviewer.post(`/api/sanctions/${id}/decision`, {
        version: await sanctionVersion(env, id),
        approvingBody,
        approvingBodyName: '批准机关',
        decisionRef: '坡纪发〔2026〕9号',
        decidedOn: '2026-11-20',
        ...extra,
      });
    const submit = async (id: string, on = '2026-11-20') =>
      reviewer.post(`/api/sanctions/${id}/submission`, { version: await sanctionVersion(env, id), on });

    it('records whether the person holds a party post: read from the position, edited, and 撤销党内职务 refused without one', async () => {
      // The position says 党支部书记: the draft records a party post.
      const secretary = await decidedReviewCase(env, ['party.post_removal'], {
        authority: 'township_managed',
        position: '张村党支部书记',
      });
      const sid = secretary.sanctionIds[0]!;
      expect((await sanction(sid)).holds_party_post).toBe(1);
      expect((await reviewer.get(`/api/sanctions/${sid}`)).json().holdsPartyPost).toBe(true);

      // The position says nothing: not recorded; the decision asks for it in words, nothing written.
      const made = await decidedReviewCase(env, ['party.post_removal'], {
        authority: 'township_managed',
        position: '村委会主任',
      });
      const id = made.sanctionIds[0]!;
      expect((await sanction(id)).holds_party_post).toBeNull();
      await meeting(id);
      const unknown = await decide(id, 'county_commission');
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'holdsPartyPost' } });
      expect(unknown.json().error.message).toContain('是否担任党内职务');
      expect((await sanction(id)).status).toBe('drafted');

      // Recorded as none: the edit is refused while the kind is 撤销党内职务 (CF23 第十一条), nothing changed.
      const version = await sanctionVersion(env, id);
      const none = await edit(id, { holdsPartyPost: false });
      expect(none.statusCode).toBe(400);
      expect(none.json().error.code).toBe('SANCTION_NO_PARTY_POST');
      expect(await sanction(id)).toMatchObject({ holds_party_post: null, version });
      // With 严重警告 in its place it is accepted; back to 撤销党内职务 is refused.
      const inPlace = await edit(id, { holdsPartyPost: false, kind: 'serious_warning', inPlaceOfPostRemoval: true });
      expect(inPlace.statusCode, inPlace.body).toBe(200);
      expect(await sanction(id)).toMatchObject({
        holds_party_post: 0,
        kind: 'serious_warning',
        in_place_of_post_removal: 1,
        required_body: 'township_party_committee',
      });
      const back = await edit(id, { kind: 'post_removal', inPlaceOfPostRemoval: false });
      expect(back.statusCode).toBe(400);
      expect(back.json().error.code).toBe('SANCTION_NO_PARTY_POST');
      // A person who holds a post cannot get 严重警告 in place of 撤销党内职务.
      const wrong = await edit(id, { holdsPartyPost: true });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().error.details.field).toBe('inPlaceOfPostRemoval');
      // Only a party sanction records it.
      const state = await decidedReviewCase(env, ['state.warning'], { authority: 'village_cadre' });
      const notParty = await edit(state.sanctionIds[0]!, { holdsPartyPost: true });
      expect(notParty.statusCode).toBe(400);
      // The edit is audited with the change.
      const audited = (await audits(id)).filter((a) => a.action === 'sanction.edit');
      expect(audited).toHaveLength(1);
      expect(JSON.parse(audited[0]!.changes as string)).toMatchObject({ holds_party_post: [null, 0] });
    });

    it('moves a 留党察看 drafted → submitted → decided: the commission submits, the township party committee decides; out of order refused in words', async () => {
      const made = await decidedReviewCase(env, ['party.probation'], { authority: 'township_managed' });
      const id = made.sanctionIds[0]!;
      expect((await edit(id, { probationYears: 1 })).statusCode).toBe(200);
      expect((await reviewer.get(`/api/sanctions/${id}`)).json().next).toContain('submit');
      // No branch resolution yet: nothing to submit (PZ 第十三条).
      const early = await submit(id);
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('SANCTION_NO_BRANCH_RESOLUTION');
      await meeting(id);
      // Dates: not after today, not before the commission's vote.
      expect((await submit(id, '2026-11-21')).statusCode).toBe(400);
      expect((await submit(id, '2026-11-19')).json().error.details.field).toBe('on');
      // The party committee cannot decide what was not submitted.
      const direct = await decide(id, 'township_party_committee');
      expect(direct.statusCode).toBe(409);
      expect(direct.json().error).toMatchObject({ code: 'SANCTION_TRANSITION' });
      expect((await sanction(id)).status).toBe('drafted');

      const ok = await submit(id);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(await sanction(id)).toMatchObject({ status: 'submitted', submitted_on: '2026-11-20' });
      expect((await trail(id)).at(-1)).toEqual({
        action: 'submitted',
        note: '2026-11-20报送乡镇（街道）党委（党工委）',
      });
      expect((await audits(id)).map((a) => a.action)).toContain('sanction.submit');
      expect((await reviewer.get(`/api/sanctions/${id}`)).json().next).toEqual(['withdraw', 'decide']);
      // Out of order: a second submission, an edit or a branch meeting on a submitted record.
      const again = await submit(id);
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain('报批');
      expect((await edit(id, { summary: '改' })).json().error.code).toBe('SANCTION_TRANSITION');
      // The township commission still has no power over a 留党察看.
      const byCommission = await decide(id, 'township_commission');
      expect(byCommission.json().error.code).toBe('SANCTION_APPROVER');
      const decided = await decide(id, 'township_party_committee');
      expect(decided.statusCode, decided.body).toBe(200);
      expect((await sanction(id)).status).toBe('decided');
      const legs = (await clocks(id)).filter((c) => c.kind === 'committee_submission');
      expect(legs).toHaveLength(1);
      expect(legs[0]!.met_at).not.toBeNull();

      // Where the commission approves itself, there is nothing to submit; the direct path stays.
      const warning = await decidedReviewCase(env, ['party.warning'], { authority: 'village_cadre' });
      const wid = warning.sanctionIds[0]!;
      await meeting(wid);
      expect((await reviewer.get(`/api/sanctions/${wid}`)).json().next).not.toContain('submit');
      const needless = await submit(wid);
      expect(needless.statusCode).toBe(409);
      expect(needless.json().error.message).toContain('不需要报送党委');
      const byTownship = await decide(wid, 'township_commission');
      expect(byTownship.statusCode, byTownship.body).toBe(200);
    });

    /** A decided sanction from history, owned by the county commission, with one notice on it. */
    async function history(outcome: ImportSanctionInput['outcome'], decidedOn: string, subjectName: string) {
      const subject = await db()
        .selectFrom('subjects')
        .selectAll()
        .where('cadre_authority', '=', 'village_cadre')
        .orderBy('id')
        .executeTakeFirstOrThrow();
      const ownerUnitId = await unitOf(env, 'leader');
      const row = await inTransaction(await ctxAs(env, 'casemgr'), (tx) =>
        importSanction(tx, {
          person: {
            subjectId: null,
            name: subjectName,
            authority: 'village_cadre',
            limitedSubject: 'village_cadre',
            partyMember: true,
            regionCode: subject.region_code,
          },
          outcome,
          decidedOn,
          approvingBody: null,
          approvingBodyName: '渑池县纪委',
          decisionRef: '渑纪〔2026〕3号',
          summary: '违规使用村集体资金',
          ownerUnitId,
        }),
      );
      for (const recipient of ['所在党支部', '坡头乡党委'])
        await db()
          .insertInto('sanction_notices')
          .values({
            id: `n-${row.id}-${recipient}`,
            sanction_id: row.id,
            kind: 'decision',
            unit_id: null,
            recipient,
            sent_on: decidedOn,
            note: null,
            created_by: null,
            created_at: `${decidedOn}T02:00:00.000Z`,
          })
          .execute();
      return row.id;
    }

    async function appealed(sanctionId: string, kind: string, appliedOn: string, receivedDecisionOn?: string) {
      const lodged = await casemgr.post(`/api/sanctions/${sanctionId}/appeals`, {
        kind,
        applicant: '申诉人',
        grounds: '事实认定有误',
        appliedOn,
        ...(receivedDecisionOn ? { receivedDecisionOn } : {}),
      });
      expect(lodged.statusCode, lodged.body).toBe(201);
      const appealId = lodged.json().id as string;
      const check = await casemgr.post(`/api/sanction-appeals/${appealId}/conflict-checks`, {
        userIds: [ids.reviewer3, ids.reviewer4],
      });
      expect(check.statusCode, check.body).toBe(200);
      const version = async () =>
        (
          await db()
            .selectFrom('sanction_appeals')
            .select('version')
            .where('id', '=', appealId)
            .executeTakeFirstOrThrow()
        ).version;
      const team = await casemgr.put(`/api/sanction-appeals/${appealId}/team`, {
        version: await version(),
        checkId: check.json().checkId,
        userIds: [ids.reviewer3, ids.reviewer4],
      });
      expect(team.statusCode, team.body).toBe(200);
      return async (body: Record<string, unknown>) =>
        casemgr.post(`/api/sanction-appeals/${appealId}/decision`, {
          version: await version(),
          reason: '经复查，原处分畸轻畸重',
          decisionRef: '渑纪复查〔2026〕2号',
          decidedOn: '2026-11-20',
          ...body,
        });
    }

    it('a record changed on appeal gets the steps and clocks of a decided record from the appeal decision, and everyone told before is told', async () => {
      // Party, lighter: 严重警告 → 警告, the period from the original decision, the clocks from the appeal's.
      const partyId = await history({ system: 'party', kind: 'serious_warning' }, '2026-09-01', '变某');
      const change = await appealed(partyId, 'complaint', '2026-10-08');
      const changed = await change({ outcome: 'changed', newKind: 'warning' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().noticed).toBe(2);
      const newId = changed.json().newSanctionId as string;
      expect(await sanction(newId)).toMatchObject({
        status: 'decided',
        kind: 'warning',
        effect_start: '2026-09-01',
        effect_end: '2027-09-01',
        delivered_on: null,
        announced_on: null,
      });
      const partyClocks = await clocks(newId);
      expect(partyClocks.map((c) => [c.kind, c.met_at])).toEqual([
        ['sanction_announce', null],
        ['sanction_execution_report', null],
      ]);
      // Announced within 1 month of the appeal decision (2026-11-20 → 2026-12-20), not of the original's.
      expect(partyClocks[0]!.legal_due_on).toBe('2026-12-20');
      const page = (await casemgr.get(`/api/sanctions/${newId}`)).json();
      expect(page.next).toEqual(['delivered', 'announced']);
      const told = await db()
        .selectFrom('sanction_notices')
        .select(['kind', 'recipient', 'sent_on'])
        .where('sanction_id', '=', newId)
        .orderBy('recipient')
        .execute();
      expect(told).toEqual([
        { kind: 'change', recipient: '坡头乡党委', sent_on: '2026-11-20' },
        { kind: 'change', recipient: '所在党支部', sent_on: '2026-11-20' },
      ]);
      // The step meets its clock, as on any decided record.
      const announced = await casemgr.post(`/api/sanctions/${newId}/steps/announced`, {
        version: await sanctionVersion(env, newId),
        on: '2026-11-20',
      });
      expect(announced.statusCode, announced.body).toBe(200);
      expect((await clocks(newId)).find((c) => c.kind === 'sanction_announce')!.met_at).not.toBeNull();

      // State: 记过 → 警告, the period from the original decision; delivery within 1 month of the appeal decision.
      const stateId = await history({ system: 'state', kind: 'demerit' }, '2026-10-15', '政某');
      const review = await appealed(stateId, 'state_review', '2026-11-02', '2026-10-19');
      const stateChanged = await review({ outcome: 'changed', newKind: 'warning' });
      expect(stateChanged.statusCode, stateChanged.body).toBe(200);
      const newState = stateChanged.json().newSanctionId as string;
      expect(await sanction(newState)).toMatchObject({ effect_start: '2026-10-15', effect_end: '2027-04-15' });
      const stateClocks = await clocks(newState);
      expect(stateClocks.map((c) => c.kind)).toEqual(['admin_sanction_delivery']);
      expect(stateClocks[0]!.legal_due_on).toBe('2026-12-20');
      expect((await casemgr.get(`/api/sanctions/${newState}`)).json().next).toEqual(['delivered']);
      expect(stateChanged.json().noticed).toBe(2);
    });

    it('a party appeal has no time limit to apply and may end heavier, its period from the appeal decision less the time served; a state one never heavier', async () => {
      // Decided six years ago: a party 申诉 is still received (no time limit in the party rules).
      const old = await history({ system: 'party', kind: 'warning' }, '2020-03-02', '旧某');
      const late = await casemgr.post(`/api/sanctions/${old}/appeals`, {
        kind: 'complaint',
        applicant: '旧某',
        grounds: '不服',
        appliedOn: '2026-11-20',
      });
      expect(late.statusCode, late.body).toBe(201);

      // 警告 (2026-06-01 to 2027-06-01) → 严重警告 (1.5 years): from the appeal decision to 2027-12-01.
      const id = await history({ system: 'party', kind: 'warning' }, '2026-06-01', '重某');
      const change = await appealed(id, 're_examination', '2026-09-01');
      const heavier = await change({ outcome: 'changed', newKind: 'serious_warning' });
      expect(heavier.statusCode, heavier.body).toBe(200);
      const newId = heavier.json().newSanctionId as string;
      expect(await sanction(newId)).toMatchObject({
        kind: 'serious_warning',
        decided_on: '2026-11-20',
        effect_start: '2026-11-20',
        effect_end: '2027-12-01',
      });
      expect((await trail(newId)).find((e) => e.action === 'decided')!.note).toContain('扣除原处分已经执行的时间');
      expect((await sanction(id)).status).toBe('revoked');

      // The state side keeps ZW 第五十六条.
      const stateId = await history({ system: 'state', kind: 'warning' }, '2026-10-15', '州某');
      const review = await appealed(stateId, 'state_review', '2026-11-02', '2026-10-19');
      const refused = await review({ outcome: 'changed', newKind: 'demerit' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('SANCTION_HEAVIER_ON_APPEAL');
    });

    it('marks an expulsion’s 5 years before re-admission ended on its date, once, shown in the integrity file', async () => {
      const subject = await db()
        .selectFrom('subjects')
        .selectAll()
        .where('cadre_authority', '=', 'village_cadre')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const ownerUnitId = await unitOf(env, 'township1');
      const expelled = await inTransaction(await ctxAs(env, 'township1'), (tx) =>
        importSanction(tx, {
          person: {
            subjectId: subject.id,
            name: subject.name,
            authority: 'village_cadre',
            partyMember: true,
            regionCode: subject.region_code,
          },
          outcome: { system: 'party', kind: 'expulsion' },
          decidedOn: '2021-11-03',
          approvingBody: 'county_commission',
          summary: '严重违纪',
          ownerUnitId,
        }),
      );
      expect(expelled.readmission_after).toBe('2026-11-04');
      const dialect = env.ctx().dialect;
      // The bar's last day: not yet.
      const before = await liftDueSanctions(db(), dialect, noon('2026-11-03'));
      expect(before.ended).not.toContain(expelled.id);
      expect((await sanction(expelled.id)).lifted_on).toBeNull();
      // A run days later marks it on its own date.
      const run = await liftDueSanctions(db(), dialect, noon('2026-11-06'));
      expect(run.ended).toContain(expelled.id);
      expect((await sanction(expelled.id)).lifted_on).toBe('2026-11-04');
      const ended = (await trail(expelled.id)).filter((e) => e.action === 'readmission_bar_ended');
      expect(ended).toHaveLength(1);
      expect(ended[0]!.note).toContain('五年内不得重新入党的期限（至2026-11-03）已满');
      expect((await audits(expelled.id)).map((a) => a.action)).toContain('sanction.readmission_bar_ended');
      // Once.
      const again = await liftDueSanctions(db(), dialect, noon('2026-11-07'));
      expect(again.ended).not.toContain(expelled.id);
      expect((await trail(expelled.id)).filter((e) => e.action === 'readmission_bar_ended')).toHaveLength(1);
      // The integrity file shows it.
      const file = (await (await env.as('township1')).get(`/api/integrity-files/${subject.id}`)).json();
      const line = file.records.find((r: { id: string }) => r.id === expelled.id);
      expect(line).toMatchObject({ readmissionAfter: '2026-11-04', liftedOn: '2026-11-04', underEffect: false });
    });
  },
);
