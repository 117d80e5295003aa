import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, type TestEnv, startTestEnv, testDialects } from '../../test/harness.js';
import { readTransferWorkbook } from './org-transfer.service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const COUNTY = '411221000000';
/** 城关镇: the first township of the demo county, in zone 1, seat of `township1`. */
const CHENGGUAN = '411221100000';

type SheetRow = Record<string, unknown> & { _row: number };

async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  return wb;
}

/** The data rows of a sheet as header → value records. */
function sheetRows(wb: ExcelJS.Workbook, name: string): SheetRow[] {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const headers = (ws.getRow(1).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  const out: SheetRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const rec: SheetRow = { _row: n };
    const values = row.values as unknown[];
    headers.forEach((h, i) => {
      if (h) rec[h] = values[i] ?? null;
    });
    out.push(rec);
  });
  return out;
}

/** Builds a workbook from scratch: sheet name → [headers, ...rows]. */
async function buildWorkbook(sheets: Record<string, (string | number | boolean | null)[][]>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const r of rows) ws.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** POSTs `data` as the multipart field `file` (or another field) to the import route. */
function upload(
  client: Client,
  data: Buffer | string,
  opts: { dryRun?: boolean; filename?: string; field?: string } = {},
) {
  const form = new FormData();
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
  form.append(opts.field ?? 'file', new Blob([bytes]), opts.filename ?? 'organisation.xlsx');
  return client.app.inject({
    method: 'POST',
    url: `/api/organisation/import${opts.dryRun === undefined ? '' : `?dryRun=${opts.dryRun}`}`,
    headers: {
      ...(client.cookie ? { cookie: client.cookie } : {}),
      ...(client.csrf ? { 'x-csrf-token': client.csrf } : {}),
    },
    payload: form,
  });
}

describe('reading import workbooks', () => {
  /** Chinese names long enough that the zip's inflated chunks split characters. */
  const names = Array.from({ length: 6000 }, (_, i) => `纪检监察干部${'甲乙丙丁戊己庚辛壬癸'[i % 10]}${i}号`);

  it('keeps Chinese text intact across chunk boundaries (exceljs streaming writer: no shared strings)', async () => {
    const out = new PassThrough();
    const parts: Buffer[] = [];
    out.on('data', (c: Buffer) => parts.push(c));
    const done = new Promise((resolve) => out.on('end', resolve));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const ws = wb.addWorksheet('干部');
    ws.addRow(['ID', '单位ID', '姓名', '职务']).commit();
    for (const n of names) ws.addRow([null, 'U-1', n, '干部']).commit();
    ws.commit();
    await wb.commit();
    await done;
    const parsed = await readTransferWorkbook(Buffer.concat(parts));
    expect(parsed.rows.staff.map((r) => r.cells.name)).toEqual(names);
  });

  it('keeps Chinese text intact with shared strings and the workbook part after the sheets', async () => {
    const file = await buildWorkbook({
      干部: [['ID', '单位ID', '姓名', '职务'], ...names.map((n) => [null, 'U-1', n, '干部'])],
    });
    const parsed = await readTransferWorkbook(file);
    expect(parsed.rows.staff.map((r) => r.cells.name)).toEqual(names);
    expect(parsed.rows.staff[0]!.row).toBe(2);
  });

  it('stops reading past the row limit', async () => {
    const file = await buildWorkbook({
      行政区划: [['代码', '名称'], ...Array.from({ length: 6 }, (_, i) => [`41122110000${i + 1}`, `村${i}`])],
      干部: [['姓名'], ...Array.from({ length: 5 }, (_, i) => [`人${i}`])],
    });
    await expect(readTransferWorkbook(file, { rowLimit: 11 })).resolves.toMatchObject({ dataRows: 11 });
    await expect(readTransferWorkbook(file, { rowLimit: 10 })).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: { rows: [expect.objectContaining({ code: 'TOO_MANY_ROWS', sheet: '干部', row: 6 })] },
    });
  });
});

describe.each(testDialects())('organisation import and export on $name', ({ name }) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await startTestEnv(name);
  });
  afterAll(async () => env?.close());

  const db = () => env.platform.database.db;

  /** Row counts of every table an import writes, plus the audit log. */
  async function tableCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of ['regions', 'units', 'zones', 'zone_memberships', 'staff', 'subjects', 'audit_events'] as const) {
      const r = await db()
        .selectFrom(t)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[t] = Number(r.n);
    }
    return out;
  }

  async function auditCount(action: string): Promise<number> {
    const r = await db()
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async function exportAs(client: Client): Promise<ExcelJS.Workbook> {
    const res = await client.get('/api/organisation/export.xlsx');
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe(XLSX_TYPE);
    return loadWorkbook(res.rawPayload);
  }

  async function townshipCommissionOf(code: string) {
    return db()
      .selectFrom('units')
      .selectAll()
      .where('kind', '=', 'township_commission')
      .where('region_code', '=', code)
      .executeTakeFirstOrThrow();
  }

  /** Gives `username` a custom business role holding `permissions`, scoped to their own unit subtree. */
  async function grant(username: string, key: string, permissions: string[]): Promise<void> {
    const sec = await env.as('secadmin');
    const role = await sec.post('/api/roles', { key, name: key, permissions, defaultScope: 'unit_subtree' });
    expect(role.statusCode, role.body).toBe(201);
    const user = await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow();
    const assigned = await sec.post('/api/role-assignments', {
      userId: user.id,
      roleId: role.json<{ id: string }>().id,
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
  }

  it('exports the county to the organisation officer: townships, zones and staff, as machine values', async () => {
    const before = await auditCount('organisation.export');
    const wb = await exportAs(await env.as('orgadmin'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['行政区划', '单位', '协作区', '协作区成员', '干部', '监督对象']);

    const regions = sheetRows(wb, '行政区划');
    const townships = regions.filter((r) => r['级别'] === 'township');
    expect(townships).toHaveLength(12);
    expect(townships.map((t) => t['名称'])).toContain('城关镇');
    expect(regions.find((r) => r['代码'] === CHENGGUAN)).toMatchObject({ 上级代码: COUNTY, 名称: '城关镇' });
    // The city above the county is outside the officer's scope.
    expect(regions.some((r) => r['级别'] === 'city')).toBe(false);

    const units = sheetRows(wb, '单位');
    expect(units.filter((u) => u['类型'] === 'township_commission')).toHaveLength(12);
    const zones = sheetRows(wb, '协作区');
    expect(zones.map((z) => z['名称']).sort()).toEqual(
      ['第一', '第二', '第三', '第四'].map((n) => `渑池县纪检监察${n}协作区`).sort(),
    );
    const members = sheetRows(wb, '协作区成员');
    expect(members.filter((m) => m['乡镇代码'] === CHENGGUAN && m['终止日期'] === null)).toHaveLength(1);
    expect(members.every((m) => /^\d{4}-\d{2}-\d{2}$/.test(String(m['起始日期'])))).toBe(true);

    const staff = sheetRows(wb, '干部');
    const allStaff = await db().selectFrom('staff').select(['name', 'birth_date']).execute();
    expect(staff).toHaveLength(allStaff.length);
    const names = new Set(staff.map((s) => s['姓名']));
    for (const s of allStaff.slice(0, 20)) expect(names.has(s.name)).toBe(true);
    expect(staff.every((s) => /^\d{4}-\d{2}-\d{2}$/.test(String(s['出生日期'])))).toBe(true);
    expect(staff.every((s) => typeof s['党员'] === 'boolean')).toBe(true);
    expect(
      sheetRows(wb, '监督对象').every((s) =>
        ['county_managed', 'township_managed', 'village_cadre', 'other'].includes(String(s['干部管理权限'])),
      ),
    ).toBe(true);

    expect(await auditCount('organisation.export')).toBe(before + 1);
  });

  it('limits the export of a township secretary to their township', async () => {
    await grant('township1', 'org_exporter', ['org.read', 'org.export', 'staff.read']);
    const tc = await townshipCommissionOf(CHENGGUAN);
    const wb = await exportAs(await env.as('township1'));

    const units = sheetRows(wb, '单位');
    const unitIds = new Set(units.map((u) => u['ID']));
    expect(unitIds.has(tc.id)).toBe(true);
    expect(units.filter((u) => u['类型'] === 'township_commission')).toHaveLength(1);
    expect(units.every((u) => String(u['行政区划代码']).startsWith(CHENGGUAN.slice(0, 9)))).toBe(true);
    expect(sheetRows(wb, '行政区划').every((r) => String(r['代码']).startsWith(CHENGGUAN.slice(0, 9)))).toBe(true);
    // Zones belong to the county commission, outside a township's scope.
    expect(sheetRows(wb, '协作区')).toHaveLength(0);

    const staff = sheetRows(wb, '干部');
    const own = await db()
      .selectFrom('staff')
      .select(['id', 'name'])
      .where('owner_unit_path', '>=', tc.path)
      .where('owner_unit_path', '<', tc.path.slice(0, -1) + '0')
      .execute();
    const total = await db()
      .selectFrom('staff')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(own.length).toBeGreaterThan(0);
    expect(staff.map((s) => s['ID']).sort()).toEqual(own.map((s) => s.id).sort());
    expect(staff.length).toBeLessThan(Number(total.n));
    expect(staff.every((s) => unitIds.has(s['单位ID']))).toBe(true);
    // township1 also holds subject.read (township secretary): only subjects its township owns.
    const subjects = sheetRows(wb, '监督对象');
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.every((s) => unitIds.has(s['归属单位ID']))).toBe(true);
  });

  it('refuses the export to accounts without org.export', async () => {
    expect((await env.anon().get('/api/organisation/export.xlsx')).statusCode).toBe(401);
    for (const username of ['auditadmin', 'village1']) {
      const res = await (await env.as(username)).get('/api/organisation/export.xlsx');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('round-trips an edited export: renames, a new village, a new committee by temporary id and its staff', async () => {
    const orgadmin = await env.as('orgadmin');
    const wb = await exportAs(orgadmin);
    const tc = await townshipCommissionOf(CHENGGUAN);

    const unitSheet = wb.getWorksheet('单位')!;
    const intake = sheetRows(wb, '单位').find((u) => u['名称'] === '信访室')!;
    expect(intake).toBeDefined();
    unitSheet.getRow(intake._row).getCell(4).value = '信访室（来访接待中心）';
    unitSheet.addRow(['NEW-VC', tc.id, 'village_committee', '新建村村务监督委员会', null, '411221100099']);
    wb.getWorksheet('行政区划')!.addRow(['411221100099', CHENGGUAN, 'village', '新建村']);
    wb.getWorksheet('干部')!.addRow([
      null,
      'NEW-VC',
      '王新民',
      'male',
      '村务监督委员会主任',
      '大专',
      true,
      '1980-05-06',
      '2000-07-01',
      '2026-01-01',
      true,
    ]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const before = await auditCount('organisation.import');
    const res = await upload(orgadmin, file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
    expect(res.json()).toMatchObject({
      imported: { regions: 1, units: 2, zones: 0, memberships: 0, staff: 1, subjects: 0 },
      inserted: { regions: 1, units: 1, staff: 1 },
      updated: { regions: 0, units: 1, staff: 0 },
      dryRun: false,
    });
    expect(await auditCount('organisation.import')).toBe(before + 1);

    expect((await orgadmin.get(`/api/units/${String(intake['ID'])}`)).json().name).toBe('信访室（来访接待中心）');
    const village = await orgadmin.get('/api/regions/411221100099');
    expect(village.statusCode).toBe(200);
    expect(village.json()).toMatchObject({ name: '新建村', parentCode: CHENGGUAN, level: 'village' });
    const children = await orgadmin.get(`/api/units?parentId=${tc.id}&pageSize=200`);
    const committee = children
      .json<{ items: { id: string; name: string; regionCode: string }[] }>()
      .items.find((u) => u.name === '新建村村务监督委员会');
    expect(committee).toMatchObject({ regionCode: '411221100099' });
    const staff = await orgadmin.get(`/api/staff?unitId=${committee!.id}`);
    expect(staff.json().items).toEqual([
      expect.objectContaining({ name: '王新民', gender: 'male', birthDate: '1980-05-06', partyMember: true }),
    ]);
    const row = await db()
      .selectFrom('units')
      .select(['path', 'region_path'])
      .where('id', '=', committee!.id)
      .executeTakeFirstOrThrow();
    expect(row.path).toBe(`${tc.path}${committee!.id}/`);
    expect(row.region_path).toBe(`/411200000000/${COUNTY}/${CHENGGUAN}/411221100099/`);

    // A fresh export imported as it is changes nothing.
    const again = await upload(orgadmin, Buffer.from(await (await exportAs(orgadmin)).xlsx.writeBuffer()));
    expect(again.statusCode, again.body.slice(0, 2000)).toBe(200);
    expect(again.json().imported).toEqual({ regions: 0, units: 0, zones: 0, memberships: 0, staff: 0, subjects: 0 });
  });

  it('moves a unit with its subtree and what they own when the file gives it another parent', async () => {
    const orgadmin = await env.as('orgadmin');
    const tc = await townshipCommissionOf('411221101000');
    const office = await db()
      .selectFrom('units')
      .selectAll()
      .where('name', '=', '第一纪检监察室')
      .executeTakeFirstOrThrow();
    const villages = await db().selectFrom('units').selectAll().where('parent_id', '=', tc.id).execute();
    expect(villages.length).toBeGreaterThan(0);
    // A named report the township handles, with its running clocks: both must follow the move.
    const village = await db()
      .selectFrom('regions')
      .select('code')
      .where('parent_code', '=', '411221101000')
      .where('level', '=', 'village')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const sent = await env.anon().post('/api/public/reports', {
      regionCode: village.code,
      named: true,
      reporter: { name: '迁移测试', phone: '13800001234' },
      subject: { name: '迁某', position: '村委会主任' },
      content: '反映迁某在村集体资产出租中收受好处费问题。',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const reportId = (
      await db()
        .selectFrom('reports')
        .select(['id', 'owner_unit_id'])
        .where('subject_name', '=', '迁某')
        .executeTakeFirstOrThrow()
    ).id;
    const ownerPaths = async () => ({
      report: (
        await db().selectFrom('reports').select('owner_unit_path').where('id', '=', reportId).executeTakeFirstOrThrow()
      ).owner_unit_path,
      clocks: (
        await db().selectFrom('deadlines').select('owner_unit_path').where('resource_id', '=', reportId).execute()
      ).map((d) => d.owner_unit_path),
    });
    const before = await ownerPaths();
    expect(before.report).toBe(tc.path);
    expect(before.clocks.length).toBeGreaterThan(0);

    // A cycle through the database tree: a township commission under its own village committee.
    const cycle = await upload(
      orgadmin,
      await buildWorkbook({
        单位: [
          ['ID', '上级单位ID'],
          [tc.id, villages[0]!.id],
        ],
      }),
    );
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.details.rows).toEqual([
      expect.objectContaining({ sheet: '单位', row: 2, code: 'UNIT_CYCLE' }),
    ]);

    // Only the columns given change: kind, name and region stay as they are.
    const res = await upload(
      orgadmin,
      await buildWorkbook({
        单位: [
          ['ID', '上级单位ID'],
          [tc.id, office.id],
        ],
      }),
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().imported.units).toBe(1);
    const moved = await db().selectFrom('units').selectAll().where('id', '=', tc.id).executeTakeFirstOrThrow();
    expect(moved).toMatchObject({
      parent_id: office.id,
      path: `${office.path}${tc.id}/`,
      name: tc.name,
      kind: tc.kind,
    });
    for (const v of villages) {
      const now = await db().selectFrom('units').select('path').where('id', '=', v.id).executeTakeFirstOrThrow();
      expect(now.path).toBe(`${moved.path}${v.id}/`);
      const staff = await db().selectFrom('staff').select('owner_unit_path').where('unit_id', '=', v.id).execute();
      expect(staff.length).toBeGreaterThan(0);
      expect(staff.every((s) => s.owner_unit_path === now.path)).toBe(true);
    }
    const owned = await db()
      .selectFrom('subjects')
      .select('owner_unit_path')
      .where('owner_unit_id', '=', tc.id)
      .execute();
    expect(owned.length).toBeGreaterThan(0);
    expect(owned.every((s) => s.owner_unit_path === moved.path)).toBe(true);
    const after = await ownerPaths();
    expect(after.report).toBe(moved.path);
    expect(after.clocks.every((p) => p === moved.path)).toBe(true);
    // The leader still finds it (the county's scope holds the office the township now sits under).
    const leader = await env.as('leader');
    expect((await leader.get(`/api/reports/${reportId}`)).statusCode).toBe(200);

    const back = await upload(
      orgadmin,
      await buildWorkbook({
        单位: [
          ['ID', '上级单位ID'],
          [tc.id, tc.parent_id],
        ],
      }),
    );
    expect(back.statusCode, back.body).toBe(200);
    expect(
      (await db().selectFrom('units').select('path').where('id', '=', villages[0]!.id).executeTakeFirstOrThrow()).path,
    ).toBe(villages[0]!.path);
  });

  it('creates a zone by temporary id, hands a township over to it, and finds owners by cadre authority', async () => {
    const orgadmin = await env.as('orgadmin');
    const commission = await db()
      .selectFrom('units')
      .selectAll()
      .where('kind', '=', 'commission')
      .where('region_code', '=', COUNTY)
      .executeTakeFirstOrThrow();
    const zone4 = await db().selectFrom('zones').selectAll().where('ordinal', '=', 4).executeTakeFirstOrThrow();
    const RENCUN = '411221204000';

    const taken = await upload(
      orgadmin,
      await buildWorkbook({
        协作区: [
          ['ID', '县纪委监委单位ID', '序号'],
          ['Z-NEW', commission.id, 4],
        ],
      }),
    );
    expect(taken.statusCode).toBe(422);
    expect(taken.json().error.details.rows).toEqual([
      expect.objectContaining({ sheet: '协作区', row: 2, code: 'CONFLICT' }),
    ]);

    const file = await buildWorkbook({
      协作区: [
        ['ID', '县纪委监委单位ID', '序号', '名称', '中心乡镇代码', '工作室单位ID'],
        ['Z-NEW', commission.id, 5, null, RENCUN, null],
      ],
      协作区成员: [
        ['协作区ID', '乡镇代码', '派驻机构单位ID', '起始日期', '终止日期'],
        [zone4.id, RENCUN, null, '2023-01-01', '2026-12-31'],
        ['Z-NEW', RENCUN, null, '2026-12-31', null],
      ],
      监督对象: [
        ['姓名', '职务', '工作单位', '行政区划代码', '干部管理权限'],
        ['孙八', '村委委员', '城关镇某村民委员会', '411221100001', 'village_cadre'],
      ],
    });
    const res = await upload(orgadmin, file);
    expect(res.statusCode, res.body.slice(0, 2000)).toBe(200);
    expect(res.json()).toMatchObject({
      inserted: { zones: 1, memberships: 1, subjects: 1 },
      updated: { zones: 0, memberships: 1 },
    });
    const created = await db().selectFrom('zones').selectAll().where('ordinal', '=', 5).executeTakeFirstOrThrow();
    expect(created).toMatchObject({
      name: '渑池县纪检监察第五协作区',
      central_township_code: RENCUN,
      owner_unit_id: commission.id,
    });
    const detail = (await orgadmin.get(`/api/zones/${created.id}`)).json();
    expect(detail.memberships).toEqual([
      expect.objectContaining({ townshipCode: RENCUN, effectiveFrom: '2026-12-31', effectiveTo: null }),
    ]);
    const old = await db()
      .selectFrom('zone_memberships')
      .selectAll()
      .where('zone_id', '=', zone4.id)
      .where('township_code', '=', RENCUN)
      .executeTakeFirstOrThrow();
    expect(old.effective_to).toBe('2026-12-31');
    const subject = await db().selectFrom('subjects').selectAll().where('name', '=', '孙八').executeTakeFirstOrThrow();
    expect(subject.owner_unit_id).toBe((await townshipCommissionOf(CHENGGUAN)).id);

    // Two zones may swap their numbers in one file (one number per commission is a unique index).
    const [z1, z2] = await db()
      .selectFrom('zones')
      .selectAll()
      .where('ordinal', 'in', [1, 2])
      .orderBy('ordinal')
      .execute();
    const swap = (a: number, b: number) =>
      buildWorkbook({
        协作区: [
          ['ID', '序号'],
          [z1!.id, a],
          [z2!.id, b],
        ],
      });
    const swapped = await upload(orgadmin, await swap(2, 1));
    expect(swapped.statusCode, swapped.body).toBe(200);
    expect(swapped.json().updated.zones).toBe(2);
    const now = await db()
      .selectFrom('zones')
      .select(['id', 'ordinal', 'name'])
      .where('id', '=', z1!.id)
      .executeTakeFirstOrThrow();
    expect(now).toMatchObject({ ordinal: 2, name: z1!.name });
    expect((await upload(orgadmin, await swap(1, 2))).statusCode).toBe(200);
  });

  it('rejects a workbook with bad rows, reports each by sheet and row, and writes nothing', async () => {
    const orgadmin = await env.as('orgadmin');
    const tc = await townshipCommissionOf(CHENGGUAN);
    const zone2 = await db().selectFrom('zones').select('id').where('ordinal', '=', 2).executeTakeFirstOrThrow();
    const file = await buildWorkbook({
      行政区划: [
        ['代码', '上级代码', '级别', '名称'],
        ['41122110000X', CHENGGUAN, 'village', '坏代码村'],
        ['411221999001', '411221999000', 'village', '无主村'],
        ['411221100098', CHENGGUAN, 'village', '好村'],
      ],
      单位: [
        ['ID', '上级单位ID', '类型', '名称', '简称', '行政区划代码'],
        ['A', 'B', 'office', '甲室', null, COUNTY],
        ['B', 'A', 'office', '乙室', null, COUNTY],
      ],
      协作区成员: [
        ['协作区ID', '乡镇代码', '派驻机构单位ID', '起始日期', '终止日期'],
        [zone2.id, CHENGGUAN, null, '2025-01-01', null],
      ],
      干部: [
        ['ID', '单位ID', '姓名', '性别', '职务', '出生日期'],
        [null, tc.id, '张三', 'male', '纪检干事', '1990-02-30'],
        [null, tc.id, '李四', 'M', '纪检干事', '1990-01-01'],
        [null, tc.id, '王五', 'female', '纪检干事', '1991-03-04'],
      ],
      监督对象: [
        ['姓名', '性别', '职务', '工作单位', '行政区划代码', '干部管理权限'],
        ['赵六', 'male', '村主任', '城关村民委员会', '411221100001', 'mayor'],
      ],
    });
    const before = await tableCounts();
    const res = await upload(orgadmin, file);
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json<{
      error: { code: string; details: { rows: { sheet: string; row: number; field: string; code: string }[] } };
    }>().error;
    expect(error.code).toBe('IMPORT_REJECTED');
    const rows = error.details.rows;
    const expected = [
      { sheet: '行政区划', row: 2, field: '代码', code: 'INVALID_REGION_CODE' },
      { sheet: '行政区划', row: 3, field: '上级代码', code: 'PARENT_NOT_FOUND' },
      { sheet: '单位', row: 2, field: '上级单位ID', code: 'UNIT_CYCLE' },
      { sheet: '单位', row: 3, field: '上级单位ID', code: 'UNIT_CYCLE' },
      { sheet: '协作区成员', row: 2, code: 'ZONE_MEMBERSHIP_CONFLICT' },
      { sheet: '干部', row: 2, field: '出生日期', code: 'INVALID_DATE' },
      { sheet: '干部', row: 3, field: '性别', code: 'INVALID_ENUM' },
      { sheet: '监督对象', row: 2, field: '干部管理权限', code: 'INVALID_ENUM' },
    ];
    for (const e of expected) expect(rows).toContainEqual(expect.objectContaining(e));
    // The good rows are not reported, and nothing at all was written.
    expect(rows.some((r) => r.sheet === '行政区划' && r.row === 4)).toBe(false);
    expect(rows.some((r) => r.sheet === '干部' && r.row === 4)).toBe(false);
    expect(await tableCounts()).toEqual(before);
    expect((await orgadmin.get('/api/regions/411221100098')).statusCode).toBe(404);
  });

  it('reports what a dry run would import and writes nothing', async () => {
    const orgadmin = await env.as('orgadmin');
    const tc = await townshipCommissionOf(CHENGGUAN);
    const file = await buildWorkbook({
      行政区划: [
        ['代码', '上级代码', '级别', '名称'],
        ['411221100097', CHENGGUAN, 'village', '试运行村'],
      ],
      干部: [
        ['ID', '单位ID', '姓名', '职务'],
        [null, tc.id, '钱七', '纪检干事'],
      ],
    });
    const before = await tableCounts();
    const res = await upload(orgadmin, file, { dryRun: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      imported: { regions: 1, units: 0, zones: 0, memberships: 0, staff: 1, subjects: 0 },
      dryRun: true,
    });
    expect(await tableCounts()).toEqual(before);
    expect((await orgadmin.get('/api/regions/411221100097')).statusCode).toBe(404);
  });

  it('rejects rows outside the importer scope', async () => {
    await grant('township2', 'org_importer', ['org.read', 'org.import']);
    const t2 = await db()
      .selectFrom('users')
      .select('unit_id')
      .where('username', '=', 'township2')
      .executeTakeFirstOrThrow();
    const intake = await db()
      .selectFrom('units')
      .selectAll()
      .where('name', 'like', '信访室%')
      .executeTakeFirstOrThrow();
    const file = await buildWorkbook({
      单位: [
        ['ID', '上级单位ID', '类型', '名称', '简称', '行政区划代码'],
        [intake.id, intake.parent_id, intake.kind, '越权改名', null, intake.region_code],
        ['T2-NEW', t2.unit_id, 'other', '乡镇纪委新设机构', null, COUNTY],
      ],
    });
    const township2 = await env.as('township2');
    const before = await tableCounts();
    const res = await upload(township2, file);
    expect(res.statusCode).toBe(422);
    const rows = res.json().error.details.rows as { sheet: string; row: number; code: string }[];
    expect(rows).toContainEqual(expect.objectContaining({ sheet: '单位', row: 2, code: 'OUT_OF_SCOPE' }));
    expect(rows.some((r) => r.row === 3)).toBe(false);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses files that are not xlsx, a missing file, and callers without org.import', async () => {
    const orgadmin = await env.as('orgadmin');
    const text = await upload(orgadmin, 'name,code\n城关镇,411221100000\n', { filename: 'organisation.xlsx' });
    expect(text.statusCode).toBe(400);
    expect(text.json().error.code).toBe('INVALID_FILE');

    const otherField = await upload(orgadmin, await buildWorkbook({ 行政区划: [['代码']] }), { field: 'document' });
    expect(otherField.statusCode).toBe(400);
    const noBody = await orgadmin.post('/api/organisation/import');
    expect(noBody.statusCode).toBe(400);
    const emptyForm = new FormData();
    emptyForm.append('note', 'no file here');
    const fieldsOnly = await env.app.inject({
      method: 'POST',
      url: '/api/organisation/import',
      headers: { cookie: orgadmin.cookie!, 'x-csrf-token': orgadmin.csrf! },
      payload: emptyForm,
    });
    expect(fieldsOnly.statusCode).toBe(400);

    const unknownSheets = await upload(orgadmin, await buildWorkbook({ Sheet1: [['a', 'b']] }));
    expect(unknownSheets.statusCode).toBe(400);
    expect(unknownSheets.json().error.code).toBe('INVALID_FILE');

    const file = await buildWorkbook({
      行政区划: [
        ['代码', '名称'],
        ['411221100096', '某村'],
      ],
    });
    const leader = await upload(await env.as('leader'), file);
    expect(leader.statusCode).toBe(403);
    expect(leader.json().error.code).toBe('FORBIDDEN');
    expect((await upload(env.anon(), file)).statusCode).toBe(401);
  });
});
