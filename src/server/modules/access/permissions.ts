/**
 * The permission vocabulary (`resource.action`) and the built-in roles that bundle it.
 * Three-admin separation (三员分立) is expressed by permission classes: a role may hold
 * permissions of one class among system / security / audit / business, plus reference reads.
 */

/** Which separated duty a permission belongs to. */
export type PermissionClass = 'system' | 'security' | 'audit' | 'business' | 'reference';

/** Every permission, its class and its Chinese label for the console. */
export const PERMISSIONS = {
  'org.read': { class: 'reference', label: '查看组织机构' },
  'org.manage': { class: 'business', label: '维护区划和单位' },
  'org.import': { class: 'business', label: '导入组织机构' },
  'org.export': { class: 'business', label: '导出组织机构' },
  'zone.read': { class: 'reference', label: '查看协作区' },
  'zone.manage': { class: 'business', label: '维护协作区' },
  'staff.read': { class: 'business', label: '查看纪检监察干部' },
  'staff.manage': { class: 'business', label: '维护纪检监察干部' },
  'subject.read': { class: 'business', label: '查看监督对象' },
  'subject.manage': { class: 'business', label: '维护监督对象' },
  'report.read': { class: 'business', label: '查看信访举报' },
  'report.manage': { class: 'business', label: '办理信访举报' },
  'report.identity': { class: 'business', label: '查看实名举报人身份' },
  'report.export': { class: 'business', label: '导出信访举报台账' },
  'calendar.read': { class: 'reference', label: '查看工作日历' },
  'calendar.manage': { class: 'system', label: '维护节假日安排' },
  'timer.read': { class: 'reference', label: '查看时限规则' },
  'timer.manage': { class: 'system', label: '维护时限规则' },
  'user.read': { class: 'reference', label: '查看账号' },
  'user.manage': { class: 'system', label: '管理账号' },
  'setting.manage': { class: 'system', label: '系统配置' },
  'job.read': { class: 'system', label: '查看后台任务' },
  'role.read': { class: 'security', label: '查看角色' },
  'role.manage': { class: 'security', label: '维护角色' },
  'role.assign': { class: 'security', label: '分配角色和数据范围' },
  'audit.read': { class: 'audit', label: '查看审计日志' },
  'audit.export': { class: 'audit', label: '导出审计日志' },
  'audit.verify': { class: 'audit', label: '校验审计日志链' },
} as const satisfies Record<string, { class: PermissionClass; label: string }>;

/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/** All permission names. */
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Returns whether `name` is a known permission. */
export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name);
}

/** Kinds of role: one per administrator duty, or business. */
export type RoleKind = 'system_admin' | 'security_admin' | 'audit_admin' | 'business';

/** The data scope types a role assignment can carry. */
export const SCOPE_TYPES = ['own_unit', 'unit_subtree', 'zone', 'custom', 'global'] as const;
/** A data scope type. */
export type ScopeType = (typeof SCOPE_TYPES)[number];

/**
 * Derives a role's kind from its permissions; throws (returns null) when they mix duties, which
 * 三员分立 forbids.
 */
export function roleKindOf(perms: readonly Permission[]): RoleKind | null {
  const classes = new Set(perms.map((p) => PERMISSIONS[p].class).filter((c) => c !== 'reference'));
  if (classes.size > 1) return null;
  const only = [...classes][0];
  if (only === 'system') return 'system_admin';
  if (only === 'security') return 'security_admin';
  if (only === 'audit') return 'audit_admin';
  return 'business';
}

/** Definition of a built-in role. */
export interface BuiltinRole {
  key: string;
  name: string;
  defaultScope: ScopeType;
  permissions: Permission[];
  description: string;
}

const BUSINESS_READ: Permission[] = ['org.read', 'zone.read', 'calendar.read', 'timer.read'];

/** The built-in roles; created by migration seeding and never edited through the API. */
export const BUILTIN_ROLES: BuiltinRole[] = [
  {
    key: 'system_admin',
    name: '系统管理员',
    defaultScope: 'global',
    permissions: [
      'user.read',
      'user.manage',
      'calendar.read',
      'calendar.manage',
      'timer.read',
      'timer.manage',
      'setting.manage',
      'job.read',
      'org.read',
    ],
    description: '管理账号和系统配置，不接触业务数据',
  },
  {
    key: 'security_admin',
    name: '安全管理员',
    defaultScope: 'global',
    permissions: ['role.read', 'role.manage', 'role.assign', 'user.read', 'org.read', 'zone.read'],
    description: '管理角色、权限和数据范围，不接触业务数据',
  },
  {
    key: 'audit_admin',
    name: '审计管理员',
    defaultScope: 'global',
    permissions: ['audit.read', 'audit.export', 'audit.verify', 'user.read', 'org.read'],
    description: '查阅和导出审计日志，不接触业务数据',
  },
  {
    key: 'commission_leader',
    name: '纪委监委领导',
    defaultScope: 'unit_subtree',
    permissions: [...BUSINESS_READ, 'staff.read', 'subject.read', 'org.export', 'report.read', 'report.export'],
    description: '县纪委监委班子成员，查看全县',
  },
  {
    key: 'org_officer',
    name: '组织机构管理员',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'org.manage',
      'org.import',
      'org.export',
      'zone.manage',
      'staff.read',
      'staff.manage',
      'subject.read',
      'subject.manage',
    ],
    description: '维护区划、单位、协作区和人员',
  },
  {
    key: 'intake_officer',
    name: '信访室干部',
    defaultScope: 'unit_subtree',
    permissions: [...BUSINESS_READ, 'subject.read', 'report.read', 'report.manage', 'report.identity', 'report.export'],
    description: '受理信访举报',
  },
  {
    key: 'case_manager',
    name: '案件监督管理室干部',
    defaultScope: 'unit_subtree',
    permissions: [...BUSINESS_READ, 'staff.read', 'subject.read'],
    description: '线索和案件的统一管理',
  },
  {
    key: 'office_investigator',
    name: '纪检监察室干部',
    defaultScope: 'zone',
    permissions: [...BUSINESS_READ, 'staff.read', 'subject.read'],
    description: '联系协作区的监督检查和审查调查',
  },
  {
    key: 'reviewer',
    name: '案件审理室干部',
    defaultScope: 'unit_subtree',
    permissions: [...BUSINESS_READ, 'subject.read'],
    description: '案件审理',
  },
  {
    key: 'zone_leader',
    name: '协作区负责人',
    defaultScope: 'zone',
    permissions: [...BUSINESS_READ, 'staff.read', 'subject.read', 'subject.manage', 'report.read'],
    description: '协作区指挥长、组长、副组长',
  },
  {
    key: 'township_secretary',
    name: '乡镇纪委书记',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'staff.manage',
      'subject.read',
      'subject.manage',
      'report.read',
      'report.manage',
      'report.identity',
      'report.export',
    ],
    description: '乡镇纪委负责人，受理本乡镇信访举报',
  },
  {
    key: 'township_staff',
    name: '乡镇纪检干部',
    defaultScope: 'unit_subtree',
    permissions: [...BUSINESS_READ, 'staff.read', 'subject.read', 'report.read', 'report.manage'],
    description: '乡镇纪委委员和专职干部',
  },
  {
    key: 'village_supervisor',
    name: '村务监督委员会主任',
    defaultScope: 'own_unit',
    permissions: ['org.read', 'calendar.read'],
    description: '村级监督',
  },
];
