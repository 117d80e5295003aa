import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { Database } from '../db/types.js';
import { type DepartmentGroupTable, type RegionRow, type UnitRow, chineseOrdinal } from '../modules/org/index.js';
import type { StaffRow, SubjectRow } from '../modules/people/index.js';
import type { ZoneMembershipRow, ZoneRoleTable, ZoneRow } from '../modules/zones/index.js';
import { newId } from '../shared/ids.js';
import { appendAuditEvent } from '../modules/audit/index.js';
import { hashPassword } from '../modules/auth/index.js';
import { personName, rng, villageName } from './names.js';
import type { CountySpec, PresetSpec } from './presets.js';
import { transact } from '../db/durability.js';
import { seedChecklistTemplates } from './checklists.js';
import { skeletonRows } from '../modules/micro-powers/index.js';

/** An account the seed created, for the first-start printout. */
export interface SeededAccount {
  username: string;
  displayName: string;
  roleKey: string;
  roleName: string;
  unitName: string;
  scope: string;
}

/** What a seed run produced. */
export interface SeedResult {
  regions: number;
  units: number;
  zones: number;
  staff: number;
  subjects: number;
  accounts: SeededAccount[];
  /** The demo village whose public pages (`/r/<code>`) carry the village-facing demo data. */
  demoVillage?: { code: string; name: string };
}

interface Built {
  regions: RegionRow[];
  units: UnitRow[];
  zones: ZoneRow[];
  memberships: ZoneMembershipRow[];
  zoneRoles: ZoneRoleTable[];
  staff: StaffRow[];
  subjects: SubjectRow[];
  /** Which dispatched group supervises which department (教育局, 农业农村局; 民政局 left unlinked). */
  departmentGroups: DepartmentGroupTable[];
  /** Handy handles for account creation. */
  handles: {
    commission: UnitRow;
    offices: UnitRow[];
    intake: UnitRow;
    caseOffice: UnitRow;
    reviewOffice: UnitRow;
    generalOffice: UnitRow;
    /** 党风政风监督室: supervision inspections, the rectification ledger, recommendations. */
    supervisionOffice: UnitRow;
    /** The first village's 村民委员会: a responsible unit (责任单位) of rectification items. */
    villageCouncil: UnitRow;
    /** Issue 16 §2: county departments (教育局, 民政局, 农业农村局) publishing policies, projects, funds and rosters. */
    departments: UnitRow[];
    townshipCommissions: UnitRow[];
    villageCommittees: UnitRow[];
    zones: ZoneRow[];
  }[];
}

const ZONE_START = '2023-01-01';

function makeRegion(
  code: string,
  parent: RegionRow | null,
  level: string,
  name: string,
  sort: number,
  at: string,
): RegionRow {
  return {
    code,
    parent_code: parent?.code ?? null,
    level,
    name,
    path: `${parent?.path ?? '/'}${code}/`,
    county_code: level === 'city' ? null : code.slice(0, 6) + '000000',
    sort,
    created_at: at,
    updated_at: at,
  };
}

function makeUnit(
  parent: UnitRow | null,
  kind: string,
  name: string,
  region: RegionRow,
  sort: number,
  at: string,
  shortName: string | null = null,
): UnitRow {
  const id = newId();
  return {
    id,
    parent_id: parent?.id ?? null,
    kind,
    name,
    short_name: shortName,
    region_code: region.code,
    path: `${parent?.path ?? '/'}${id}/`,
    region_path: region.path,
    county_code: region.county_code,
    zone_id: null,
    sort,
    active: 1,
    version: 1,
    created_at: at,
    updated_at: at,
  };
}

/** Builds every row of a preset in memory (deterministic apart from ids). */
export function buildPreset(spec: PresetSpec, at: string): Built {
  const r = rng(20260122);
  const out: Built = {
    regions: [],
    units: [],
    zones: [],
    memberships: [],
    zoneRoles: [],
    staff: [],
    subjects: [],
    departmentGroups: [],
    handles: [],
  };
  const city = makeRegion(spec.city.code, null, 'city', spec.city.name, 0, at);
  out.regions.push(city);
  const cityCommission = makeUnit(
    null,
    'commission',
    `中共${spec.city.name}纪律检查委员会 ${spec.city.name}监察委员会`,
    city,
    0,
    at,
    `${spec.city.name}纪委监委`,
  );
  out.units.push(cityCommission);

  const addStaff = (unit: UnitRow, position: string, extra: Partial<StaffRow> = {}): StaffRow => {
    const birthYear = 1965 + Math.floor(r() * 35);
    const row: StaffRow = {
      id: newId(),
      unit_id: unit.id,
      name: personName(r),
      gender: r() < 0.68 ? 'male' : 'female',
      position,
      education: ['大学本科', '大学本科', '研究生', '大专'][Math.floor(r() * 4)]!,
      party_member: 1,
      birth_date: `${birthYear}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
      work_start_date: `${birthYear + 22}-07-01`,
      unit_start_date: `${2015 + Math.floor(r() * 9)}-0${1 + Math.floor(r() * 9)}-01`,
      active: 1,
      owner_unit_id: unit.id,
      owner_unit_path: unit.path,
      region_path: unit.region_path,
      county_code: unit.county_code,
      version: 1,
      created_at: at,
      updated_at: at,
      ...extra,
    };
    out.staff.push(row);
    return row;
  };

  const addSubject = (region: RegionRow, owner: UnitRow, position: string, employer: string, authority: string) => {
    out.subjects.push({
      id: newId(),
      name: personName(r),
      gender: r() < 0.75 ? 'male' : 'female',
      position,
      employer,
      region_code: region.code,
      cadre_authority: authority,
      party_member: r() < 0.9 ? 1 : 0,
      active: 1,
      owner_unit_id: owner.id,
      owner_unit_path: owner.path,
      region_path: region.path,
      county_code: region.county_code,
      version: 1,
      created_at: at,
      updated_at: at,
    });
  };

  spec.counties.forEach((c: CountySpec, ci) => {
    const county = makeRegion(c.code, city, 'county', c.name, ci, at);
    out.regions.push(county);
    const commission = makeUnit(
      cityCommission,
      'commission',
      `中共${c.name}纪律检查委员会 ${c.name}监察委员会`,
      county,
      ci,
      at,
      `${c.name}纪委监委`,
    );
    out.units.push(commission);
    addStaff(commission, '县纪委书记、监委主任');
    addStaff(commission, '县纪委副书记、监委副主任');
    addStaff(commission, '县纪委副书记、监委副主任');
    const offices = c.zones.map((_, i) =>
      makeUnit(commission, 'office', `第${chineseOrdinal(i + 1)}纪检监察室`, county, 10 + i, at),
    );
    const intake = makeUnit(commission, 'office', '信访室', county, 1, at);
    const caseOffice = makeUnit(commission, 'office', '案件监督管理室', county, 2, at);
    const reviewOffice = makeUnit(commission, 'office', '案件审理室', county, 3, at);
    const generalOffice = makeUnit(commission, 'office', '办公室', county, 4, at);
    const groups = ['县教育局', '县卫健委', '县农业农村局'].map((d, i) =>
      makeUnit(commission, 'dispatched_group', `派驻${d}纪检监察组`, county, 40 + i, at),
    );
    out.units.push(...offices, intake, caseOffice, reviewOffice, generalOffice, ...groups);
    const commanders = c.zones.map((_, i) =>
      addStaff(commission, `县纪委常委（联系第${chineseOrdinal(i + 1)}协作区）`),
    );
    const officeDirectors = offices.map((o) => addStaff(o, '主任'));
    offices.forEach((o) => addStaff(o, '副主任'));
    offices.forEach((o) => addStaff(o, '干部'));
    for (const u of [intake, caseOffice, reviewOffice, generalOffice]) {
      addStaff(u, '主任');
      addStaff(u, '干部');
      addStaff(u, '干部');
    }
    groups.forEach((g) => {
      addStaff(g, '组长');
      addStaff(g, '副组长');
    });
    addSubject(county, commission, '县政府副县长', `${c.name}人民政府`, 'county_managed');

    const townshipRegions: RegionRow[] = [];
    const townshipCommissions: UnitRow[] = [];
    const villageCommittees: UnitRow[] = [];
    const secretaries: StaffRow[] = [];
    const clerks: StaffRow[] = [];
    const villageHeads = new Map<number, StaffRow[]>();
    const villageNames = new Set<string>();
    const townSeq = { zhen: 100, xiang: 200, jd: 1 };
    c.townships.forEach((tName, ti) => {
      const serial = tName.endsWith('乡') ? townSeq.xiang++ : tName.endsWith('街道') ? townSeq.jd++ : townSeq.zhen++;
      const tCode = c.code.slice(0, 6) + String(serial).padStart(3, '0') + '000';
      const township = makeRegion(tCode, county, 'township', tName, ti, at);
      out.regions.push(township);
      townshipRegions.push(township);
      const tc = makeUnit(
        commission,
        'township_commission',
        `中共${tName}纪律检查委员会`,
        township,
        100 + ti,
        at,
        `${tName}纪委`,
      );
      out.units.push(tc);
      townshipCommissions.push(tc);
      // 三专两兼: three full-time and two part-time members.
      secretaries.push(addStaff(tc, '乡镇纪委书记'));
      addStaff(tc, '乡镇纪委副书记');
      clerks.push(addStaff(tc, '纪检干事'));
      addStaff(tc, '纪委委员（兼职）');
      addStaff(tc, '纪委委员（兼职）');
      addSubject(township, commission, '乡镇党委书记', `${tName}党委`, 'county_managed');
      addSubject(township, commission, tName.endsWith('乡') ? '乡长' : '镇长', `${tName}人民政府`, 'county_managed');
      addSubject(township, tc, '财政所所长', `${tName}财政所`, 'township_managed');
      addSubject(township, tc, '农业服务中心主任', `${tName}农业服务中心`, 'township_managed');

      const nVillages = Math.floor(c.villages / c.townships.length) + (ti < c.villages % c.townships.length ? 1 : 0);
      const heads: StaffRow[] = [];
      for (let vi = 0; vi < nVillages; vi++) {
        const vName = villageName(r, villageNames);
        const vCode = tCode.slice(0, 9) + String(vi + 1).padStart(3, '0');
        const village = makeRegion(vCode, township, 'village', vName, vi, at);
        out.regions.push(village);
        for (let g = 1; g <= spec.groupsPerVillage; g++) {
          out.regions.push(
            makeRegion(
              `${vCode}${String(g).padStart(3, '0')}`,
              village,
              'villager_group',
              `第${chineseOrdinal(g)}村民小组`,
              g,
              at,
            ),
          );
        }
        const vc = makeUnit(tc, 'village_committee', `${vName}村务监督委员会`, village, vi, at);
        out.units.push(vc);
        villageCommittees.push(vc);
        heads.push(addStaff(vc, '村务监督委员会主任', { party_member: r() < 0.8 ? 1 : 0 }));
        addSubject(village, tc, '村党支部书记', `${vName}党支部`, 'village_cadre');
        addSubject(village, tc, '村民委员会主任', `${vName}村民委员会`, 'village_cadre');
        addSubject(village, tc, '村报账员', `${vName}村民委员会`, 'village_cadre');
      }
      villageHeads.set(ti, heads);
    });

    const zones: ZoneRow[] = [];
    c.zones.forEach((members, zi) => {
      const central = townshipRegions[members[0]!]!;
      const zoneId = newId();
      const workroom = makeUnit(
        commission,
        'workroom',
        `${c.name}纪委监委第${chineseOrdinal(zi + 1)}乡镇纪检监察工作室`,
        central,
        60 + zi,
        at,
      );
      workroom.zone_id = zoneId;
      out.units.push(workroom);
      const zone: ZoneRow = {
        id: zoneId,
        commission_unit_id: commission.id,
        ordinal: zi + 1,
        name: `${c.name}纪检监察第${chineseOrdinal(zi + 1)}协作区`,
        central_township_code: central.code,
        workroom_unit_id: workroom.id,
        owner_unit_id: commission.id,
        owner_unit_path: commission.path,
        region_path: county.path,
        county_code: county.code,
        active: 1,
        version: 1,
        created_at: at,
        updated_at: at,
      };
      zones.push(zone);
      out.zones.push(zone);
      const role = (staffId: string, roleName: string) =>
        out.zoneRoles.push({
          id: newId(),
          zone_id: zoneId,
          staff_id: staffId,
          role: roleName,
          effective_from: ZONE_START,
          effective_to: null,
          created_at: at,
        });
      role(commanders[zi]!.id, 'commander');
      role(officeDirectors[zi]!.id, 'leader');
      role(
        addStaff(workroom, '工作室主任（第' + chineseOrdinal(zi + 1) + '纪检监察室副主任兼任）').id,
        'zone_office_director',
      );
      for (const ti of members) {
        out.memberships.push({
          id: newId(),
          zone_id: zoneId,
          member_kind: 'township',
          township_code: townshipRegions[ti]!.code,
          unit_id: null,
          effective_from: ZONE_START,
          effective_to: null,
          created_at: at,
        });
        role(secretaries[ti]!.id, 'deputy_leader');
        role(clerks[ti]!.id, 'member');
        for (const h of (villageHeads.get(ti) ?? []).slice(0, 2)) role(h.id, 'village_liaison');
      }
    });
    // Issue 15: the county's 党风政风监督室, and the first village's 村民委员会 as the responsible
    // unit of rectification items (its contact holds an account). Made after every random draw so
    // the names seeded before stay as they were.
    const supervisionOffice = makeUnit(commission, 'office', '党风政风监督室', county, 5, at);
    const firstVillage = villageCommittees[0]!;
    const firstVillageRegion = out.regions.find((rg) => rg.code === firstVillage.region_code)!;
    const villageCouncil = makeUnit(
      townshipCommissions[0]!,
      'other',
      `${firstVillageRegion.name}村民委员会`,
      firstVillageRegion,
      1000,
      at,
    );
    out.units.push(supervisionOffice, villageCouncil);
    // Issue 16 §2: the county departments that publish policies, projects and funds (立码监督).
    // Units of the county (under the commission's tree so the county reads them), made last so the
    // names drawn before stay as they were.
    const departments = ['县教育局', '县民政局', '县农业农村局'].map((d, i) =>
      makeUnit(commission, 'other', d, county, 60 + i, at),
    );
    out.units.push(...departments);
    // 县教育局 and 县农业农村局 each have their own dispatched group; 县民政局 is left unlinked (its
    // staff's problems go to the county commission).
    for (const [d, g] of [
      [0, 0],
      [2, 2],
    ] as const)
      out.departmentGroups.push({
        department_unit_id: departments[d]!.id,
        group_unit_id: groups[g]!.id,
        county_code: county.code,
        created_by: null,
        created_at: at,
      });
    out.handles.push({
      commission,
      offices,
      intake,
      caseOffice,
      reviewOffice,
      generalOffice,
      supervisionOffice,
      villageCouncil,
      departments,
      townshipCommissions,
      villageCommittees,
      zones,
    });
  });
  return out;
}

async function insertChunks<T extends keyof Database>(
  db: Kysely<Database>,
  table: T,
  rows: readonly object[],
  size = 400,
): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** Returns whether the database already holds an organisation. */
export async function isSeeded(db: Kysely<Database>): Promise<boolean> {
  return !!(await db.selectFrom('regions').select('code').limit(1).executeTakeFirst());
}

/**
 * Writes a preset into an empty organisation in one transaction, with the demo accounts (one
 * per role) when the preset asks for them, and one audit event recording the seed.
 */
export async function applyPreset(
  database: Db,
  spec: PresetSpec,
  opts: { password: string; at?: string },
): Promise<SeedResult> {
  const at = opts.at ?? new Date().toISOString();
  const built = buildPreset(spec, at);
  const accounts = spec.accounts ? await planAccounts(built, opts.password) : [];
  await transact(database.db, async (trx) => {
    if (await isSeeded(trx)) throw new Error('the database already holds an organisation; seed only an empty database');
    await insertChunks(trx, 'regions', built.regions);
    // Units reference their parents: insert in path-depth order.
    await insertChunks(
      trx,
      'units',
      [...built.units].sort((a, b) => a.path.length - b.path.length),
    );
    await insertChunks(trx, 'department_groups', built.departmentGroups);
    await insertChunks(trx, 'zones', built.zones);
    await insertChunks(trx, 'zone_memberships', built.memberships);
    await insertChunks(trx, 'staff', built.staff);
    await insertChunks(trx, 'zone_roles', built.zoneRoles);
    await insertChunks(trx, 'subjects', built.subjects);
    for (const a of accounts) {
      await trx.insertInto('users').values(a.user).execute();
      const role = await trx
        .selectFrom('roles')
        .select('id')
        .where('key', '=', a.view.roleKey)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('role_assignments')
        .values({ id: newId(), user_id: a.user.id, role_id: role.id, ...a.scope, created_by: null, created_at: at })
        .execute();
    }
    if (accounts.length > 0) await insertChunks(trx, 'approval_posts', planPosts(built, accounts, at));
    // Issue 15: the county's default checklist templates (version 1, issued); no random draws.
    await seedChecklistTemplates(trx, at);
    // Issue 16 §3: each county's small-powers list, from the default skeleton; no random draws.
    for (const h of built.handles)
      if (h.commission.county_code)
        await insertChunks(
          trx,
          'micro_power_items',
          skeletonRows({ ...h.commission, county_code: h.commission.county_code }, null, at),
        );
    await trx
      .insertInto('settings')
      .values({ key: 'seed.preset', value: JSON.stringify({ preset: spec.key, at }), updated_at: at })
      .execute();
    await appendAuditEvent(trx, database.dialect, {
      occurredAt: at,
      actorUserId: null,
      actorUsername: 'system',
      requestId: null,
      action: 'seed.apply',
      resourceType: 'organisation',
      resourceId: spec.key,
      changes: {
        regions: [0, built.regions.length],
        units: [0, built.units.length],
        staff: [0, built.staff.length],
        subjects: [0, built.subjects.length],
        accounts: [0, accounts.length],
      },
    });
  });
  return {
    regions: built.regions.length,
    units: built.units.length,
    zones: built.zones.length,
    staff: built.staff.length,
    subjects: built.subjects.length,
    accounts: accounts.map((a) => a.view),
  };
}

interface PlannedAccount {
  user: Database['users'] extends infer U ? (U extends object ? { [K in keyof U]: U[K] } : never) : never;
  scope: { scope_type: string; scope_unit_id: string | null; scope_zone_id: string | null };
  view: SeededAccount;
}

const ROLE_NAMES: Record<string, string> = {
  system_admin: '系统管理员',
  security_admin: '安全管理员',
  audit_admin: '审计管理员',
  commission_leader: '纪委监委领导',
  org_officer: '组织机构管理员',
  intake_officer: '信访室干部',
  case_manager: '案件监督管理室干部',
  reviewer: '案件审理室干部',
  office_investigator: '纪检监察室干部',
  zone_leader: '协作区负责人',
  township_secretary: '乡镇纪委书记',
  township_staff: '乡镇纪检干部',
  village_supervisor: '村务监督委员会主任',
  supervision_officer: '党风政风监督室干部',
  rectification_contact: '整改责任单位联络员',
  village_clerk: '村务专干（村会计、代理记账员）',
};

async function planAccounts(built: Built, password: string): Promise<PlannedAccount[]> {
  const h = built.handles[0]!;
  const zone1 = h.zones[0]!;
  const zone2 = h.zones[1] ?? zone1;
  const t1 = h.townshipCommissions[0]!;
  const t2 =
    h.townshipCommissions.find((t) => t.region_code === zone2.central_township_code) ?? h.townshipCommissions[1]!;
  const v1 = h.villageCommittees.find((v) => v.parent_id === t1.id)!;
  const plan: [
    string,
    string,
    string,
    UnitRow | null,
    { scope_type: string; scope_unit_id: string | null; scope_zone_id: string | null },
    string,
  ][] = [
    [
      'sysadmin',
      '系统管理员',
      'system_admin',
      h.generalOffice,
      { scope_type: 'global', scope_unit_id: null, scope_zone_id: null },
      '全局（不含业务数据）',
    ],
    [
      'secadmin',
      '安全管理员',
      'security_admin',
      h.generalOffice,
      { scope_type: 'global', scope_unit_id: null, scope_zone_id: null },
      '全局（不含业务数据）',
    ],
    [
      'auditadmin',
      '审计管理员',
      'audit_admin',
      h.generalOffice,
      { scope_type: 'global', scope_unit_id: null, scope_zone_id: null },
      '全局（不含业务数据）',
    ],
    [
      'leader',
      '县纪委监委领导',
      'commission_leader',
      h.commission,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'orgadmin',
      '组织机构管理员',
      'org_officer',
      h.generalOffice,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'intake',
      '信访室干部',
      'intake_officer',
      h.intake,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'casemgr',
      '案管室干部',
      'case_manager',
      h.caseOffice,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'reviewer',
      '审理室干部',
      'reviewer',
      h.reviewOffice,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'office1',
      '第一纪检监察室干部',
      'office_investigator',
      h.offices[0]!,
      { scope_type: 'zone', scope_unit_id: null, scope_zone_id: zone1.id },
      zone1.name,
    ],
    [
      'zone1',
      '第一协作区组长',
      'zone_leader',
      h.offices[0]!,
      { scope_type: 'zone', scope_unit_id: null, scope_zone_id: zone1.id },
      zone1.name,
    ],
    [
      'township1',
      `${t1.short_name}书记`,
      'township_secretary',
      t1,
      { scope_type: 'unit_subtree', scope_unit_id: t1.id, scope_zone_id: null },
      t1.short_name ?? t1.name,
    ],
    [
      'township2',
      `${t2.short_name}书记`,
      'township_secretary',
      t2,
      { scope_type: 'unit_subtree', scope_unit_id: t2.id, scope_zone_id: null },
      t2.short_name ?? t2.name,
    ],
    [
      'tstaff1',
      `${t1.short_name}纪检干事`,
      'township_staff',
      t1,
      { scope_type: 'unit_subtree', scope_unit_id: t1.id, scope_zone_id: null },
      t1.short_name ?? t1.name,
    ],
    [
      'village1',
      v1.name.replace('村务监督委员会', '村监委主任'),
      'village_supervisor',
      v1,
      { scope_type: 'own_unit', scope_unit_id: v1.id, scope_zone_id: null },
      v1.name,
    ],
    [
      'supervisor',
      '党风政风监督室干部',
      'supervision_officer',
      h.supervisionOffice,
      { scope_type: 'unit_subtree', scope_unit_id: h.commission.id, scope_zone_id: null },
      '全县',
    ],
    [
      'vcadre1',
      h.villageCouncil.name.replace('村民委员会', '村委会整改联络员'),
      'rectification_contact',
      h.villageCouncil,
      { scope_type: 'own_unit', scope_unit_id: h.villageCouncil.id, scope_zone_id: null },
      h.villageCouncil.name,
    ],
    [
      'vclerk1',
      h.villageCouncil.name.replace('村民委员会', '村务专干'),
      'village_clerk',
      h.villageCouncil,
      { scope_type: 'own_unit', scope_unit_id: h.villageCouncil.id, scope_zone_id: null },
      h.villageCouncil.name,
    ],
    [
      'dept1',
      `${h.departments[2]!.name}立码监督联络员`,
      'department_liaison',
      h.departments[2]!,
      { scope_type: 'own_unit', scope_unit_id: h.departments[2]!.id, scope_zone_id: null },
      h.departments[2]!.name,
    ],
  ];
  const hash = await hashPassword(password);
  const at = new Date().toISOString();
  return plan.map(([username, displayName, roleKey, unit, scope, scopeLabel]) => ({
    user: {
      id: newId(),
      username,
      display_name: displayName,
      unit_id: unit?.id ?? null,
      staff_id: null,
      password_hash: hash,
      // Demo accounts share the printed demo password and are not forced to change it, so a
      // newcomer can try every role; administrators still enrol a second factor at first login.
      must_change_password: 0,
      password_changed_at: at,
      failed_attempts: 0,
      locked_until: null,
      locked_at: null,
      totp_secret_enc: null,
      totp_enabled: 0,
      totp_last_step: null,
      disabled: 0,
      last_login_at: null,
      version: 1,
      created_at: at,
      updated_at: at,
    },
    scope,
    view: {
      username,
      displayName,
      roleKey,
      roleName: ROLE_NAMES[roleKey] ?? roleKey,
      unitName: unit?.name ?? '',
      scope: scopeLabel,
    },
  }));
}

/**
 * The demo county's posts register (呈批岗位): the commission leader is 主要负责人 and 分管领导 of
 * every office; each office's account is its 承办部门负责人 (第一纪检监察室: the zone leader); the
 * county party secretary (同级党委主要负责人) is off the platform; township secretaries are their
 * commissions' 主要负责人.
 */
function planPosts(built: Built, accounts: PlannedAccount[], at: string): Database['approval_posts'][] {
  const h = built.handles[0]!;
  const user = (username: string) => accounts.find((a) => a.view.username === username)?.user.id ?? null;
  const townshipOf = (username: string) => accounts.find((a) => a.view.username === username)?.user.unit_id ?? null;
  const rows: [string | null, string, string | null, string | null][] = [
    [h.commission.id, 'principal_leader', user('leader'), null],
    [h.commission.id, 'committee_principal', null, '县委书记（平台外签批）'],
    [h.caseOffice.id, 'department_head', user('casemgr'), null],
    [h.caseOffice.id, 'leader_in_charge', user('leader'), null],
    [h.intake.id, 'department_head', user('intake'), null],
    [h.intake.id, 'leader_in_charge', user('leader'), null],
    [h.reviewOffice.id, 'department_head', user('reviewer'), null],
    [h.reviewOffice.id, 'leader_in_charge', user('leader'), null],
    [h.offices[0]!.id, 'department_head', user('zone1'), null],
    [h.offices[0]!.id, 'leader_in_charge', user('leader'), null],
    [townshipOf('township1'), 'principal_leader', user('township1'), null],
    [townshipOf('township2'), 'principal_leader', user('township2'), null],
  ];
  return rows
    .filter(([unitId, , userId, name]) => unitId && (userId || name))
    .map(([unitId, post, userId, name]) => ({
      id: newId(),
      unit_id: unitId!,
      post,
      user_id: userId,
      holder_name: name,
      set_by: null,
      set_at: at,
      version: 1,
    }));
}
