/** The access ladder's rules of QR supervision of policies, projects, funds and subsidy rosters (立码监督): merged into the ladder's table. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { idCheckCharacter } from '../../../src/server/shared/id-number.js';
import { ITEM_UPLOAD_HEADERS, ROSTER_UPLOAD_HEADERS } from '../../../src/server/shared/qr-supervision.codes.js';
import { unitOf } from '../../../src/server/test/factories.js';
import { type Kit, type Rule, XLSX } from './rules.js';

/** The first village's code (village1's unit), in the county of dept1's department. */
async function village(k: Kit): Promise<string> {
  const unit = await unitOf(k.env, 'village1');
  const row = await k.env
    .ctx()
    .db.selectFrom('units')
    .select('region_code')
    .where('id', '=', unit)
    .executeTakeFirstOrThrow();
  return row.region_code;
}

async function itemBody(k: Kit) {
  return {
    kind: 'policy',
    title: '耕地地力保护补贴',
    year: 2026,
    summary: '按承包耕地面积补贴',
    eligibility: '拥有承包耕地的农户',
    standard: '每亩 105 元',
    applyWhere: '向村委会申报',
    allocations: [{ regionCode: await village(k) }],
  };
}

/** A draft item of dept1's department. */
async function draft(k: Kit): Promise<string> {
  const res = await (await k.as('dept1')).post('/api/qr-items', await itemBody(k));
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A published item of dept1's department. */
async function published(k: Kit): Promise<string> {
  const id = await draft(k);
  const res = await (await k.as('dept1')).post(`/api/qr-items/${id}/publication`, {});
  expect(res.statusCode, res.body).toBe(200);
  return id;
}

async function rosterBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('发放名册');
  ws.addRow([...ROSTER_UPLOAD_HEADERS]);
  const first17 = '41122119800101123';
  ws.addRow([
    '张建国',
    first17 + idCheckCharacter(first17),
    '张建国',
    '6228480012345678',
    '张建国',
    105,
    '2026-10-15',
    '王局长',
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function roster(k: Kit): Promise<string> {
  const res = await (
    await k.as('dept1')
  ).upload(
    '/api/subsidy-rosters/imports',
    { title: '耕地地力保护补贴', year: '2026' },
    { name: 'roster.xlsx', bytes: await rosterBytes() },
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Route → access rule, as in ../ladder.test.ts. */
export const QR_SUPERVISION_ROUTES: Record<string, Rule> = {
  'GET /api/qr-items': { access: 'qr_supervision.read', holder: 'township1', lacker: 'norole' },
  'GET /api/qr-items/export.xlsx': {
    access: 'qr_supervision.read',
    holder: 'dept1',
    lacker: 'norole',
    contentType: XLSX,
  },
  'POST /api/qr-items': { access: 'qr_supervision.manage', holder: 'dept1', lacker: 'township1' },
  'POST /api/qr-items/imports': {
    access: 'qr_supervision.manage',
    holder: 'dept1',
    lacker: 'township1',
    exercise: async (k) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('事项');
      ws.addRow([...ITEM_UPLOAD_HEADERS]);
      ws.addRow([
        '惠农政策',
        '耕地地力保护补贴',
        2026,
        '按面积补贴',
        null,
        '每亩 105 元',
        null,
        null,
        null,
        null,
        null,
        null,
        await village(k),
        null,
      ]);
      return (await k.as('dept1')).upload(
        '/api/qr-items/imports',
        {},
        { name: 'items.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) },
      );
    },
    expect: 201,
  },
  'GET /api/qr-items/{id}': {
    access: 'qr_supervision.read',
    lacker: 'norole',
    exercise: async (k) => (await k.as('township1')).get(`/api/qr-items/${await published(k)}`),
  },
  'PUT /api/qr-items/{id}': {
    access: 'qr_supervision.manage',
    holder: 'dept1',
    lacker: 'township1',
    exercise: async (k) => (await k.as('dept1')).put(`/api/qr-items/${await draft(k)}`, await itemBody(k)),
  },
  'POST /api/qr-items/{id}/publication': {
    access: 'qr_supervision.manage',
    holder: 'dept1',
    lacker: 'township1',
    exercise: async (k) => (await k.as('dept1')).post(`/api/qr-items/${await draft(k)}/publication`, {}),
  },
  'POST /api/qr-items/{id}/withdrawal': {
    access: 'qr_supervision.manage',
    holder: 'dept1',
    lacker: 'township1',
    exercise: async (k) => (await k.as('dept1')).post(`/api/qr-items/${await published(k)}/withdrawal`, {}),
  },
  'GET /api/qr-items/{id}/qr.png': {
    access: 'qr_supervision.read',
    lacker: 'norole',
    exercise: async (k) => {
      const res = await (await k.as('dept1')).get(`/api/qr-items/${await draft(k)}/qr.png`);
      expect(res.headers['content-type']).toBe('image/png');
      return res;
    },
  },
  'GET /api/subsidy-rosters': { access: 'qr_supervision.read', holder: 'dept1', lacker: 'norole' },
  'GET /api/subsidy-rosters/export.xlsx': {
    access: 'qr_supervision.read',
    holder: 'dept1',
    lacker: 'norole',
    contentType: XLSX,
  },
  'GET /api/subsidy-rosters/{id}': {
    access: 'qr_supervision.read',
    lacker: 'norole',
    exercise: async (k) => (await k.as('dept1')).get(`/api/subsidy-rosters/${await roster(k)}`),
  },
  'GET /api/subsidy-rosters/{id}/lines.xlsx': {
    access: 'qr_supervision.read',
    lacker: 'norole',
    contentType: XLSX,
    exercise: async (k) => (await k.as('dept1')).get(`/api/subsidy-rosters/${await roster(k)}/lines.xlsx`),
  },
  'POST /api/subsidy-rosters/imports': {
    access: 'qr_supervision.manage',
    holder: 'dept1',
    lacker: 'township1',
    exercise: async (k) =>
      (await k.as('dept1')).upload(
        '/api/subsidy-rosters/imports',
        { title: '耕地地力保护补贴', year: '2026' },
        { name: 'roster.xlsx', bytes: await rosterBytes() },
      ),
    expect: 201,
  },
  'GET /api/public/villages/{regionCode}/qr-items': {
    access: 'public',
    exercise: async (k) => k.env.anon().get(`/api/public/villages/${await village(k)}/qr-items`),
  },
  'GET /api/public/qr-items/{id}': {
    access: 'public',
    exercise: async (k) => k.env.anon().get(`/api/public/qr-items/${await published(k)}`),
  },
  'POST /api/public/subsidy-lookups': {
    access: 'public',
    exercise: async (k) => {
      const first17 = '41122119800101123';
      const res = await k.env
        .anon()
        .post('/api/public/subsidy-lookups', { idNumber: first17 + idCheckCharacter(first17), name: '张建国' });
      expect(Object.keys(res.json())).toEqual(['statement', 'items']);
      return res;
    },
  },
};

/** Path parameters of the QR supervision routes for the ladder's `urlOf`. */
export const QR_SUPERVISION_PATH_IDS: [RegExp, string, string][] = [
  [/^\/api\/qr-items\//, 'id', '00000000-0000-4000-8000-000000000000'],
  [/^\/api\/subsidy-rosters\//, 'id', '00000000-0000-4000-8000-000000000000'],
  [/^\/api\/public\/qr-items\//, 'id', '00000000-0000-4000-8000-000000000000'],
];
