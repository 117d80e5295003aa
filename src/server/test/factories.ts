/**
 * Test factories: records and contexts built the same way in every test file. A new module adds
 * its `make<Record>` here (or in a `<module>.factories.ts` beside it) instead of rewriting
 * helpers per file. Factories write through the modules' own functions where one exists, so a
 * factory never produces a row the platform could not.
 */
import type { Ctx } from '../shared/context.js';
import { assignRole, buildAccessProfile } from '../modules/access/index.js';
import { createUser } from '../modules/auth/index.js';
import { type UnitInput, createUnit } from '../modules/org/index.js';
import { MAC_RECEIPT } from '../modules/reports/index.js';
import { TEST_PASSWORD, type TestEnv } from './harness.js';

/** Every demo account, one per role (see src/server/seed/seed.ts); the three administrators first. */
export const DEMO_ACCOUNTS = [
  'sysadmin',
  'secadmin',
  'auditadmin',
  'leader',
  'orgadmin',
  'intake',
  'casemgr',
  'reviewer',
  'office1',
  'zone1',
  'township1',
  'township2',
  'tstaff1',
  'village1',
  'supervisor',
  'vcadre1',
  'vclerk1',
] as const;

/** A service context acting as demo account `username`, with its access profile of `today`. */
export async function ctxAs(env: TestEnv, username: string, today = '2026-11-20'): Promise<Ctx> {
  const db = env.ctx().db;
  const user = await db
    .selectFrom('users')
    .select(['id', 'unit_id', 'display_name'])
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const profile = await buildAccessProfile(db, user.id, today);
  return {
    ...env.ctx(),
    actor: {
      userId: user.id,
      username,
      displayName: user.display_name,
      unitId: user.unit_id,
      sessionId: 'test',
      restriction: null,
      permissions: profile.permissions,
      scopes: profile.scopes,
    },
  };
}

/** The id of the unit of demo account `username`. */
export async function unitOf(env: TestEnv, username: string): Promise<string> {
  const row = await env
    .ctx()
    .db.selectFrom('users')
    .select('unit_id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  if (!row.unit_id) throw new Error(`${username} has no unit`);
  return row.unit_id;
}

/** The region code of the first village under demo account `username`'s township (or the account's own region). */
export async function villageOf(env: TestEnv, username: string): Promise<string> {
  const db = env.ctx().db;
  const unit = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['n.region_code'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', unit.region_code)
    .where('level', '=', 'village')
    .orderBy('code')
    .executeTakeFirst();
  return village?.code ?? unit.region_code;
}

/** The region code of the first village of the demo county's township named `township` (e.g. 英豪镇). */
export async function villageInTownship(env: TestEnv, township: string): Promise<string> {
  const db = env.ctx().db;
  const village = await db
    .selectFrom('regions as t')
    .innerJoin('regions as v', 'v.parent_code', 't.code')
    .select('v.code')
    .where('t.name', '=', township)
    .where('t.level', '=', 'township')
    .where('v.level', '=', 'village')
    .orderBy('v.code')
    .executeTakeFirstOrThrow();
  return village.code;
}

/** What `makeReport` made: the report's id and the reporter's receipt code. */
export interface MadeReport {
  id: string;
  receipt: string;
}

/**
 * A report filed from the phone page (the public route, as a villager would), about a village
 * cadre of `regionCode`; `over` replaces fields of the request body.
 */
export async function makeReport(
  env: TestEnv,
  regionCode: string,
  over: Record<string, unknown> = {},
): Promise<MadeReport> {
  const res = await env.anon().post('/api/public/reports', {
    regionCode,
    named: false,
    subject: { name: '测试某' },
    content: '村里危房改造补助发放不公，有不符合条件的户领取了补助。',
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`makeReport: ${res.statusCode} ${res.body}`);
  const { receipt } = res.json<{ receipt: string }>();
  const row = await env
    .ctx()
    .db.selectFrom('reports')
    .select('id')
    .where('receipt_hash', '=', env.ctx().keyring.mac(MAC_RECEIPT, receipt))
    .executeTakeFirstOrThrow();
  return { id: row.id, receipt };
}

/**
 * A unit made through the org module (audited, path computed as in the console): by default an
 * office under the unit of demo account `under` (county commission: `leader`), at its region.
 */
export async function makeUnit(
  env: TestEnv,
  over: Partial<UnitInput> & { under?: string } = {},
): Promise<{ id: string; path: string }> {
  const parentId = over.parentId ?? (await unitOf(env, over.under ?? 'leader'));
  const parent = await env
    .ctx()
    .db.selectFrom('units')
    .select(['region_code'])
    .where('id', '=', parentId)
    .executeTakeFirstOrThrow();
  const unit = await createUnit(await ctxAs(env, 'orgadmin'), {
    parentId,
    kind: over.kind ?? 'office',
    name: over.name ?? `测试科室${Math.floor(Math.random() * 1e6)}`,
    regionCode: over.regionCode ?? parent.region_code,
    shortName: over.shortName ?? null,
  });
  const row = await env
    .ctx()
    .db.selectFrom('units')
    .select(['id', 'path'])
    .where('id', '=', unit.id)
    .executeTakeFirstOrThrow();
  return row;
}

/** What `makeClue` made: the clue's id, number and version. */
export interface MadeClue {
  id: string;
  number: string;
  version: number;
}

/**
 * A clue registered by hand through `POST /api/clues` as demo account `username` (案管
 * `casemgr` by default: a county clue; `township1` registers its own township's), about one
 * subject in the first village under `township1`; `over` replaces fields of the request body
 * (e.g. `subjects` with a GZ 第二十二条 `rank`, `receivedOn`, `regionCode`).
 */
export async function makeClue(
  env: TestEnv,
  username = 'casemgr',
  over: Record<string, unknown> = {},
): Promise<MadeClue> {
  const client = await env.as(username);
  const res = await client.post('/api/clues', {
    sourceKind: 'inspection',
    summary: '监督检查发现村集体资金使用不规范',
    categories: ['collective_assets'],
    regionCode: over.regionCode ?? (await villageOf(env, 'township1')),
    subjects: [{ name: '测试对象', position: '村委会主任' }],
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`makeClue: ${res.statusCode} ${res.body}`);
  const { id, number } = res.json<{ id: string; number: string }>();
  const row = await env.ctx().db.selectFrom('clues').select('version').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, number, version: row.version };
}

/**
 * A staff account of township commission `unitId` (纪检干事: role `township_staff`, scope its
 * township), signed in with the test password and not forced to change it — for walks that need
 * people of townships other than the demo accounts' (a zone team from townships B and C).
 * Created by the system administrator through the auth and access modules. Returns its user id.
 */
export async function makeTownshipStaff(
  env: TestEnv,
  unitId: string,
  username: string,
  displayName: string,
): Promise<string> {
  const admin = await ctxAs(env, 'sysadmin');
  const userId = await createUser(admin, {
    username,
    displayName,
    unitId,
    password: TEST_PASSWORD,
    mustChangePassword: false,
  });
  await assignRole(admin, { userId, roleKey: 'township_staff', scopeType: 'unit_subtree', scopeUnitId: unitId });
  return userId;
}

/**
 * The township commissions of demo account `username`'s zone (its township's current zone
 * membership) other than its own township's, in region order (ids, names).
 */
export async function zoneNeighbours(env: TestEnv, username: string): Promise<{ id: string; name: string }[]> {
  const db = env.ctx().db;
  const own = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['n.id', 'n.region_code'])
    .where('u.username', '=', username)
    .executeTakeFirstOrThrow();
  const current = (q: typeof db) =>
    q
      .selectFrom('zone_memberships')
      .select(['zone_id', 'township_code'])
      .where('member_kind', '=', 'township')
      .where('effective_to', 'is', null);
  const mine = await current(db).where('township_code', '=', own.region_code).executeTakeFirst();
  if (!mine) throw new Error(`${username}'s township is in no zone`);
  const codes = (await current(db).where('zone_id', '=', mine.zone_id).execute())
    .map((m) => m.township_code)
    .filter((c): c is string => c !== null && c !== own.region_code);
  if (codes.length === 0) return [];
  return db
    .selectFrom('units')
    .select(['id', 'name'])
    .where('kind', '=', 'township_commission')
    .where('region_code', 'in', codes)
    .orderBy('region_code')
    .execute();
}

/**
 * Another 案件审理室 officer (role `reviewer`, scope the county commission's subtree, like the demo
 * `reviewer`), in the demo reviewer's office, signed in with the test password: a review team
 * needs two reviewers and the demo county has one. Returns the user id.
 */
export async function makeReviewer(env: TestEnv, username: string, displayName: string): Promise<string> {
  const db = env.ctx().db;
  const office = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select(['n.id', 'n.parent_id'])
    .where('u.username', '=', 'reviewer')
    .executeTakeFirstOrThrow();
  const admin = await ctxAs(env, 'sysadmin');
  const userId = await createUser(admin, {
    username,
    displayName,
    unitId: office.id,
    password: TEST_PASSWORD,
    mustChangePassword: false,
  });
  await assignRole(admin, {
    userId,
    roleKey: 'reviewer',
    scopeType: 'unit_subtree',
    scopeUnitId: office.parent_id!,
  });
  return userId;
}

/** The zone demo account `username` leads (its `zone` scoped assignment), and another zone of the county. */
export async function zonesOf(env: TestEnv, username: string): Promise<{ own: string; other: string }> {
  const db = env.ctx().db;
  const own = await db
    .selectFrom('role_assignments as ra')
    .innerJoin('users as u', 'u.id', 'ra.user_id')
    .select('ra.scope_zone_id')
    .where('u.username', '=', username)
    .where('ra.scope_type', '=', 'zone')
    .executeTakeFirstOrThrow();
  const other = await db
    .selectFrom('zones')
    .select('id')
    .where('id', '<>', own.scope_zone_id!)
    .where('active', '=', 1)
    .orderBy('ordinal')
    .executeTakeFirstOrThrow();
  return { own: own.scope_zone_id!, other: other.id };
}

/**
 * A zone leader (role `zone_leader`, scope zone `zoneId`) in demo account `zone1`'s office, signed
 * in with the test password: the leader of another zone than the demo one. Returns the user id.
 */
export async function makeZoneLeader(
  env: TestEnv,
  zoneId: string,
  username: string,
  displayName: string,
): Promise<string> {
  const admin = await ctxAs(env, 'sysadmin');
  const userId = await createUser(admin, {
    username,
    displayName,
    unitId: await unitOf(env, 'zone1'),
    password: TEST_PASSWORD,
    mustChangePassword: false,
  });
  await assignRole(admin, { userId, roleKey: 'zone_leader', scopeType: 'zone', scopeZoneId: zoneId });
  return userId;
}
