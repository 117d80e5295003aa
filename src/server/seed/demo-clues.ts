/**
 * A handful of demo clues (问题线索) in the demo county, across sources and townships, so the
 * clue ledger is not empty on first start. Written through the clues module's own registration
 * (numbered, trail signed, timer 1 opened, audited) as the demo accounts 案管 and the township
 * secretaries; a few statements, so `npm start`'s first run stays fast. Not part of the test preset.
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../db/dialect.js';
import type { Database } from '../db/types.js';
import { buildAccessProfile } from '../modules/access/index.js';
import { type ClueInput, registerClueByHand } from '../modules/clues/index.js';
import type { Clock } from '../shared/clock.js';
import { loadConfig } from '../shared/config.js';
import type { Ctx } from '../shared/context.js';
import { Keyring } from '../shared/crypto.js';
import { silentLogger } from '../shared/logger.js';

/** The demo clues: who registers each, and what. */
function demoClues(village1: string, village2: string): [string, ClueInput][] {
  return [
    [
      'casemgr',
      {
        sourceKind: 'patrol',
        sourceRef: '渑巡移〔2026〕1号',
        summary: '县委第二巡察组移交：镇党委书记插手村级道路硬化工程发包，涉嫌收受承包人好处费。',
        categories: ['integrity'],
        regionCode: village1,
        amountFen: 5_000_000,
        subjects: [{ name: '郑国平', position: '镇党委书记', authority: 'county_managed', rank: 'lower_principal' }],
      },
    ],
    [
      'casemgr',
      {
        sourceKind: 'audit',
        sourceRef: '渑审移〔2026〕4号',
        summary: '县审计局移送：村集体土地流转收益未入账，去向不明。',
        categories: ['collective_assets'],
        regionCode: village2,
        amountFen: 1_860_000,
        subjects: [
          { name: '孙建华', position: '村党支部书记', authority: 'village_cadre' },
          { name: '孙红梅', position: '村报账员', authority: 'village_cadre' },
        ],
      },
    ],
    [
      'casemgr',
      {
        sourceKind: 'data_alert',
        sourceRef: '民生资金大数据比对预警',
        summary: '低保数据比对发现：村干部近亲属违规享受低保。',
        categories: ['minimum_living'],
        regionCode: village1,
        subjects: [{ name: '何永福', position: '村委会主任', authority: 'village_cadre' }],
      },
    ],
    [
      'township1',
      {
        sourceKind: 'inspection',
        summary: '日常监督发现村务公开栏长期未更新，惠农补贴发放名单未公示。',
        categories: ['subsidies'],
        regionCode: village1,
        subjects: [{ name: '吴春花', position: '村委会委员', authority: 'village_cadre' }],
      },
    ],
    [
      'township2',
      {
        sourceKind: 'higher_assignment',
        sourceRef: '渑纪交〔2026〕9号',
        summary: '县纪委交办：村党支部书记公款吃喝并在村委会报销。',
        categories: ['integrity'],
        regionCode: village2,
        subjects: [{ name: '周海涛', position: '村党支部书记', authority: 'village_cadre' }],
      },
    ],
  ];
}

/** The first village under a demo account's township (or the county, for the county's accounts). */
async function villageUnder(db: Kysely<Database>, username: string): Promise<string | null> {
  const unit = await db
    .selectFrom('users as u')
    .innerJoin('units as n', 'n.id', 'u.unit_id')
    .select('n.region_code')
    .where('u.username', '=', username)
    .executeTakeFirst();
  if (!unit) return null;
  const village = await db
    .selectFrom('regions')
    .select('code')
    .where('parent_code', '=', unit.region_code)
    .where('level', '=', 'village')
    .orderBy('code')
    .executeTakeFirst();
  return village?.code ?? null;
}

/** A service context acting as demo account `username` (null when the account is not there). */
export async function demoCtx(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
  username: string,
): Promise<Ctx | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'unit_id', 'display_name'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!user) return null;
  const today = new Date(clock.nowMs() + 8 * 3600_000).toISOString().slice(0, 10);
  const profile = await buildAccessProfile(db, user.id, today);
  return {
    db,
    dialect,
    clock,
    keyring: new Keyring(masterKey),
    config: loadConfig({}),
    actor: {
      userId: user.id,
      username,
      displayName: user.display_name,
      unitId: user.unit_id,
      sessionId: 'seed',
      restriction: null,
      permissions: profile.permissions,
      scopes: profile.scopes,
    },
    requestId: null,
    log: silentLogger(),
  };
}

/** The first village under a demo account's township, exported for the demo cases. */
export { villageUnder };

/** Registers the demo clues (skipped when the demo accounts are not there). Returns how many. */
export async function seedDemoClues(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  masterKey: Buffer,
): Promise<number> {
  const [village1, village2] = [await villageUnder(db, 'township1'), await villageUnder(db, 'township2')];
  if (!village1 || !village2) return 0;
  let made = 0;
  for (const [username, input] of demoClues(village1, village2)) {
    const ctx = await demoCtx(db, dialect, clock, masterKey, username);
    if (!ctx) continue;
    await registerClueByHand(ctx, input);
    made++;
  }
  return made;
}
