/**
 * Types of the JSON the server sends and accepts (see the API contract). Names follow
 * GLOSSARY.md; instants are ISO-8601 UTC strings, calendar dates `YYYY-MM-DD`.
 */

/** One page of a server-side list. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The restriction that forces a user onto one page before anything else. */
export type Restriction = null | 'password_change' | 'totp_enrolment';

/** The signed-in user as returned by login and `/api/auth/me`. */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  roles: { key: string; name: string }[];
  totpEnabled: boolean;
  restriction: Restriction;
}

/** Answer of login, me, password change and TOTP activation. */
export interface SessionPayload {
  user: SessionUser;
  abilities: string[];
  csrfToken: string;
}

/** One of the caller's sessions. */
export interface SessionItem {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
}

/** Levels of the region tree. */
export type RegionLevel = 'city' | 'county' | 'township' | 'village' | 'villager_group';

/** A region (行政区划). */
export interface Region {
  code: string;
  parentCode: string | null;
  level: RegionLevel;
  name: string;
  childCount: number;
}

/** Kinds of unit. */
export type UnitKind =
  'commission' | 'office' | 'dispatched_group' | 'township_commission' | 'village_committee' | 'workroom' | 'other';

/** All unit kinds, in display order. */
export const UNIT_KINDS: UnitKind[] = [
  'commission',
  'office',
  'dispatched_group',
  'township_commission',
  'village_committee',
  'workroom',
  'other',
];

/** A unit (单位). */
export interface Unit {
  id: string;
  parentId: string | null;
  kind: UnitKind;
  name: string;
  shortName: string | null;
  regionCode: string | null;
  regionName: string | null;
  zoneId: string | null;
  childCount: number;
  active: boolean;
  version: number;
}

/** A township currently in a zone. */
export interface ZoneTownship {
  membershipId: string;
  code: string;
  name: string;
  effectiveFrom: string;
}

/** A collaboration zone (协作区) as listed. */
export interface Zone {
  id: string;
  name: string;
  ordinal: number;
  commissionUnitId: string;
  centralTownshipCode: string | null;
  centralTownshipName: string | null;
  workroomUnitId: string | null;
  townships: ZoneTownship[];
  version: number;
}

/** Zone roles (1+1+N). */
export type ZoneRole = 'commander' | 'leader' | 'deputy_leader' | 'member' | 'zone_office_director' | 'village_liaison';

/** All zone roles, in rank order. */
export const ZONE_ROLES: ZoneRole[] = [
  'commander',
  'leader',
  'deputy_leader',
  'member',
  'zone_office_director',
  'village_liaison',
];

/** One membership of a township or dispatched group in a zone, over time. */
export interface ZoneMembership {
  id: string;
  memberKind: 'township' | 'dispatched_group';
  townshipCode: string | null;
  unitId: string | null;
  name: string;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** One person holding a zone role, over time. */
export interface ZoneRoleHolding {
  id: string;
  staffId: string;
  staffName: string;
  role: ZoneRole;
  effectiveFrom: string;
  effectiveTo: string | null;
}

/** A zone with its history. */
export interface ZoneDetail extends Zone {
  memberships: ZoneMembership[];
  roles: ZoneRoleHolding[];
}

/** Gender as stored. */
export type Gender = 'male' | 'female';

/** A discipline inspection cadre (纪检监察干部). */
export interface Staff {
  id: string;
  unitId: string;
  unitName: string | null;
  name: string;
  gender: Gender | null;
  position: string | null;
  education: string | null;
  partyMember: boolean;
  birthDate: string | null;
  workStartDate: string | null;
  unitStartDate: string | null;
  active: boolean;
  version: number;
}

/** Which level is competent for a person (干部管理权限). */
export type CadreAuthority = 'county_managed' | 'township_managed' | 'village_cadre' | 'other';

/** All cadre authorities. */
export const CADRE_AUTHORITIES: CadreAuthority[] = ['county_managed', 'township_managed', 'village_cadre', 'other'];

/** A person under supervision (监督对象). */
export interface Subject {
  id: string;
  name: string;
  gender: Gender | null;
  position: string | null;
  employer: string | null;
  regionCode: string | null;
  regionName: string | null;
  cadreAuthority: CadreAuthority;
  partyMember: boolean;
  active: boolean;
  version: number;
}

/** Data scope types of a role assignment. */
export type ScopeType = 'own_unit' | 'unit_subtree' | 'zone' | 'custom' | 'global';

/** All scope types. */
export const SCOPE_TYPES: ScopeType[] = ['own_unit', 'unit_subtree', 'zone', 'custom', 'global'];

/** An account as listed by user management. */
export interface UserAccount {
  id: string;
  username: string;
  displayName: string;
  unitId: string | null;
  unitName: string | null;
  disabled: boolean;
  locked: boolean;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
  roles: { assignmentId: string; key: string; name: string; scopeType: ScopeType }[];
  version?: number;
}

/** An entry of the permission catalogue. */
export interface PermissionInfo {
  name: string;
  class: 'system' | 'security' | 'audit' | 'business' | 'reference';
  label: string;
}

/** A role. */
export interface Role {
  id: string;
  key: string;
  name: string;
  kind: 'system_admin' | 'security_admin' | 'audit_admin' | 'business';
  builtin: boolean;
  defaultScope: ScopeType;
  permissions: string[];
  description: string | null;
  userCount: number;
}

/** A role given to a user with a data scope. */
export interface RoleAssignment {
  id: string;
  userId: string;
  username: string;
  roleId: string;
  roleKey: string;
  roleName: string;
  scopeType: ScopeType;
  scopeUnitId: string | null;
  scopeUnitName: string | null;
  scopeZoneId: string | null;
  scopeZoneName: string | null;
  unitIds: string[] | null;
  createdAt: string;
}

/** One audit event. `changes` maps a field to `[before, after]`. */
export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorUsername: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  unitId: string | null;
  requestId: string | null;
  changes: Record<string, [unknown, unknown]> | null;
}

/** Result of verifying the audit hash chain. */
export interface AuditVerification {
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
}

/** A year of the working-day calendar, as listed. */
export interface CalendarYearSummary {
  year: number;
  source: string;
  holidayCount: number;
  workdayCount: number;
  updatedAt: string;
}

/** Kind of special day: a holiday off (放假) or a make-up working day (调休上班). */
export type CalendarDayKind = 'holiday' | 'workday';

/** One special day. */
export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  name: string;
}

/** A year of the calendar with its special days. */
export interface CalendarYear {
  year: number;
  source: string;
  days: CalendarDay[];
}

/** Units of a deadline. */
export type DeadlineUnit = 'working_days' | 'calendar_days' | 'months' | 'hours';

/** Answer of the deadline calculator. */
export interface DeadlineResult {
  due: string;
  unit: DeadlineUnit;
  uncoveredYears: number[];
}

/** Counts of an organisation import, per sheet. */
export interface ImportCounts {
  regions: number;
  units: number;
  zones: number;
  memberships?: number;
  staff: number;
  subjects: number;
}

/** Answer of a successful (or dry-run) organisation import. */
export interface ImportResult {
  imported: ImportCounts;
  inserted?: ImportCounts;
  updated?: ImportCounts;
  unchanged?: ImportCounts;
  dryRun?: boolean;
}

/** One rejected row of an import. */
export interface ImportRejectedRow {
  sheet: string;
  row: number;
  field: string | null;
  code: string;
  message: string;
}
