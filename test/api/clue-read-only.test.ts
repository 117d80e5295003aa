/**
 * A clue in a final state (concluded, handed over as a proposed case, transferred) is read-only
 * everywhere (issue 12): every write route under `/api/clues/:id/` answers 409 CLUE_TRANSITION
 * and writes nothing (clue row, trail, team, audit). The routes are read from the running app:
 * a new write route missing from WRITES below fails this test until it is given a body here
 * (and so is made to go through `requireClueOpen`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUE_FINAL_STATES, type ClueStatus } from '../../src/server/shared/clues.codes.js';
import { inTransaction } from '../../src/server/shared/context.js';
import { setClueState } from '../../src/server/modules/clues/index.js';
import { ctxAs, makeClue } from '../../src/server/test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../src/server/test/harness.js';
import { registeredRoutes } from '../../src/server/test/routes.js';

/** What a write is sent with: the clue's version and ids the bodies name. */
interface Given {
  version: number;
  ids: Record<string, string>;
}

/** Routes that need another permission than 案管's, and who holds it over the clue. */
const ACTOR: Record<string, string> = {
  'POST /api/clues/{id}/assignment': 'zone1',
  'POST /api/clues/{id}/member-removals': 'zone1',
};

/**
 * Writes allowed on a closed clue, each with why, a valid body and what it answers there. The
 * report to the higher organ (GZ 第二十二条) is owed whatever became of the clue: refused, a flagged
 * clue concluded before the report was recorded stayed on the workbench's to-do for good.
 */
const ALLOWED: Record<string, { why: string; body: (g: Given) => unknown }> = {
  'POST /api/clues/{id}/higher-report': {
    why: 'the report to the higher organ is owed in any state',
    body: (g) => ({ version: g.version, reportedOn: '2026-11-19', reference: '报告〔1〕' }),
  },
};

/** A valid body per write route (valid, so only the state can refuse it). */
const WRITES: Record<string, (g: Given) => unknown> = {
  'PATCH /api/clues/{id}': (g) => ({ version: g.version, note: '更正台账' }),
  'POST /api/clues/{id}/assignment-opinion': (g) => ({
    version: g.version,
    targetKind: 'office',
    targetId: g.ids.unit,
    opinion: '交第一纪检监察室办理',
  }),
  'POST /api/clues/{id}/assignment': (g) => ({ version: g.version, keeperId: g.ids.office1, handlerId: g.ids.office1 }),
  'POST /api/clues/{id}/member-removals': (g) => ({
    version: g.version,
    userId: g.ids.office1,
    role: 'team_member',
    reason: '调整核查组',
  }),
  'POST /api/clues/{id}/disposal': (g) => ({
    version: g.version,
    disposal: 'inquiry',
    reasons: '拟谈话了解情况',
    plan: '两名干部与其谈话',
    noMeetingNote: '经室务会研究',
  }),
  'POST /api/clues/{id}/shelved-review': (g) => ({ version: g.version, decision: 'reopen', note: '重新启用' }),
  'POST /api/clues/{id}/inquiries': (g) => ({
    version: g.version,
    mode: 'letter',
    reason: '函询了解',
    officerIds: [g.ids.office1],
    letter: { matters: ['有关问题'], copyTo: '某党委', contactPerson: '张三', contactPhone: '12345' },
  }),
  'POST /api/clues/{id}/inquiries/{roundId}/talk': () => ({
    version: 1,
    talkOn: '2026-11-18',
    venue: '谈话室',
    venueSafe: true,
    recordTaken: true,
    attendees: '张三',
    writtenExplanation: false,
  }),
  'POST /api/clues/{id}/inquiries/{roundId}/delegation': () => ({
    version: 1,
    delegate: '某书记',
    receivedOn: '2026-11-18',
  }),
  'POST /api/clues/{id}/inquiries/{roundId}/explanation': () => ({ version: 1, receivedOn: '2026-11-18' }),
  'POST /api/clues/{id}/inquiries/{roundId}/letter-receipt': () => ({ version: 1, receivedOn: '2026-11-18' }),
  'POST /api/clues/{id}/inquiries/{roundId}/reply': () => ({ version: 1, repliedOn: '2026-11-18' }),
  'POST /api/clues/{id}/inquiries/{roundId}/report': () => ({ version: 1, summary: '情况报告', outcome: 'reminder' }),
  'POST /api/clues/{id}/verification/team-check': (g) => ({ userIds: [g.ids.office1, g.ids.casemgr] }),
  'POST /api/clues/{id}/verification/plan': (g) => ({
    version: g.version,
    objectives: '核实有关问题',
    measures: ['talk'],
    schedule: [{ period: '2026年12月', work: '谈话' }],
    plannedEndOn: '2026-12-31',
    team: [
      { userId: g.ids.office1, role: 'leader' },
      { userId: g.ids.casemgr, role: 'member' },
    ],
    checkId: g.ids.office1,
  }),
  'PUT /api/clues/{id}/verification/report': () => ({
    version: 1,
    background: ['基本情况'],
    basis: ['依据'],
    findings: ['核实情况'],
    doubts: [],
    proposal: 'concluded',
    proposalReason: '反映不实',
  }),
  'POST /api/clues/{id}/verification/signatures': () => ({ contentHash: 'a'.repeat(64) }),
  'POST /api/clues/{id}/verification/submission': () => ({ version: 1 }),
  'POST /api/clues/{id}/verification/extension': () => ({
    version: 1,
    plannedEndOn: '2027-01-29',
    reason: '需补充调取银行流水',
  }),
};

/** The legal moves from `registered` to each final state (as the flows make them). */
const PATHS: Record<string, ClueStatus[]> = {
  concluded: ['assigned', 'disposal_proposed', 'concluded'],
  case_proposed: ['assigned', 'disposal_proposed', 'verification', 'case_proposed'],
  transferred: ['transferred'],
};

describe.each(testDialects())('a closed clue is read-only on $name', ({ name }) => {
  let env: TestEnv;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await startTestEnv(name);
    for (const u of await env.ctx().db.selectFrom('users').select(['id', 'username', 'unit_id']).execute()) {
      ids[u.username] = u.id;
      if (u.username === 'office1' && u.unit_id) ids.unit = u.unit_id;
    }
    // The clues go to the first zone's pool, whose leader (zone1) assigns people.
    ids.zone = (await env.ctx().db.selectFrom('zones').select('id').orderBy('ordinal').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => env?.close());

  it('has a body here for every write route under /api/clues/:id/ (a new one must be added)', () => {
    const writes = registeredRoutes(env.app.printRoutes({ commonPrefix: false })).filter(
      (r) => !r.startsWith('GET ') && / \/api\/clues\/\{id\}(\/|$)/.test(r),
    );
    expect(writes.length).toBeGreaterThan(15);
    expect([...Object.keys(WRITES), ...Object.keys(ALLOWED)].sort()).toEqual(writes);
  });

  /** A clue of 案管's in the first zone's pool, moved by its legal path to `status`. */
  async function closedClue(status: ClueStatus) {
    const made = await makeClue(env, 'casemgr', {
      subjects: [{ name: '只读对象', position: '乡长', rank: 'lower_principal' }],
    });
    const ctx = await ctxAs(env, 'casemgr');
    let version = made.version;
    await inTransaction(ctx, async (tx) => {
      for (const next of PATHS[status]!)
        version = (
          await setClueState(tx, made.id, version, {
            status: next,
            ...(next === 'assigned' ? { keeperId: ids.office1!, zoneId: ids.zone! } : {}),
          })
        ).version;
    });
    return { id: made.id, version };
  }

  /** Everything a write could have touched on the clue. */
  async function footprint(id: string) {
    const db = env.ctx().db;
    const [row, events, members, audit] = await Promise.all([
      db.selectFrom('clues').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      db.selectFrom('clue_events').select('id').where('clue_id', '=', id).execute(),
      db.selectFrom('clue_members').selectAll().where('clue_id', '=', id).execute(),
      db.selectFrom('audit_events').select('id').where('resource_id', '=', id).execute(),
    ]);
    return { row, events: events.length, members, audit: audit.length };
  }

  it.each(CLUE_FINAL_STATES.map((s) => [s]))('refuses every write on a %s clue with CLUE_TRANSITION', async (s) => {
    const clue = await closedClue(s);
    const before = await footprint(clue.id);
    for (const [route, body] of Object.entries(WRITES)) {
      const client = await env.as(ACTOR[route] ?? 'casemgr');
      const [method, path] = route.split(' ') as [string, string];
      const url = path.replace('{id}', clue.id).replace('{roundId}', ids.office1!);
      const res = await client.app.inject({
        method: method as 'POST',
        url,
        headers: { cookie: client.cookie!, 'x-csrf-token': client.csrf! },
        payload: body({ version: clue.version, ids }) as object,
      });
      expect(res.statusCode, `${route}: ${res.body}`).toBe(409);
      expect(res.json().error, route).toMatchObject({ code: 'CLUE_TRANSITION', details: { status: s } });
    }
    expect(await footprint(clue.id)).toEqual(before);
  });

  it.each(CLUE_FINAL_STATES.map((s) => [s]))('records the report to the higher organ on a %s clue', async (s) => {
    const clue = await closedClue(s);
    const client = await env.as('casemgr');
    const res = await client.post(
      `/api/clues/${clue.id}/higher-report`,
      ALLOWED['POST /api/clues/{id}/higher-report']!.body({ version: clue.version, ids }),
    );
    expect(res.statusCode, res.body).toBe(200);
    const row = await env
      .ctx()
      .db.selectFrom('clues')
      .select(['status', 'higher_reported_on'])
      .where('id', '=', clue.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: s, higher_reported_on: '2026-11-19' });
  });
});
