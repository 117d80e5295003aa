/**
 * Village finance disclosure (issue 16 §1): a village's public page served over HTTP with 60
 * months of accounts (≈ 30,000 lines) — p95 ≤ 20 ms on SQLite and, with BENCH_PG_URL, PostgreSQL —
 * and a 5,000-line monthly upload (Excel) validated and stored ≤ 2 s; the county's publication
 * calendar (every village: finance period and general quarter due, major matters of 90 days) for
 * the county leader, p95 ≤ 200 ms with every village holding 12 months, 4 quarters of general
 * items and 5 major matters.
 *
 * The platform is the test harness's (demo county seeded, migrations run), listening on a local
 * port; the months are prepared, submitted and signed through the module's own functions (as the
 * clerk and the committee), so every line is hashed, sealed and masked as in production. The page
 * is `GET /api/public/villages/:code/disclosure/finance/:period` of a random month (the index too).
 *
 * Ceilings, same run, same rows: the page's two statements (the period's versions, the version's
 * lines) executed raw on the same connection; the upload's bare multi-row insert of 5,000 line rows
 * in one transaction (no reading, no validation, no sealing). Printed as ratios.
 * Env: BENCH_DISCLOSURE_MONTHS (60), BENCH_DISCLOSURE_LINES (500 a month), BENCH_DISCLOSURE_UPLOAD
 * (5,000), BENCH_DISCLOSURE_REQUESTS (300), BENCH_PG_URL, BENCH_DISCLOSURE_SKIP_SQLITE=1.
 */
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { demoLines } from '../src/server/seed/demo-disclosure.js';
import { prepareBatch, signBatch, submitBatch } from '../src/server/modules/disclosure/index.js';
import { DISCLOSURE_UPLOAD_HEADERS } from '../src/server/shared/disclosure.codes.js';
import { newId } from '../src/server/shared/ids.js';
import { ctxAs, unitOf } from '../src/server/test/factories.js';
import { TEST_PASSWORD, type TestEnv, startTestEnv } from '../src/server/test/harness.js';
import { fmt, heading, percentile, report, runMain } from './lib/common.js';

const MONTHS = Number(process.env.BENCH_DISCLOSURE_MONTHS ?? 60);
const LINES = Number(process.env.BENCH_DISCLOSURE_LINES ?? 500);
const UPLOAD = Number(process.env.BENCH_DISCLOSURE_UPLOAD ?? 5000);
const REQUESTS = Number(process.env.BENCH_DISCLOSURE_REQUESTS ?? 300);
const B = 'disclosure';

/** `count` months ending 2026-11 (the harness's clock is 2026-11-20). */
function periods(count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(2026, 10 - i, 1));
    out.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return out;
}

/** `n` balanced lines of `period`, the demo's eight repeated with unique voucher numbers. */
function linesOf(period: string, n: number) {
  const base = demoLines(period);
  return Array.from({ length: n }, (_, i) => ({
    ...base[i % base.length]!,
    voucherNo: `记-${String(i + 1).padStart(4, '0')}`,
    occurredOn: `${period}-${String(1 + (i % 28)).padStart(2, '0')}`,
  }));
}

async function village(env: TestEnv): Promise<string> {
  const unit = await unitOf(env, 'vclerk1');
  return (await env.ctx().db.selectFrom('units').select('region_code').where('id', '=', unit).executeTakeFirstOrThrow())
    .region_code;
}

async function load(env: TestEnv, code: string): Promise<void> {
  const clerk = await ctxAs(env, 'vclerk1');
  const committee = await ctxAs(env, 'village1');
  let balance = 10_000_000;
  const t = performance.now();
  for (const period of periods(MONTHS)) {
    const lines = linesOf(period, LINES);
    const net = lines.reduce((s, l) => s + (l.direction === 'income' ? l.amount : -l.amount), 0);
    const made = await prepareBatch(clerk, {
      regionCode: code,
      kind: 'finance',
      period,
      openingBalance: balance,
      closingBalance: balance + net,
      lines,
    });
    await submitBatch(clerk, made.id);
    await signBatch(committee, made.id, '同意公开');
    balance += net;
  }
  console.log(`loaded ${MONTHS} months × ${LINES} lines in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

/** Every village of the county but `skip` (the loaded one) gets 12 published months, 4 quarters of general items and 5 major matters (raw rows). */
async function history(env: TestEnv, skip: string): Promise<number> {
  const db = env.ctx().db;
  const villages = await db
    .selectFrom('units as u')
    .innerJoin('regions as r', 'r.code', 'u.region_code')
    .select(['u.id', 'u.path', 'r.code', 'r.path as region_path', 'r.county_code'])
    .where('u.kind', '=', 'village_committee')
    .where('r.level', '=', 'village')
    .where('r.code', '!=', skip)
    .execute();
  const at = '2026-11-15T02:00:00.000Z';
  const rows = villages.flatMap((v) => {
    const one = (kind: string, period: string, title: string | null, published: string) => ({
      id: newId(),
      region_code: v.code,
      kind,
      period,
      version: 1,
      status: 'published',
      title,
      decision_record: title ? '村民代表会议决定' : null,
      correction_reason: null,
      previous_id: null,
      opening_balance: null,
      closing_balance: null,
      carried_balance: null,
      removed_vouchers: null,
      return_reason: null,
      prepared_by: null,
      submitted_by: null,
      submitted_at: null,
      signed_by: null,
      signed_by_name: '村监委主任',
      review_opinion: '同意',
      published_at: published,
      superseded_at: null,
      owner_unit_id: v.id,
      owner_unit_path: v.path,
      region_path: v.region_path,
      county_code: v.county_code,
      created_at: published,
      updated_at: published,
    });
    return [
      ...periods(12)
        .slice(0, 11)
        .map((p) => one('finance', p, null, at)),
      ...['2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3'].map((q) => one('general', q, null, at)),
      ...[1, 2, 3, 4, 5].map((i) =>
        one(
          'major_matter',
          `M${newId().slice(-12)}`,
          `重大事项${i}`,
          `2026-${String(6 + i).padStart(2, '0')}-05T02:00:00.000Z`,
        ),
      ),
    ];
  });
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('disclosure_batches')
      .values(rows.slice(i, i + 200))
      .execute();
  return villages.length;
}

async function timeGets(urls: string[]): Promise<number[]> {
  const times: number[] = [];
  for (const url of urls) {
    const t = performance.now();
    const res = await fetch(url);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
    times.push(performance.now() - t);
  }
  return times;
}

async function uploadFile(n: number, period: string): Promise<{ bytes: Buffer; net: number }> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('收支明细');
  ws.addRow([...DISCLOSURE_UPLOAD_HEADERS]);
  let net = 0;
  for (const l of linesOf(period, n)) {
    net += l.direction === 'income' ? l.amount : -l.amount;
    ws.addRow([
      l.voucherNo,
      l.occurredOn,
      l.direction === 'income' ? '收入' : '支出',
      l.counterparty,
      l.partyNumber,
      l.amount / 100,
      l.paymentMethod === 'cash' ? '现金' : '转账',
      l.account,
      l.purpose,
      l.category,
      l.approvalPath,
      l.approvers,
    ]);
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), net };
}

async function leg(engine: 'sqlite' | 'postgres'): Promise<void> {
  heading(`${B} on ${engine}: ${MONTHS} months × ${LINES} lines, upload of ${UPLOAD} lines`);
  const env = await startTestEnv(engine);
  try {
    const code = await village(env);
    const villageCount = await history(env, code);
    await load(env, code);
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(env.app.server.address() as { port: number }).port}`;
    const all = periods(MONTHS);
    const pick = () => all[Math.floor(Math.random() * all.length)]!;
    await timeGets(
      Array.from({ length: 20 }, () => `${base}/api/public/villages/${code}/disclosure/finance/${pick()}`),
    );
    const page = await timeGets(
      Array.from({ length: REQUESTS }, () => `${base}/api/public/villages/${code}/disclosure/finance/${pick()}`),
    );
    const index = await timeGets(
      Array.from({ length: Math.ceil(REQUESTS / 3) }, () => `${base}/api/public/villages/${code}/disclosure`),
    );
    // Ceiling: the page's statements, raw, on the same database.
    const db = env.ctx().db;
    const raw: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t = performance.now();
      const v = await sql<{
        id: string;
      }>`select id, version, status, published_at, superseded_at, line_count, income_total, expense_total, opening_balance, closing_balance from disclosure_batches where region_code = ${code} and kind = 'finance' and period = ${pick()} and status in ('published', 'superseded') order by version desc`.execute(
        db,
      );
      await sql`select id, seq, voucher_no, occurred_on, direction, counterparty_shown, party_number_masked, amount, payment_method, account_masked, purpose, category, approval_path, approvers, change from disclosure_lines where batch_id = ${v.rows[0]!.id} order by seq`.execute(
        db,
      );
      raw.push(performance.now() - t);
    }
    const rawP95 = percentile(raw, 95);
    report({
      bench: B,
      name: `${engine}: public month page p95 (${LINES} lines, ${MONTHS} months)`,
      value: percentile(page, 95),
      unit: 'ms',
      target: { op: '<=', value: 20 },
      ceiling: { name: 'raw statements p95', value: rawP95 },
      note: `p50 ${fmt(percentile(page, 50))} ms, raw p50 ${fmt(percentile(raw, 50))} ms`,
    });
    report({
      bench: B,
      name: `${engine}: public index p95`,
      value: percentile(index, 95),
      unit: 'ms',
      target: { op: '<=', value: 20 },
      ceiling: { name: 'raw statements p95', value: rawP95 },
    });

    // The county's calendar, as its leader reads it (every village in scope).
    const leader = await env.as('leader', TEST_PASSWORD);
    const calendar: number[] = [];
    for (let i = 0; i < Math.ceil(REQUESTS / 3) + 5; i++) {
      const t = performance.now();
      const res = await leader.get('/api/disclosure/calendar');
      if (res.statusCode !== 200) throw new Error(`calendar answered ${res.statusCode}`);
      if (i >= 5) calendar.push(performance.now() - t);
    }
    const items = (await leader.get('/api/disclosure/calendar')).json().items.length as number;
    report({
      bench: B,
      name: `${engine}: county publication calendar p95 (${items} villages, ${villageCount} seeded with 20 publications)`,
      value: percentile(calendar, 95),
      unit: 'ms',
      target: { op: '<=', value: 200 },
      note: `p50 ${fmt(percentile(calendar, 50))} ms (in-process inject, no socket)`,
    });

    // Upload: a new month (December 2026 is not allowed yet; a quarter of 2020 is free).
    const clerk = await env.as('vclerk1', TEST_PASSWORD);
    const { bytes, net } = await uploadFile(UPLOAD, '2020-01');
    const t = performance.now();
    const res = await clerk.upload(
      '/api/disclosure/imports',
      { regionCode: code, period: '2020-01', openingBalance: '0', closingBalance: String(net) },
      { name: 'month.xlsx', bytes },
    );
    const uploadMs = performance.now() - t;
    if (res.statusCode !== 201) throw new Error(`upload answered ${res.statusCode}: ${res.body.slice(0, 400)}`);
    // Ceiling: a bare insert of as many line rows in one transaction.
    const batchId = res.json().id as string;
    const rows = Array.from({ length: UPLOAD }, (_, i) => ({
      id: newId(),
      batch_id: batchId,
      seq: 100_000 + i,
      voucher_no: `x-${i}`,
      occurred_on: '2020-01-05',
      direction: 'expense',
      counterparty_shown: '张*国',
      counterparty_private: 1,
      counterparty_enc: null,
      party_number_hash: null,
      party_number_enc: null,
      party_number_masked: null,
      amount: 100,
      payment_method: 'cash',
      account_hash: null,
      account_enc: null,
      account_masked: null,
      purpose: '电费',
      category: '管理费用',
      approval_path: null,
      approvers: null,
      change: null,
    }));
    const r0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('disclosure_lines')
          .values(rows.slice(i, i + 500))
          .execute();
    });
    const rawInsert = performance.now() - r0;
    report({
      bench: B,
      name: `${engine}: ${fmt(UPLOAD)}-line Excel upload validated and stored`,
      value: uploadMs,
      unit: 'ms',
      target: { op: '<=', value: 2000 },
      ceiling: { name: 'bare insert of the rows', value: rawInsert },
    });
  } finally {
    await env.close();
  }
}

runMain(B, async () => {
  if (process.env.BENCH_DISCLOSURE_SKIP_SQLITE !== '1') await leg('sqlite');
  if (process.env.BENCH_PG_URL) {
    process.env.TEST_PG_URL = process.env.BENCH_PG_URL;
    await leg('postgres');
  }
});
