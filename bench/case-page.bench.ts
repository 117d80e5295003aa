/**
 * The case page (GET /api/cases/:id and the sub-reads of its tabs) for a large case among many
 * on SQLite and, with BENCH_PG_URL, PostgreSQL (issue 13: p95 <= 100 ms per read). The database
 * is migrated, seeded with the demo county and bulk-loaded with background cases
 * (`bench/lib/cases-load.ts`, default 100,000); then one zone case being investigated gets a
 * team of four, 50 evidence items (two custody entries each), 20 measures, 100 trail events, 10
 * investigative actions, 2 plans and 30 seized items with their keeping clocks, written with the
 * bench's own connection. Each read is
 * requested over real HTTP as `casemgr` (案管: a supervisor, `case.detail` over the county) and
 * `tstaff1` (on the team). The console's case page reads the case (its overview, team, clocks,
 * trail) and the tab opened; the tabs of evidence, measures, plans, actions and property read
 * their own routes, each a class here.
 *
 * Ceiling: the request's reads (select statements), captured from the app's own functions
 * (`readCase`, `listEvidence`, …) run in a transaction that is rolled back (the case and its
 * evidence register audit every read: that append is in the HTTP figure, not in the ceiling),
 * replayed raw in the same run; printed as the ratio of the two.
 *
 * Env: BENCH_PAGE_ROWS (background cases, default 100,000), BENCH_PAGE_REQUESTS (per class,
 * default 20), BENCH_PG_URL, BENCH_PAGE_SKIP_SQLITE=1, BENCH_PAGE_CLASSES=<regex>,
 * BENCH_PAGE_PLANS=1, BENCH_PAGE_KEEP=<dir> (keep the load and the big case; the kept PostgreSQL
 * schema is `bench_casepage_keep_<rows>`, drop it by hand when done).
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Insertable, Kysely, type LogEvent, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../src/server/db/types.js';
import {
  caseMeasures,
  listCaseActions,
  listEvidence,
  listPlans,
  listProperty,
  readCase,
} from '../src/server/modules/cases/index.js';
import { configureAuditChain } from '../src/server/modules/audit/index.js';
import type { Ctx } from '../src/server/shared/context.js';
import { loadOrCreateMasterKey } from '../src/server/shared/crypto.js';
import { fmt, heading, makeTempDir } from './lib/common.js';
import { casesLoader } from './lib/cases-load.js';
import { type DataHome, type Engine, dataHome, hostLoad, loadOnce, openRig } from './lib/ledger-bench.js';
import { benchSettings, measureReaders, runLegs } from './lib/ledger-runs.js';

const RUN = benchSettings('case-page', 'BENCH_PAGE', { rows: 100_000, targetMs: 100, users: ['casemgr', 'tstaff1'] });

class Rollback extends Error {}

/** The big case's number (no loaded case has a serial this high): a kept run finds it by it. */
const BIG_NUMBER = '渑纪案〔2026〕90000001号';

/** A writable connection to the bench's data, logging to `log` when given. */
function writable(engine: Engine, home: DataHome, pgUrl: string | undefined, log?: (e: LogEvent) => void) {
  return new Kysely<Database>({
    dialect:
      engine === 'sqlite'
        ? new SqliteDialect({ database: new SqliteDatabase(home.file) })
        : new PostgresDialect({
            pool: new pg.Pool({ connectionString: pgUrl, max: 2, options: `-c search_path=${home.schema}` }),
          }),
    ...(log ? { log } : {}),
  });
}

/**
 * Picks the big case (the newest zone case being investigated) and gives it its team, evidence,
 * measures, trail, actions and plans, unless a kept run did already. Returns its id.
 */
async function bigCase(db: Kysely<Database>): Promise<string> {
  const kept = await db.selectFrom('cases').select('id').where('number', '=', BIG_NUMBER).executeTakeFirst();
  if (kept) return kept.id;
  // A copy of the newest zone case being investigated, under an id of the app's shape (a UUID).
  const model = await db
    .selectFrom('cases')
    .selectAll()
    .where('mode', '=', 'zone')
    .where('status', '=', 'investigating')
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  const id = randomUUID();
  const kase = { ...model, id, number: BIG_NUMBER };
  const users = await db
    .selectFrom('users')
    .select(['id', 'username', 'display_name'])
    .where('username', 'in', ['casemgr', 'zone1', 'tstaff1', 'office1'])
    .execute();
  const subject = { id: randomUUID(), name: model.subject_name };
  const at = (k: number) => new Date(Date.parse(kase.created_at) + k * 3_600_000).toISOString();
  const on = (k: number) => at(k).slice(0, 10);
  const actionIds = Array.from({ length: 10 }, () => randomUUID());
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('cases').values(kase).execute();
    await trx
      .insertInto('case_subjects')
      .values({
        id: subject.id,
        case_id: id,
        seq: 1,
        subject_id: null,
        name: subject.name,
        position: '村党支部书记',
        employer: null,
        authority: 'village_cadre',
        region_code: null,
        rank: null,
        party_member: 1,
        supervised: 1,
      })
      .execute();
    await trx
      .insertInto('case_members')
      .values(
        users.map((u, k) => ({
          id: randomUUID(),
          case_id: id,
          user_id: u.id,
          role: k === 0 ? 'leader' : 'member',
          name: u.display_name,
          unit_name: '县纪委监委',
          check_id: null,
          exception_note: null,
          added_at: at(1),
          added_by: null,
          removed_at: null,
          removed_by: null,
          removal_reason: null,
        })),
      )
      .execute();
    const officers = JSON.stringify(users.slice(0, 2).map((u) => ({ userId: u.id, name: u.display_name })));
    const actions: Insertable<Database['case_actions']>[] = Array.from({ length: 10 }, (_, k) => ({
      id: actionIds[k]!,
      case_id: id,
      seq: k + 1,
      kind: 'talk',
      started_at: at(10 + k),
      ended_at: at(11 + k),
      place: '谈话室',
      person_name: subject.name,
      person_role: 'subject',
      officers,
      notice: '已告知权利义务',
      credentials_shown: 1,
      room: '一号谈话室',
      room_monitored: 1,
      important: 0,
      audio_video: 1,
      recording_ref: `录像-${k + 1}`,
      safety_checked: 1,
      summary: '就有关问题进行谈话',
      created_by: users[0]!.id,
      created_at: at(10 + k),
    }));
    await trx.insertInto('case_actions').values(actions).execute();
    const evidence: Insertable<Database['case_evidence']>[] = Array.from({ length: 50 }, (_, k) => ({
      id: randomUUID(),
      case_id: id,
      seq: k + 1,
      type: k % 3 === 0 ? 'documentary' : k % 3 === 1 ? 'witness' : 'physical',
      title: `证据材料第${k + 1}份`,
      description: '村集体资金支出凭证及相关说明',
      action_id: k < 10 ? actionIds[k]! : null,
      source: '村委会',
      collectors: officers,
      collected_at: at(20 + k),
      place: '村委会办公室',
      method: '调取',
      original: k % 2,
      original_location: k % 2 === 0 ? '村委会档案室' : null,
      copy_reason: k % 2 === 0 ? '原件存档' : null,
      signed: 1,
      refusal_note: null,
      holder: '专案组',
      missing: '[]',
      version: 1,
      created_by: users[0]!.id,
      created_at: at(20 + k),
      updated_at: at(20 + k),
    }));
    await trx.insertInto('case_evidence').values(evidence).execute();
    await trx
      .insertInto('case_evidence_custody')
      .values(
        evidence.flatMap((e, k) =>
          [0, 1].map((j) => ({
            id: randomUUID(),
            evidence_id: e.id,
            case_id: id,
            seq: j + 1,
            from_name: j === 0 ? '村委会' : '专案组',
            to_name: j === 0 ? '专案组' : '案件监督管理室',
            at: at(30 + k + j),
            reason: j === 0 ? '调取' : '移交保管',
            recorded_by: users[0]!.id,
            recorded_at: at(30 + k + j),
          })),
        ),
      )
      .execute();
    const measures: Insertable<Database['case_measures']>[] = Array.from({ length: 20 }, (_, k) => ({
      id: randomUUID(),
      case_id: id,
      seq: k + 1,
      kind: k % 2 === 0 ? 'inquiry' : 'freeze',
      status: k < 15 ? 'lifted' : 'running',
      legal_basis: '监察法第二十三条',
      reason: '查明涉案资金去向',
      case_subject_id: subject.id,
      subject_name: subject.name,
      custody_needed: 0,
      approver_user_id: users[0]!.id,
      approver_name: users[0]!.display_name,
      approver_post: '主要负责人',
      approved_on: on(40 + k),
      approval_number: `渑纪审〔2026〕${String(k + 1).padStart(4, '0')}号`,
      collective_on: null,
      collective_minutes: null,
      higher_organ: null,
      higher_number: null,
      higher_on: null,
      notice_served_at: at(41 + k),
      notice_served_to: '银行网点',
      present: officers,
      started_at: at(41 + k),
      notified_at: null,
      notified_unit: null,
      notified_family: null,
      notice_withheld_reason: null,
      notice_withheld_by: null,
      transferred_at: null,
      restarted_at: null,
      restart_note: null,
      change_requested_at: null,
      change_applicant: null,
      change_request: null,
      change_decided_at: null,
      change_decision: null,
      lifted_at: k < 15 ? at(60 + k) : null,
      lift_reason: k < 15 ? '已查明' : null,
      version: 1,
      created_by: users[0]!.id,
      created_at: at(40 + k),
      updated_at: at(40 + k),
    }));
    await trx.insertInto('case_measures').values(measures).execute();
    await trx
      .insertInto('case_events')
      .values(
        Array.from({ length: 100 }, (_, k) => ({
          id: randomUUID(),
          case_id: id,
          at: at(2 + k),
          actor_user_id: users[k % users.length]!.id,
          actor_name: users[k % users.length]!.display_name,
          action: 'evidence_registered',
          label: '登记证据',
          note: `证据材料第${(k % 50) + 1}份`,
        })),
      )
      .execute();
    // 30 seized items (涉案财物): cash, goods and documents, each with its keeping clock (met for
    // the items deposited or handed to custody), a third of them seized in an action.
    const propertyKinds = ['cash', 'goods', 'documents'] as const;
    const property: Insertable<Database['case_property']>[] = Array.from({ length: 30 }, (_, k) => {
      const kind = propertyKinds[k % 3]!;
      const kept = k < 20;
      return {
        id: randomUUID(),
        case_id: id,
        seq: k + 1,
        number: `扣押-${String(k + 1).padStart(3, '0')}`,
        kind,
        description: kind === 'cash' ? '现金' : kind === 'goods' ? '手机一部' : '账本一册',
        quantity: kind === 'cash' ? null : '1',
        value_fen: kind === 'cash' ? 1_000_000 + k * 100 : null,
        appraisal: null,
        holder: subject.name,
        seized_at: at(70 + k),
        place: '被审查调查人住所',
        action_id: k < 10 ? actionIds[k]! : null,
        status: kept ? (kind === 'cash' ? 'deposited' : 'in_custody') : 'seized',
        steps: JSON.stringify(
          kept
            ? [
                {
                  step: kind === 'cash' ? 'deposit' : 'custody',
                  label: kind === 'cash' ? '存入专用账户' : '移交保管部门',
                  at: at(80 + k),
                  note: '按规定办理',
                  by: users[0]!.display_name,
                },
              ]
            : [],
        ),
        version: kept ? 2 : 1,
        created_by: users[0]!.id,
        created_at: at(70 + k),
        updated_at: at(kept ? 80 + k : 70 + k),
      };
    });
    await trx.insertInto('case_property').values(property).execute();
    await trx
      .insertInto('deadlines')
      .values(
        property.map((item, k) => ({
          id: randomUUID(),
          resource_type: 'case_property',
          resource_id: item.id,
          kind: item.kind === 'cash' ? 'seized_cash_account' : 'seized_goods_custody',
          rule_id: null,
          starts_on: on(70 + k),
          starts_at: at(70 + k),
          legal_due_on: null,
          due_on: on(70 + k + (item.kind === 'cash' ? 15 * 24 : 30 * 24)),
          due_at: null,
          amount: null,
          extended: 0,
          paused_at: null,
          met_at: item.status === 'seized' ? null : at(80 + k),
          end_reason: item.status === 'seized' ? null : 'met',
          uncovered_years: null,
          reminded_stage: null,
          owner_unit_id: kase.owner_unit_id,
          owner_unit_path: kase.owner_unit_path,
          region_path: kase.region_path,
          county_code: kase.county_code,
          created_at: at(70 + k),
        })),
      )
      .execute();
    await trx
      .insertInto('case_plans')
      .values(
        (['investigation', 'talk'] as const).map((kind, k) => ({
          id: randomUUID(),
          case_id: id,
          kind,
          title: kind === 'investigation' ? '审查调查方案' : '谈话方案',
          content: JSON.stringify({
            objectives: '查明违规使用村集体资金问题',
            target: kind === 'talk' ? subject.name : null,
            matters: ['资金支出是否经民主程序', '资金去向'],
            measures: ['调取凭证', '谈话'],
            schedule: [{ period: '第一周', work: '调取凭证' }],
            safety: ['全程录音录像'],
          }),
          revision: 1,
          serious: 0,
          status: 'approved',
          approved_at: at(5 + k),
          version: 1,
          created_by: users[0]!.id,
          created_at: at(4 + k),
          updated_at: at(5 + k),
        })),
      )
      .execute();
  });
  return id;
}

/** Read statements only: the ceiling leaves the read audit's append out (see the header). */
const isRead = (q: { sql: string }) =>
  /^\s*(select|with)\b/i.test(q.sql) && !/\b(insert\s+into|update|delete\s+from)\b/i.test(q.sql);

async function runOn(engine: Engine, rows: number, pgUrl: string | undefined): Promise<void> {
  heading(
    `case page on ${engine}: one case of 50 evidence items, 20 measures, 100 events, 30 seized items among ${fmt(rows)}`,
  );
  const home = await dataHome('casepage', engine, rows, pgUrl, RUN.keep);
  await loadOnce(RUN.bench, engine, home, pgUrl, `${fmt(rows)} background cases`, casesLoader(rows));
  const seed = writable(engine, home, pgUrl);
  let caseId: string;
  try {
    caseId = await bigCase(seed);
  } finally {
    await seed.destroy();
  }
  console.log(`  the case: ${caseId}`);

  const rig = await openRig(engine, home, pgUrl);
  const capturing = writable(engine, home, pgUrl, (e) => {
    if (e.level === 'query') rig.sink.push({ sql: e.query.sql, params: e.query.parameters });
  });
  // The read audit is appended (then rolled back) under the chain's keys; its anchor file, if
  // written at all, is a throwaway one.
  configureAuditChain(
    capturing,
    loadOrCreateMasterKey(join(home.dir, 'master.key')),
    join(makeTempDir('case-page-anchor'), 'anchors'),
  );
  /** Runs `fn` as the app would, on the capturing connection, then rolls its writes back. */
  const rolledBack = async (ctx: Ctx, fn: (tx: Ctx) => Promise<unknown>) => {
    try {
      await capturing.transaction().execute(async (trx) => {
        await fn({ ...ctx, db: trx });
        throw new Rollback();
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
  };
  const reads: { name: string; path: string; run: (ctx: Ctx) => Promise<unknown> }[] = [
    { name: 'GET /api/cases/:id (overview, team, clocks, trail)', path: '', run: (c) => readCase(c, caseId) },
    { name: 'GET …/evidence (50 items, custody)', path: '/evidence', run: (c) => listEvidence(c, caseId) },
    { name: 'GET …/measures (20)', path: '/measures', run: (c) => caseMeasures(c, caseId) },
    { name: 'GET …/plans', path: '/plans', run: (c) => listPlans(c, caseId) },
    { name: 'GET …/actions (10)', path: '/actions', run: (c) => listCaseActions(c, caseId) },
    { name: 'GET …/property (30, clocks)', path: '/property', run: (c) => listProperty(c, caseId) },
  ];
  try {
    await measureReaders(rig, RUN, {
      label: (username) => `${engine} ${username}`,
      group: (username) => `${engine} case page as ${username}: all reads p95`,
      overall: `${engine} case page, ${fmt(rows)} background cases: overall p95`,
      async classes({ username, ctx }) {
        console.log(`\n${username} (load ${hostLoad()})`);
        return reads.map((r) => ({
          name: r.name,
          url: () => `/api/cases/${caseId}${r.path}`,
          replay: () => rolledBack(ctx, r.run),
          keep: isRead,
          note: (body) => {
            const items = (body as { items?: unknown[]; events?: unknown[] }).items;
            const events = (body as { events?: unknown[] }).events;
            return items ? `${items.length} items` : `${events?.length ?? 0} events`;
          },
        }));
      },
    });
  } finally {
    await capturing.destroy();
    await rig.close();
  }
}

runLegs(RUN, runOn);
