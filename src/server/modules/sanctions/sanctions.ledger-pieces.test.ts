import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '../../shared/context.js';
import { inTransaction, scopeFor } from '../../shared/context.js';
import { type Scope, prefixUpper } from '../../shared/scope.js';
import { makeCase } from '../../test/case-factories.js';
import { ctxAs, unitOf } from '../../test/factories.js';
import { type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import {
  SANCTION_TOTAL_CAP,
  type SanctionFilters,
  type SanctionRow,
  importSanction,
  readSanctionLedgerPage,
} from './index.js';

/**
 * The ledger read by pieces (sanctions.ledger-page.ts): a reader's scope as the units it holds
 * and the regions it reaches, counted piece by piece and paged from the pieces' indexes (or, past
 * `SANCTION_TOTAL_CAP`, by walking the sort's index). The pieces overlap in the data (a zone
 * workroom's record is about a person of a zone township) and must count each record once; a
 * reader recused from a case must not count its records. Every total and page is checked against
 * the records worked out here from the rows, for the county (more than the cap), a township and a
 * zone, with and without filters.
 */
describe.each(testDialects())('the sanctions ledger read by pieces on $name', ({ name }) => {
  let env: TestEnv;
  let rows: SanctionRow[] = [];
  const readers: Record<string, Ctx> = {};
  const scopes: Record<string, Scope> = {};
  let recusedCase = '';
  const D = '2026-11-20';

  beforeAll(async () => {
    env = await startTestEnv(name);
    const db = env.ctx().db;
    recusedCase = (await makeCase(env)).id;
    const county = await ctxAs(env, 'casemgr');
    const t1 = await db
      .selectFrom('units')
      .selectAll()
      .where('id', '=', await unitOf(env, 'township1'))
      .executeTakeFirstOrThrow();
    const zone = await ctxAs(env, 'zone1');
    // The zone reader: its zone scope (the demo zone leader may not hold sanction.read).
    const zoneScope = zone.actor!.scopes.get('case.read')!;
    readers.zone1 = {
      ...zone,
      actor: {
        ...zone.actor!,
        permissions: new Set([...zone.actor!.permissions, 'sanction.read']),
        scopes: new Map([...zone.actor!.scopes, ['sanction.read', zoneScope]]),
      },
    };
    readers.casemgr = county;
    readers.township1 = await ctxAs(env, 'township1');
    for (const [k, c] of Object.entries(readers)) scopes[k] = scopeFor(c, 'sanction.read');
    const inZone = (p: string) => zoneScope.regionPaths.some((r) => p >= r && p < prefixUpper(r));
    const villages = await db
      .selectFrom('regions')
      .select(['code', 'path', 'parent_code'])
      .where('level', '=', 'village')
      .execute();
    const zoneVillage = villages.find((v) => inZone(v.path) && !v.path.startsWith(`${t1.region_path}`))!;
    const t1Village = villages.find((v) => v.path.startsWith(t1.region_path))!;
    const outVillage = villages.find((v) => !inZone(v.path))!;
    const outTownship = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'township_commission')
      .where('region_code', '=', outVillage.parent_code!)
      .executeTakeFirstOrThrow();
    const workroom = await db
      .selectFrom('units')
      .select('id')
      .where('kind', '=', 'workroom')
      .where('path', '>=', zoneScope.unitPaths[0]!)
      .where('path', '<', prefixUpper(zoneScope.unitPaths[0]!))
      .executeTakeFirstOrThrow();
    const make = (ownerUnitId: string, regionCode: string) =>
      inTransaction(county, (tx) =>
        importSanction(tx, {
          person: { subjectId: null, name: '模板', authority: 'village_cadre', partyMember: true, regionCode },
          outcome: { system: 'party', kind: 'warning' },
          decidedOn: '2026-01-10',
          summary: '模板',
          ownerUnitId,
        }),
      );
    // Four owners: township 1, the county commission, the zone's workroom (about a zone
    // township's person: in both of the zone reader's pieces), a township outside the zone.
    const templates = [
      await make(t1.id, t1Village.code),
      await make(await unitOf(env, 'casemgr'), t1Village.code),
      await make(workroom.id, zoneVillage.code),
      await make(outTownship.id, outVillage.code),
    ];
    expect(
      templates[2]!.reach_path.startsWith(zoneScope.regionPaths.find((r) => zoneVillage.path.startsWith(r))!),
    ).toBe(true);
    const kinds: [string, string, number, number][] = [
      ['party', 'warning', 12, 2],
      ['party', 'serious_warning', 18, 2],
      ['state', 'demerit', 12, 2],
      ['state', 'demotion', 24, 3],
      ['lighter', 'admonition', 0, 1],
    ];
    const surnames = ['曌', '曎', '王'];
    const clones: SanctionRow[] = [];
    // Enough for the county to pass the cap; ~a quarter each owner.
    const n = SANCTION_TOTAL_CAP + 400;
    for (let i = 0; i < n; i++) {
      const t = templates[i % 4]!;
      const [system, kind, months, form] = kinds[Math.floor(i / 4) % kinds.length]!;
      const decided = new Date(Date.UTC(2023, 0, 1) + ((i * 7919) % 1400) * 86_400_000);
      const decidedOn = decided.toISOString().slice(0, 10);
      const end = new Date(decided);
      end.setUTCMonth(end.getUTCMonth() + months);
      const at = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
      clones.push({
        ...t,
        id: `00000000-0000-4000-9400-${String(i).padStart(12, '0')}`,
        person_name: `${surnames[i % 3]}某${i}`,
        system,
        kind,
        outcome_code: `${system}.${kind}`,
        four_form: form,
        status: i % 13 === 0 ? 'revoked' : 'decided',
        superseded_by: i % 17 === 0 ? t.id : null,
        decided_on: decidedOn,
        effect_start: months > 0 ? decidedOn : null,
        effect_end: months > 0 ? end.toISOString().slice(0, 10) : null,
        effect_months: months > 0 ? months : null,
        handling_mode: ['self', 'zone', 'escalated'][i % 3]!,
        case_id: i % 29 === 0 ? recusedCase : null,
        created_at: at,
        updated_at: at,
      });
    }
    for (let k = 0; k < clones.length; k += 200)
      await db
        .insertInto('sanctions')
        .values(clones.slice(k, k + 200))
        .execute();
    // The county reader is recused from one case: its records are not theirs to count.
    const casemgr = county.actor!.userId;
    await db
      .insertInto('recusals')
      .values({
        id: '00000000-0000-4000-9500-000000000001',
        resource: 'case',
        resource_id: recusedCase,
        user_id: casemgr,
        requested_by_kind: 'self',
        oral: 0,
        reasons: '近亲属',
        state: 'recused',
        escalated: 0,
        target_unit_path: t1.path,
        owner_unit_id: t1.id,
        owner_unit_path: t1.path,
        region_path: t1.region_path,
        county_code: t1.county_code,
        version: 1,
        created_at: '2026-11-01T00:00:00.000Z',
        updated_at: '2026-11-01T00:00:00.000Z',
      })
      .execute();
    rows = await db.selectFrom('sanctions').selectAll().execute();
  }, 240_000);
  afterAll(async () => env?.close());

  const under = (p: string, prefix: string) => p >= prefix && p < prefixUpper(prefix);

  /** The records `reader` may read under `f`, by decision (newest first, then id), worked out from the rows. */
  function expected(reader: string, f: SanctionFilters): SanctionRow[] {
    const scope = scopes[reader]!;
    return rows
      .filter(
        (r) =>
          scope.global ||
          scope.unitIds.includes(r.owner_unit_id) ||
          scope.unitPaths.some((p) => under(r.owner_unit_path, p)) ||
          scope.regionPaths.some((p) => under(r.reach_path, p)),
      )
      .filter((r) => !(reader === 'casemgr' && r.case_id === recusedCase))
      .filter((r) => !f.system || r.system === f.system)
      .filter((r) => !f.status || r.status === f.status)
      .filter((r) => f.fourForm === undefined || r.four_form === f.fourForm)
      .filter((r) => !f.zoneId || r.zone_id === f.zoneId)
      .filter((r) => !f.decidedFrom || (r.decided_on ?? '') >= f.decidedFrom)
      .filter((r) => !f.decidedTo || (r.decided_on ?? '') <= f.decidedTo)
      .filter((r) => !f.personName || r.person_name.includes(f.personName))
      .filter(
        (r) =>
          !f.underEffectOn ||
          (r.status === 'decided' &&
            r.superseded_by === null &&
            r.effect_start !== null &&
            r.effect_end !== null &&
            r.effect_start <= f.underEffectOn &&
            f.underEffectOn <= r.effect_end),
      )
      .sort((a, b) => {
        const k = (b.decided_on ?? '').localeCompare(a.decided_on ?? '');
        return k !== 0 ? k : b.id < a.id ? -1 : b.id > a.id ? 1 : 0;
      });
  }

  const cases: [string, SanctionFilters][] = [
    ['no filter', {}],
    ['under an effect period on D', { underEffectOn: D }],
    ['state sanctions', { system: 'state' }],
    ['revoked', { status: 'revoked' }],
    ['the third form', { fourForm: 3 }],
    ['a surname', { personName: '曌' }],
    ['decided in 2025', { decidedFrom: '2025-01-01', decidedTo: '2025-12-31' }],
    ['state and under a period', { system: 'state', underEffectOn: D }],
  ];

  for (const reader of ['casemgr', 'township1', 'zone1']) {
    it.each(cases)(`${reader}: %s — the total and pages 1 and 3 match the rows in scope`, async (_label, f) => {
      const want = expected(reader, f);
      expect(want.length).toBeGreaterThan(0);
      for (const page of [1, 3]) {
        const got = await readSanctionLedgerPage(readers[reader]!, { ...f, sort: '-decidedOn', page, pageSize: 40 });
        expect(got.total).toBe(Math.min(want.length, SANCTION_TOTAL_CAP));
        expect(got.totalCapped).toBe(want.length > SANCTION_TOTAL_CAP);
        expect(got.items.map((i) => i.id)).toEqual(want.slice((page - 1) * 40, page * 40).map((r) => r.id));
      }
    });
  }

  it('made the readers the cases above rely on: the county past the cap, a township and a zone below it', () => {
    expect(expected('casemgr', {}).length).toBeGreaterThan(SANCTION_TOTAL_CAP);
    const t1 = expected('township1', {}).length;
    const zone = expected('zone1', {}).length;
    expect(t1).toBeGreaterThan(2_000);
    expect(zone).toBeGreaterThan(t1);
    expect(zone).toBeLessThan(SANCTION_TOTAL_CAP);
    // The workroom's records lie in both of the zone reader's pieces.
    const z = scopes.zone1!;
    const both = rows.filter(
      (r) => z.unitPaths.some((p) => under(r.owner_unit_path, p)) && z.regionPaths.some((p) => under(r.reach_path, p)),
    );
    expect(both.length).toBeGreaterThan(1_000);
  });
});
