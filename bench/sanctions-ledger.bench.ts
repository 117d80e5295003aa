/**
 * Sanctions ledger (GET /api/sanctions) and "under an effect period on date D" over a
 * province-size set (default 1,000,000 sanctions) on SQLite and, with BENCH_PG_URL, PostgreSQL
 * (issue 14 §7: p95 <= 50 ms). The database is migrated with the real migrations, seeded with the
 * demo county, then bulk-loaded with raw SQL of the columns `importSanction` writes: one row in
 * ten belongs to the demo county (its township commissions' villages, a third of them handled by
 * the county commission), the other nine to 97 other counties of 20 townships each (paths no
 * demo reader reaches: the rest of the province); three records per person, party and state
 * sanctions and lighter outcomes, decided over six years before D = 2026-11-20 with their 6–24
 * month periods, so many end around D; one in 50 revoked. Readers, over real HTTP: `casemgr`
 * (the county), `township1` (its township) and `zone1` (a zone: the demo zone leader role holds
 * no `sanction.read`, so the bench gives zone1 a custom role with it over its zone). Ceiling: the
 * statements of each request captured from the app's own `readSanctionLedgerPage` and replayed
 * raw in the same run; printed as the ratio (`bench/lib/ledger-bench.ts`).
 *
 * Env: BENCH_SANCTION_ROWS (default 1,000,000), BENCH_SANCTION_REQUESTS (per class, default 20),
 * BENCH_PG_URL, BENCH_SANCTION_SKIP_SQLITE=1, BENCH_SANCTION_CLASSES=<regex>,
 * BENCH_SANCTION_USERS=a,b, BENCH_SANCTION_PLANS=1, BENCH_SANCTION_KEEP=<dir> (keep the loaded
 * data and reuse it; drop the kept PostgreSQL schema `bench_sanctions_keep_<rows>` by hand).
 */
import type SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type pg from 'pg';
import { readSanctionLedgerPage } from '../src/server/modules/sanctions/index.js';
import { newId } from '../src/server/shared/ids.js';
import {
  type BulkLoad,
  type LoadEngine,
  bulkLoadPostgres,
  bulkLoadSqlite,
  genRows,
  rowExprs,
} from './lib/bulk-load.js';
import { fmt, heading } from './lib/common.js';
import { type Engine, dataHome, getJson, hostLoad, loadOnce, openRig } from './lib/ledger-bench.js';
import {
  type LedgerClass,
  TOWNSHIP_VILLAGE_TARGETS,
  benchSettings,
  ledgerClasses,
  loadProgress,
  measureReaders,
  runLegs,
} from './lib/ledger-runs.js';
import { type Target, subjectNameSql } from './lib/reports-load.js';

const RUN = benchSettings('sanctions-ledger', 'BENCH_SANCTION', {
  rows: 1_000_000,
  targetMs: 50,
  users: ['casemgr', 'township1', 'zone1'],
});
const PAGE_SIZE = 50;
const D = '2026-11-20';
const CHUNK = 100_000;

interface ListBody {
  total: number;
  totalCapped?: boolean;
  items: { personName: string }[];
}

interface LoadSpec {
  rows: number;
  targets: Target[];
  county: { id: string; path: string };
  end: string;
  years: number;
  progress?: (done: number) => void;
}

const COLS = `id, source, person_name, person_position, person_employer, authority, party_member, system, kind,
  outcome_code, probation_years, in_place_of_post_removal, important_or_complex, four_form, status, summary,
  decided_on, effect_start, effect_end, effect_months, stacked_days, handling_mode, owner_unit_id,
  owner_unit_path, region_path, reach_path, county_code, version, created_at, updated_at`;

/** The outcome of row class `m` (0–19): system, kind, months of its period (0: none), form. */
const OUTCOMES: [string, string, number, number][] = [
  ...Array.from({ length: 6 }, (): [string, string, number, number] => ['party', 'warning', 12, 2]),
  ...Array.from({ length: 3 }, (): [string, string, number, number] => ['party', 'serious_warning', 18, 2]),
  ['party', 'post_removal', 24, 3],
  ['party', 'probation', 12, 3],
  ['state', 'warning', 6, 2],
  ['state', 'warning', 6, 2],
  ['state', 'demerit', 12, 2],
  ['state', 'demerit', 12, 2],
  ['state', 'major_demerit', 18, 2],
  ['state', 'demotion', 24, 3],
  ['lighter', 'admonition', 0, 1],
  ['lighter', 'admonition', 0, 1],
  ['lighter', 'admonition', 0, 1],
];

function pick(m: string, col: 0 | 1 | 2 | 3): string {
  const whens = OUTCOMES.map((o, k) => `when ${k} then ${typeof o[col] === 'number' ? o[col] : `'${o[col]}'`}`);
  return `case ${m} ${whens.join(' ')} end`;
}

function rowSelect(engine: LoadEngine, spec: LoadSpec): string {
  const { at, on, pad, mod } = rowExprs(engine, spec);
  const pg = engine === 'postgres';
  // Spread over every class in the demo county's rows (every tenth) as in the rest.
  const m = mod('(s.i / 10) * 7 + s.i / 30 + s.i', 20);
  const mine = `${mod('s.i', 10)} = 0`;
  const targets = spec.targets.length;
  // The demo county's rows: a third handled by the county commission (reached by its path).
  const byCounty = `${mod('s.i / 10', 3)} = 0`;
  const otherCounty = `${mod('s.i', 97)}`;
  const otherTown = `${mod('s.i / 97', 20)}`;
  const synthetic = (kind: string) => `'/zz/c' || ${otherCounty} || '/${kind}' || ${otherTown} || '/'`;
  const endOf = (d: string, n: string) =>
    pg ? `to_char((${d})::date + make_interval(months => ${n}), 'YYYY-MM-DD')` : `date(${d}, '+' || ${n} || ' months')`;
  const inner = `select s.i as i, ${m} as m, ${on} as d, ${at} as t, t.unit_id, t.unit_path, t.region_path, t.county_code
    from gen s join bench_targets t on t.k = ${mod('(s.i / 10) * 7919', targets)}`;
  const x = (e: string) => e.replaceAll('s.i', 'x.i');
  return `select '00000000-0000-4000-8000-' || ${pad('x.i', 12)}, 'import', ${subjectNameSql(engine, '(x.i / 3)')},
      '村党支部书记', '某村村民委员会', 'village_cadre', 1, ${pick('x.m', 0)}, ${pick('x.m', 1)},
      ${pick('x.m', 0)} || '.' || ${pick('x.m', 1)}, case when x.m = 10 then 1 else null end, 0, 0, ${pick('x.m', 3)},
      case when ${x(mod('s.i', 50))} = 0 then 'revoked' else 'decided' end, '历史处分',
      x.d, case when ${pick('x.m', 2)} > 0 then x.d else null end,
      case when ${pick('x.m', 2)} > 0 then ${endOf('x.d', pick('x.m', 2))} else null end,
      case when ${pick('x.m', 2)} > 0 then ${pick('x.m', 2)} else null end, 0,
      case ${x(mod('s.i', 4))} when 0 then 'self' when 1 then 'zone' when 2 then 'escalated' else 'cross' end,
      case when ${x(mine)} then case when ${x(byCounty)} then '${spec.county.id}' else x.unit_id end
        else 'zz-' || ${x(otherCounty)} || '-' || ${x(otherTown)} end,
      case when ${x(mine)} then case when ${x(byCounty)} then '${spec.county.path}' else x.unit_path end
        else ${x(synthetic('u'))} end,
      case when ${x(mine)} then x.region_path else ${x(synthetic('r'))} end,
      case when ${x(mine)} then case when ${x(byCounty)} then '${spec.county.path}' else x.region_path end
        else ${x(synthetic('r'))} end,
      case when ${x(mine)} then x.county_code else 'zz' || ${x(otherCounty)} end,
      1, x.t, x.t
    from (${inner}) x`;
}

/** The zone of each demo township's records (after the load: one update over the demo county's rows). */
const ZONES_SQL = `update sanctions set zone_id = (select m.zone_id from zone_memberships m
    join units u on u.region_code = m.township_code
    where u.id = sanctions.owner_unit_id and m.effective_to is null)
  where owner_unit_id in (select id from units where kind = 'township_commission')`;

function sanctionLoad(spec: LoadSpec): BulkLoad {
  const selects = { sqlite: rowSelect('sqlite', spec), postgres: rowSelect('postgres', spec) };
  return {
    rows: spec.rows,
    chunk: CHUNK,
    targets: spec.targets,
    tables: ['sanctions'],
    chunkSql: (engine, lo, hi) => [
      genRows(engine, lo, hi, `insert into sanctions (${COLS}) ${selects[engine]}`),
      ...(hi === spec.rows ? [ZONES_SQL] : []),
    ],
    progress: spec.progress,
  };
}

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(`sanctions ledger on ${engine}: ${fmt(rows)} sanctions, a province (the demo county one in ten)`);
  const home = await dataHome('sanctions', engine, rows, pgUrl, RUN.keep);
  await loadOnce(RUN.bench, engine, home, pgUrl, `${fmt(rows)} sanctions`, {
    async spec(db) {
      const { rows: targets } = await sql.raw<Target>(TOWNSHIP_VILLAGE_TARGETS).execute(db);
      // The county commission: the deepest commission (the first one is the city's above it).
      const county = await db
        .selectFrom('units')
        .select(['id', 'path'])
        .where('kind', '=', 'commission')
        .orderBy(sql`length(path)`, 'desc')
        .executeTakeFirstOrThrow();
      // zone1 reads sanctions over its zone through a custom role (the built-in zone leader has no sanction.read).
      const zone1 = await db
        .selectFrom('users as u')
        .innerJoin('role_assignments as a', 'a.user_id', 'u.id')
        .select(['u.id', 'a.scope_zone_id'])
        .where('u.username', '=', 'zone1')
        .where('a.scope_type', '=', 'zone')
        .executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      const roleId = newId();
      await db
        .insertInto('roles')
        .values({
          id: roleId,
          key: 'bench_zone_sanctions',
          name: '协作区处分台账（基准测试）',
          kind: 'business',
          builtin: 0,
          default_scope: 'zone',
          description: null,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await db.insertInto('role_permissions').values({ role_id: roleId, permission: 'sanction.read' }).execute();
      await db
        .insertInto('role_assignments')
        .values({
          id: newId(),
          user_id: zone1.id,
          role_id: roleId,
          scope_type: 'zone',
          scope_unit_id: null,
          scope_zone_id: zone1.scope_zone_id,
          created_by: null,
          created_at: now,
        })
        .execute();
      return {
        rows,
        targets,
        county,
        end: `${D}T00:00:00.000Z`,
        years: 6,
        progress: loadProgress(rows),
      };
    },
    sqlite: (db: SqliteDatabase.Database, spec: LoadSpec) => bulkLoadSqlite(db, sanctionLoad(spec)),
    postgres: (client: pg.Client, schema: string, spec: LoadSpec) =>
      bulkLoadPostgres(client, schema, sanctionLoad(spec)),
  });

  const rig = await openRig(engine, home, pgUrl);
  const zones = (await rig.readDb.selectFrom('zones').select('id').orderBy('ordinal').execute()).map((z) => z.id);
  try {
    await measureReaders(rig, RUN, {
      label: (username) => `${engine} GET /api/sanctions as ${username}`,
      overall: `${engine} GET /api/sanctions, ${fmt(rows)} sanctions: overall p95`,
      async classes({ username, cookie, ctx }) {
        const first = await getJson<ListBody>(`${rig.server.base}/api/sanctions?pageSize=${PAGE_SIZE}`, cookie);
        const surnames = [...new Set(first.items.map((r) => [...r.personName][0]!))];
        console.log(
          `\n${username}: ${first.totalCapped ? 'more than ' : ''}${fmt(first.total)} sanctions seen (load ${hostLoad()})`,
        );
        const days = ['2026-11-20', '2026-06-30', '2027-01-10', '2025-12-31'];
        const classes: LedgerClass[] = [
          { name: 'no filter, page 1', make: () => ({}) },
          { name: 'page 20 by offset', make: () => ({ page: 20 }) },
          { name: `underEffectOn=${D}`, make: () => ({ underEffectOn: D }) },
          { name: 'underEffectOn=<dates around D>', make: (i) => ({ underEffectOn: days[i % days.length]! }) },
          { name: 'underEffectOn, page 5', make: () => ({ underEffectOn: D, page: 5 }) },
          { name: 'underEffectOn + system=state', make: () => ({ underEffectOn: D, system: 'state' }) },
          { name: 'system=party&kind=serious_warning', make: () => ({ system: 'party', kind: 'serious_warning' }) },
          { name: 'fourForm=3', make: () => ({ fourForm: 3 }) },
          { name: 'status=revoked', make: () => ({ status: 'revoked' }) },
          { name: 'handlingMode=escalated', make: () => ({ handlingMode: 'escalated' }) },
          { name: 'zoneId=<zone>', make: (i) => ({ zoneId: zones[i % zones.length]! }) },
          { name: 'decided in 2025', make: () => ({ decidedFrom: '2025-01-01', decidedTo: '2025-12-31' }) },
          {
            name: 'personName=<surname>',
            make: (i) => ({ personName: surnames[i % Math.max(1, surnames.length)] ?? '王' }),
          },
          { name: 'sort=personName', make: () => ({ sort: 'personName' }) },
        ];
        return ledgerClasses('/api/sanctions', PAGE_SIZE, classes, (q) => readSanctionLedgerPage(ctx, q));
      },
    });
  } finally {
    await rig.close();
  }
}

runLegs(RUN, runOn);
