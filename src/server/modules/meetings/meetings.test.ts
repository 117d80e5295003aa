import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../shared/clock.js';
import { inTransaction } from '../../shared/context.js';
import { ctxAs, makeClue, makeZoneLeader, unitOf, zonesOf } from '../../test/factories.js';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { pdfText } from '../../test/pdf.js';
import { loadCalendar } from '../calendar/index.js';
import { openRectificationItem } from '../rectification/index.js';
import { nextMeeting, scheduleMeetings } from './index.js';

async function docxText(buffer: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')?.async('string');
  if (!xml) throw new Error('word/document.xml missing');
  return xml.replace(/<[^>]+>/g, '').replace(/\s+/g, '');
}

interface Meeting {
  id: string;
  kind: string;
  heldOn: string;
  chairName: string;
  status: string;
  version: number;
  materialsDueOn: string | null;
  materialsNote: string | null;
  attendees: { id: string; name: string; presence: string }[];
  agenda: { proposed: { source: string; refId: string | null; title: string }[]; custom: { title: string }[] };
  actions: { rectificationItemId: string; ownerUnitName: string }[];
}

describe.each(testDialects())('zone meetings (会议) on $name', ({ name }) => {
  let env: TestEnv;
  const c: Record<string, Client> = {};
  let zone1 = '';
  let zone2 = '';

  const run = (iso: string) => scheduleMeetings(env.ctx().db, env.ctx().dialect, new ManualClock(Date.parse(iso)));
  const db = () => env.ctx().db;
  const meetingOf = (zoneId: string, kind: string, periodKey: string) =>
    db()
      .selectFrom('meetings')
      .selectAll()
      .where('zone_id', '=', zoneId)
      .where('kind', '=', kind)
      .where('period_key', '=', periodKey)
      .executeTakeFirst();
  async function read(id: string, as = 'zone1'): Promise<Meeting> {
    const res = await c[as]!.get(`/api/meetings/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Meeting>();
  }
  const roleHolder = (zoneId: string, role: string) =>
    db()
      .selectFrom('zone_roles as zr')
      .innerJoin('staff as s', 's.id', 'zr.staff_id')
      .select(['zr.id', 's.name'])
      .where('zr.zone_id', '=', zoneId)
      .where('zr.role', '=', role)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    env = await startTestEnv(name);
    for (const u of ['zone1', 'supervisor', 'township1', 'orgadmin', 'sysadmin']) c[u] = await env.as(u);
    ({ own: zone1, other: zone2 } = await zonesOf(env, 'zone1'));
    await makeZoneLeader(env, zone2, 'zone2lead', '第二协作区组长');
    c.zone2lead = await env.as('zone2lead');
  });
  afterAll(async () => env?.close());

  it("schedules zone 1's quarterly 研判会 on a working day (off 中秋节), chaired by the zone leader, once", async () => {
    // The rule's natural pick for 2026 Q3, the last Friday of September, is 2026-09-25: 中秋节.
    const cal = await loadCalendar(db(), env.clock.nowMs());
    const plan = nextMeeting(cal, 'assessment_meeting', '2026-09-01');
    expect(plan).toMatchObject({ periodKey: '2026-Q3', natural: '2026-09-25', heldOn: '2026-09-24' });
    const first = await run('2026-09-01T02:00:00Z');
    expect(first.scheduled.length).toBeGreaterThanOrEqual(3);
    const q3 = await meetingOf(zone1, 'assessment_meeting', '2026-Q3');
    expect(q3?.held_on).toBe('2026-09-24');
    expect(q3?.chair_name).toBe((await roleHolder(zone1, 'leader')).name);
    // 推进会 and 述职会 are the commander's.
    const progress = await meetingOf(zone1, 'progress_meeting', '2026-H2');
    expect(progress?.held_on).toBe('2026-12-17');
    expect(progress?.chair_name).toBe((await roleHolder(zone1, 'commander')).name);
    const annual = await meetingOf(zone1, 'annual_report_meeting', '2026');
    expect(annual?.held_on).toBe('2026-12-09');
    expect(annual?.materials_due_on).toBe('2026-11-29');
    // A second run adds nothing.
    const count = async () =>
      Number(
        (
          await db()
            .selectFrom('meetings')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const second = await run('2026-09-01T03:00:00Z');
    expect(second.scheduled).toEqual([]);
    expect(await count()).toBe(before);
  });

  it('flags a zone without its chair on the workbench and refuses a meeting with no chair', async () => {
    const leader2 = await roleHolder(zone2, 'leader');
    const ended = await c.orgadmin!.post(`/api/zones/${zone2}/roles/${leader2.id}/end`, { effectiveTo: '2026-11-20' });
    expect(ended.statusCode, ended.body).toBe(200);
    const today = await run(new Date(env.clock.nowMs()).toISOString());
    expect(today.gaps).toContain(`${zone2}:assessment_meeting:2026-Q4`);
    expect(await meetingOf(zone2, 'assessment_meeting', '2026-Q4')).toBeUndefined();
    // Zone 1's Q4 meeting is the last Friday of December.
    expect((await meetingOf(zone1, 'assessment_meeting', '2026-Q4'))?.held_on).toBe('2026-12-25');
    const wb = await c.supervisor!.get('/api/workbench');
    const card = wb
      .json<{ cards: { key: string; items: { title: string; subtitle: string }[] }[] }>()
      .cards.find((x) => x.key === 'meetings.no_chair');
    expect(card?.items.some((i) => i.subtitle.includes('无主持人'))).toBe(true);
    const before = await db().selectFrom('meetings').select('id').execute();
    const refused = await c.supervisor!.post('/api/meetings', {
      zoneId: zone2,
      kind: 'assessment_meeting',
      heldOn: '2026-11-27',
      startsAt: '09:00',
      place: '工作室会议室',
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error.code).toBe('MEETING_NO_CHAIR');
    expect((await db().selectFrom('meetings').select('id').execute()).length).toBe(before.length);
  });

  it('refuses a meeting on a holiday or a weekend, in words, writing nothing', async () => {
    const loaded = await c.sysadmin!.put('/api/calendar/years/2027', {
      source: '测试用2027年安排',
      days: [
        { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        { date: '2027-01-02', kind: 'holiday', name: '元旦' },
        { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      ],
    });
    expect(loaded.statusCode, loaded.body).toBe(200);
    const before = (await db().selectFrom('meetings').select('id').execute()).length;
    const body = { zoneId: zone1, kind: 'joint_meeting', startsAt: '09:00', place: '工作室会议室' };
    const holiday = await c.zone1!.post('/api/meetings', { ...body, heldOn: '2027-01-01' });
    expect(holiday.statusCode, holiday.body).toBe(400);
    expect(holiday.json().error).toMatchObject({ code: 'MEETING_NOT_WORKING_DAY' });
    expect(holiday.json().error.message).toContain('元旦');
    const weekend = await c.zone1!.post('/api/meetings', { ...body, heldOn: '2026-11-21' });
    expect(weekend.json().error.code).toBe('MEETING_NOT_WORKING_DAY');
    expect(weekend.json().error.message).toContain('休息日');
    const moved = await c.zone1!.put(
      `/api/meetings/${(await meetingOf(zone1, 'assessment_meeting', '2026-Q4'))!.id}/schedule`,
      {
        version: 1,
        heldOn: '2027-01-02',
        startsAt: '09:00',
        place: '工作室会议室',
      },
    );
    expect(moved.json().error.code).toBe('MEETING_NOT_WORKING_DAY');
    expect((await db().selectFrom('meetings').select('id').execute()).length).toBe(before);
  });

  it("proposes the zone's open rectification items and clues; another zone's leader gets 404", async () => {
    const township1Unit = await unitOf(env, 'township1');
    const supervisorUnit = await unitOf(env, 'supervisor');
    const sup = await ctxAs(env, 'supervisor');
    const item = await inTransaction(sup, (tx) =>
      openRectificationItem(tx, {
        source: 'inspection_finding',
        problem: '村集体资金支出审批手续不全',
        ownerUnitId: township1Unit,
        issuerUnitId: supervisorUnit,
        dueOn: '2026-12-31',
      }),
    );
    const clue = await makeClue(env, 'casemgr');
    const q4 = (await meetingOf(zone1, 'assessment_meeting', '2026-Q4'))!;
    const m = await read(q4.id);
    expect(m.agenda.proposed.find((a) => a.source === 'rectification' && a.refId === item.id)?.title).toBe(
      '村集体资金支出审批手续不全',
    );
    expect(m.agenda.proposed.some((a) => a.source === 'clue' && a.refId === clue.id)).toBe(true);
    // The calendar lists it for zone 1 and not for zone 2's leader, who gets 404 on it.
    const list = await c.zone1!.get(`/api/meetings?zoneId=${zone1}&from=2026-12-01&to=2026-12-31`);
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(q4.id);
    expect((await c.zone2lead!.get(`/api/meetings/${q4.id}`)).statusCode).toBe(404);
    const other = await c.zone2lead!.get('/api/meetings');
    expect(other.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(q4.id);
    expect(
      (await c.zone2lead!.put(`/api/meetings/${q4.id}/agenda`, { version: q4.version, items: [] })).statusCode,
    ).toBe(404);
    // The township of the zone reads it (its secretary is a deputy leader).
    expect((await c.township1!.get(`/api/meetings/${q4.id}`)).statusCode).toBe(200);
  });

  it('records attendance, minutes, decisions and an action item that lands in the rectification ledger; the 纪要 reads back', async () => {
    const created = await c.zone1!.post('/api/meetings', {
      zoneId: zone1,
      kind: 'joint_meeting',
      heldOn: '2026-11-20',
      startsAt: '14:30',
      place: '第一工作室会议室',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<{ id: string }>().id;
    let m = await read(id);
    expect(m.status).toBe('scheduled');
    expect(m.attendees.length).toBeGreaterThan(2);
    const [absentee, ...rest] = m.attendees;
    const noReason = await c.zone1!.put(`/api/meetings/${id}/attendance`, {
      version: m.version,
      attendees: m.attendees.map((a) => ({ attendeeId: a.id, presence: a === absentee ? 'absent' : 'present' })),
    });
    expect(noReason.statusCode).toBe(400);
    const att = await c.zone1!.put(`/api/meetings/${id}/attendance`, {
      version: m.version,
      attendees: [
        { attendeeId: absentee!.id, presence: 'absent', absenceReason: '参加县委培训' },
        ...rest.map((a) => ({ attendeeId: a.id, presence: 'present' })),
      ],
    });
    expect(att.statusCode, att.body).toBe(200);
    m = att.json<Meeting>();
    expect(m.status).toBe('held');
    m = (
      await c.zone1!.put(`/api/meetings/${id}/minutes`, {
        version: m.version,
        minutes: '会议通报了协作区本季度线索处置和整改落实情况，研究部署下一阶段工作。',
      })
    ).json<Meeting>();
    expect(m.status).toBe('minutes_recorded');
    m = (
      await c.zone1!.put(`/api/meetings/${id}/decisions`, { version: m.version, items: ['加快推进村集体资金专项整治'] })
    ).json<Meeting>();
    const township1Unit = await unitOf(env, 'township1');
    const acted = await c.zone1!.post(`/api/meetings/${id}/actions`, {
      version: m.version,
      items: [
        {
          problem: '12月底前完成村级财务公开专项检查',
          ownerUnitId: township1Unit,
          responsiblePerson: '乡镇纪委书记',
          dueOn: '2026-12-31',
        },
      ],
    });
    expect(acted.statusCode, acted.body).toBe(200);
    m = acted.json<Meeting>();
    const item = await db()
      .selectFrom('rectification_items')
      .selectAll()
      .where('id', '=', m.actions[0]!.rectificationItemId)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({
      source_kind: 'meeting_action',
      source_id: id,
      owner_unit_id: township1Unit,
      due_on: '2026-12-31',
      status: 'open',
    });
    const owner = await db()
      .selectFrom('meetings')
      .select('owner_unit_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(item.issuer_unit_id).toBe(owner.owner_unit_id);
    // A refused action item writes nothing: not the meeting's own unit.
    const self = await c.zone1!.post(`/api/meetings/${id}/actions`, {
      version: m.version,
      items: [{ problem: '自行整改', ownerUnitId: owner.owner_unit_id, dueOn: '2026-12-31' }],
    });
    expect(self.statusCode).toBe(400);
    expect((await read(id)).actions).toHaveLength(1);
    const closed = await c.zone1!.post(`/api/meetings/${id}/closure`, { version: m.version });
    expect(closed.statusCode, closed.body).toBe(200);
    const docx = await c.zone1!.get(`/api/meetings/${id}/documents/meeting_minutes.docx`);
    expect(docx.statusCode).toBe(200);
    const text = await docxText(docx.rawPayload);
    const unitName = m.actions[0]!.ownerUnitName;
    for (const s of [
      '会议纪要',
      absentee!.name,
      '参加县委培训',
      rest[0]!.name,
      '加快推进村集体资金专项整治',
      '12月底前完成村级财务公开专项检查',
      unitName,
      '2026年12月31日',
    ])
      expect(text).toContain(s);
    const pdf = await c.zone1!.get(`/api/meetings/${id}/documents/meeting_minutes.pdf`);
    expect(pdf.headers['content-type']).toMatch(/^application\/pdf/);
    expect(pdfText(pdf.rawPayload).replace(/\s+/g, '')).toContain('参加县委培训');
  });

  it('drafts the 述职 report from the zone’s year as DOCX and PDF, with its materials due date', async () => {
    const annual = (await meetingOf(zone1, 'annual_report_meeting', '2026'))!;
    const m = await read(annual.id);
    expect(m.materialsNote).toBe('述职报告应于11月29日前提供');
    const wb = await c.zone1!.get('/api/workbench');
    const card = wb
      .json<{ cards: { key: string; items: { id: string }[] }[] }>()
      .cards.find((x) => x.key === 'meetings.materials');
    expect(card?.items.map((i) => i.id)).toContain(annual.id);
    // The zone's clues of 2026, counted here independently of the module.
    const paths = await db()
      .selectFrom('zone_memberships as zm')
      .innerJoin('regions as r', 'r.code', 'zm.township_code')
      .select('r.path')
      .where('zm.zone_id', '=', zone1)
      .where('zm.effective_to', 'is', null)
      .execute();
    const clues = await db().selectFrom('clues').select(['region_path', 'received_on']).execute();
    const zoneClues = clues.filter(
      (x) => x.received_on.startsWith('2026') && paths.some((p) => x.region_path.startsWith(p.path)),
    );
    expect(zoneClues.length).toBeGreaterThan(0);
    const items = await db().selectFrom('rectification_items').select('id').where('zone_id', '=', zone1).execute();
    const started = performance.now();
    const docx = await c.zone1!.get(`/api/meetings/${annual.id}/documents/annual_report_draft.docx`);
    console.info(
      `[meetings] ${name}: 述职 report draft (DOCX) for a zone in ${Math.round(performance.now() - started)} ms`,
    );
    expect(docx.statusCode, docx.body).toBe(200);
    const text = await docxText(docx.rawPayload);
    expect(text).toContain('2026年度述职报告');
    expect(text).toContain(`受理问题线索${zoneClues.length}件`);
    expect(text).toContain(`全年交办整改事项${items.length}项`);
    const pdf = await c.zone1!.get(`/api/meetings/${annual.id}/documents/annual_report_draft.pdf`);
    expect(pdfText(pdf.rawPayload).replace(/\s+/g, '')).toContain(`受理问题线索${zoneClues.length}件`);
    // Another kind of meeting has no 述职 report.
    const q4 = (await meetingOf(zone1, 'assessment_meeting', '2026-Q4'))!;
    expect((await c.zone1!.get(`/api/meetings/${q4.id}/documents/annual_report_draft.docx`)).statusCode).toBe(409);
  });

  it('invites once and reminds the working day before, once', async () => {
    const q4 = (await meetingOf(zone1, 'assessment_meeting', '2026-Q4'))!;
    const zone1User = await db()
      .selectFrom('users')
      .select('id')
      .where('username', '=', 'zone1')
      .executeTakeFirstOrThrow();
    const told = (kind: string) =>
      db()
        .selectFrom('notifications')
        .select('id')
        .where('kind', '=', kind)
        .where('resource_id', '=', q4.id)
        .where('user_id', '=', zone1User.id)
        .execute();
    expect(await told('meeting_invitation')).toHaveLength(1);
    const eve = await run('2026-12-24T01:00:00Z');
    expect(eve.reminded).toContain(q4.id);
    expect(await told('meeting_reminder')).toHaveLength(1);
    const again = await run('2026-12-24T05:00:00Z');
    expect(again.reminded).not.toContain(q4.id);
    expect(await told('meeting_reminder')).toHaveLength(1);
    expect(await told('meeting_invitation')).toHaveLength(1);
  });

  it("lists the townships that lag on a 推进会's agenda, from their overdue rectification items", async () => {
    const progress = (await meetingOf(zone1, 'progress_meeting', '2026-H2'))!;
    const before = await read(progress.id);
    expect(before.agenda.proposed.filter((a) => a.source === 'lagging_township')).toEqual([]);
    // Into January: the items due on 2026-12-31 are overdue.
    env.clock.advance(Date.parse('2027-01-05T02:00:00Z') - env.clock.nowMs());
    c.zone1 = await env.as('zone1');
    const after = await read(progress.id);
    const t1 = await db()
      .selectFrom('users as u')
      .innerJoin('units as n', 'n.id', 'u.unit_id')
      .innerJoin('regions as r', 'r.code', 'n.region_code')
      .select('r.name')
      .where('u.username', '=', 'township1')
      .executeTakeFirstOrThrow();
    const lagging = after.agenda.proposed.filter((a) => a.source === 'lagging_township');
    expect(lagging.some((a) => a.title.startsWith(`督促提醒：${t1.name}逾期未完成整改事项`))).toBe(true);
  });
});
