/** The access ladder's rules of village finance disclosure (阳光村务): merged into the ladder's table. */
import { expect } from 'vitest';
import ExcelJS from 'exceljs';
import { DISCLOSURE_UPLOAD_HEADERS } from '../../../src/server/shared/disclosure.codes.js';
import { unitOf } from '../../../src/server/test/factories.js';
import type { TestEnv } from '../../../src/server/test/harness.js';
import { type Kit, type Rule, XLSX } from './rules.js';

const periods = new WeakMap<TestEnv, number>();

/** A fresh past month for each rung (2024-01, 2024-02, …), so no rung finds its period taken. */
function nextPeriod(env: TestEnv): string {
  const n = (periods.get(env) ?? 0) + 1;
  periods.set(env, n);
  const y = 2024 + Math.floor((n - 1) / 12);
  return `${y}-${String(((n - 1) % 12) + 1).padStart(2, '0')}`;
}

/** The demo clerk's village (the first village's 村民委员会). */
async function clerkVillage(k: Kit): Promise<string> {
  const unit = await unitOf(k.env, 'vclerk1');
  const row = await k.env
    .ctx()
    .db.selectFrom('units')
    .select('region_code')
    .where('id', '=', unit)
    .executeTakeFirstOrThrow();
  return row.region_code;
}

/** A month of one line, balanced. */
async function monthBody(k: Kit, period = nextPeriod(k.env)) {
  return {
    regionCode: await clerkVillage(k),
    kind: 'finance',
    period,
    openingBalance: 100_000,
    closingBalance: 90_000,
    lines: [
      {
        voucherNo: '记-001',
        occurredOn: `${period}-05`,
        direction: 'expense',
        counterparty: '县供电公司',
        amount: 10_000,
        paymentMethod: 'transfer',
        account: '6228480012345678',
        purpose: '电费',
        category: '管理费用',
      },
    ],
  };
}

/** A draft prepared by the clerk: its id and period. */
async function ladderDraft(k: Kit): Promise<{ id: string; period: string }> {
  const body = await monthBody(k);
  const res = await (await k.as('vclerk1')).post('/api/disclosure/batches', body);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id as string, period: body.period };
}

/** A submitted version. */
async function ladderSubmitted(k: Kit): Promise<{ id: string; period: string }> {
  const d = await ladderDraft(k);
  const res = await (await k.as('vclerk1')).post(`/api/disclosure/batches/${d.id}/submission`, {});
  expect(res.statusCode, res.body).toBe(200);
  return d;
}

/** Route → access rule, as in ../ladder.test.ts. */
export const DISCLOSURE_ROUTES: Record<string, Rule> = {
  'GET /api/disclosure/batches': { access: 'disclosure.read', holder: 'township1', lacker: 'norole' },
  'GET /api/disclosure/batches/export.xlsx': {
    access: 'disclosure.read',
    holder: 'township1',
    lacker: 'norole',
    contentType: XLSX,
  },
  'POST /api/disclosure/batches': { access: 'disclosure.prepare', holder: 'vclerk1', lacker: 'township1' },
  'POST /api/disclosure/imports': {
    access: 'disclosure.prepare',
    lacker: 'township1',
    holder: 'vclerk1',
    exercise: async (k) => {
      const period = nextPeriod(k.env);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('收支明细');
      ws.addRow([...DISCLOSURE_UPLOAD_HEADERS]);
      ws.addRow([
        '记-001',
        `${period}-05`,
        '支出',
        '县供电公司',
        null,
        100,
        '转账',
        '6228480012345678',
        '电费',
        '管理费用',
        null,
        null,
      ]);
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      return (await k.as('vclerk1')).upload(
        '/api/disclosure/imports',
        { regionCode: await clerkVillage(k), period, openingBalance: '100000', closingBalance: '90000' },
        { name: 'month.xlsx', bytes },
      );
    },
    expect: 201,
  },
  'GET /api/disclosure/batches/{id}': {
    access: 'disclosure.read',
    lacker: 'norole',
    exercise: async (k) => (await k.as('township1')).get(`/api/disclosure/batches/${(await ladderDraft(k)).id}`),
  },
  'GET /api/disclosure/batches/{id}/lines.xlsx': {
    access: 'disclosure.read',
    lacker: 'norole',
    exercise: async (k) => {
      const res = await (await k.as('village1')).get(`/api/disclosure/batches/${(await ladderDraft(k)).id}/lines.xlsx`);
      expect(res.headers['content-type']).toMatch(XLSX);
      return res;
    },
  },
  'POST /api/disclosure/batches/{id}/submission': {
    access: 'disclosure.prepare',
    lacker: 'township1',
    holder: 'vclerk1',
    exercise: async (k) =>
      (await k.as('vclerk1')).post(`/api/disclosure/batches/${(await ladderDraft(k)).id}/submission`, {}),
  },
  'POST /api/disclosure/batches/{id}/signature': {
    access: 'disclosure.review',
    lacker: 'vclerk1',
    holder: 'village1',
    exercise: async (k) =>
      (await k.as('village1')).post(`/api/disclosure/batches/${(await ladderSubmitted(k)).id}/signature`, {
        opinion: '同意公开',
      }),
  },
  'POST /api/disclosure/batches/{id}/return': {
    access: 'disclosure.review',
    lacker: 'vclerk1',
    holder: 'village1',
    exercise: async (k) =>
      (await k.as('village1')).post(`/api/disclosure/batches/${(await ladderSubmitted(k)).id}/return`, {
        reason: '缺少审批人',
      }),
  },
  'GET /api/disclosure/calendar': { access: 'disclosure.read', holder: 'township1', lacker: 'norole' },
  'GET /api/disclosure/calendar/export.xlsx': {
    access: 'disclosure.read',
    holder: 'township1',
    lacker: 'norole',
    contentType: XLSX,
  },
  'PUT /api/disclosure/schedules/{regionCode}': {
    // The township decides the cycle (CWF 第三十条); the village's committee no longer does.
    access: 'disclosure.schedule',
    lacker: 'village1',
    holder: 'township1',
    exercise: async (k) =>
      (await k.as('township1')).put(`/api/disclosure/schedules/${await clerkVillage(k)}`, { financeCycle: 'monthly' }),
  },
  'GET /api/public/villages/{regionCode}/disclosure': {
    access: 'public',
    exercise: async (k) => k.env.anon().get(`/api/public/villages/${await clerkVillage(k)}/disclosure`),
  },
  'GET /api/public/villages/{regionCode}/disclosure/{kind}/{period}': {
    access: 'public',
    exercise: async (k) => {
      const s = await ladderSubmitted(k);
      const signed = await (
        await k.as('village1')
      ).post(`/api/disclosure/batches/${s.id}/signature`, { opinion: '同意' });
      expect(signed.statusCode, signed.body).toBe(200);
      return k.env.anon().get(`/api/public/villages/${await clerkVillage(k)}/disclosure/finance/${s.period}`);
    },
  },
};

/** Path parameters of the disclosure routes for the ladder's `urlOf`. */
export const DISCLOSURE_PATH_IDS: [RegExp, string, string][] = [
  [/^\/api\/disclosure\/batches\//, 'id', '00000000-0000-4000-8000-000000000000'],
  [/^\/api\/disclosure\/schedules\//, 'regionCode', '411221000000'],
  [/^\/api\/public\/villages\//, 'regionCode', '411221000000'],
  [/^\/api\/public\/villages\//, 'kind', 'finance'],
  [/^\/api\/public\/villages\//, 'period', '2026-09'],
];
