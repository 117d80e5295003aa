/**
 * The permission vocabulary (`resource.action`) and the built-in roles that bundle it.
 * Three-admin separation (三员分立) is expressed by permission classes: a role may hold
 * permissions of one class among system / security / audit / business, plus reference reads.
 */

import {
  ALL_PERMISSIONS,
  PERMISSIONS,
  type Permission,
  type PermissionClass,
  type RoleKind,
  SCOPE_TYPES,
  type ScopeType,
} from '../../shared/access.codes.js';

/** The vocabulary, from the code lists the console shares (src/server/shared/access.codes.ts). */
export {
  ALL_PERMISSIONS,
  PERMISSIONS,
  type Permission,
  type PermissionClass,
  type RoleKind,
  SCOPE_TYPES,
  type ScopeType,
};

/** Returns whether `name` is a known permission. */
export function isPermission(name: string): name is Permission {
  return Object.hasOwn(PERMISSIONS, name);
}

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
    permissions: [
      'role.read',
      'role.manage',
      'role.assign',
      'security_event.read',
      'user.read',
      'org.read',
      'zone.read',
    ],
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
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'org.export',
      'org.poster',
      'report.read',
      'report.export',
      'recusal.decide',
      'recusal.request',
      'conflict.check',
      'approval.read',
      'clue.read',
      'case.read',
      'case.detail',
      'review.read',
      'sanction.read',
      'sanction.export',
      'quality.read',
      'inspection.read',
      'rectification.read',
      'meeting.read',
      'disclosure.read',
      'qr_supervision.read',
      'micro_power.read',
      'grid.read',
    ],
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
      'org.poster',
      'zone.manage',
      'staff.read',
      'staff.manage',
      'subject.read',
      'subject.manage',
      'approval_post.manage',
    ],
    description: '维护区划、单位、协作区和人员',
  },
  {
    key: 'intake_officer',
    name: '信访室干部',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'subject.read',
      'report.read',
      'report.manage',
      'report.identity',
      'report.export',
      'recusal.request',
      'conflict.check',
    ],
    description: '受理信访举报',
  },
  {
    key: 'case_manager',
    name: '案件监督管理室干部',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'recusal.request',
      'conflict.check',
      'approval.read',
      'clue.read',
      'clue.register',
      'clue.manage',
      'case.read',
      'case.detail',
      'case.manage',
      'case.register',
      'review.read',
      'sanction.read',
      'sanction.manage',
      'quality.read',
      'quality.manage',
      'rectification.read',
    ],
    description: '线索和案件的统一管理',
  },
  {
    key: 'office_investigator',
    name: '纪检监察室干部',
    defaultScope: 'zone',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'conflict.check',
      'clue.read',
      'clue.manage',
      'case.read',
      'case.detail',
      'case.manage',
      'inspection.read',
      'inspection.manage',
      'rectification.read',
      'rectification.manage',
      'meeting.read',
    ],
    description: '联系协作区的监督检查和审查调查',
  },
  {
    key: 'reviewer',
    name: '案件审理室干部',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'subject.read',
      'case.read',
      'review.read',
      'review.manage',
      'sanction.read',
      'sanction.manage',
      'sanction.export',
      'quality.read',
      'quality.manage',
      'staff.read',
      'conflict.check',
      'recusal.request',
      'approval.read',
      'rectification.read',
    ],
    description: '案件审理',
  },
  {
    key: 'zone_leader',
    name: '协作区负责人',
    defaultScope: 'zone',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'subject.manage',
      'report.read',
      'recusal.request',
      'conflict.check',
      'clue.read',
      'clue.manage',
      'clue.assign',
      'case.read',
      'case.detail',
      'case.manage',
      'case.assign',
      'review.read',
      'review.manage',
      // Reads (never manages) the sanctions of the cases the zone handled and of its townships'
      // own cases, in the zone scope; the county commission's own records stay out of it.
      'sanction.read',
      'quality.read',
      'quality.manage',
      'inspection.read',
      'inspection.manage',
      'rectification.read',
      'rectification.manage',
      'meeting.read',
      'meeting.manage',
      'disclosure.read',
      'qr_supervision.read',
      'micro_power.read',
      'grid.read',
    ],
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
      // Their own villages' QR posters (scope: the township commission's subtree).
      'org.poster',
      'recusal.request',
      'conflict.check',
      'clue.read',
      'clue.register',
      'clue.manage',
      'clue.assign',
      'case.read',
      'case.detail',
      'case.manage',
      'case.assign',
      'review.read',
      'review.manage',
      'sanction.read',
      'sanction.manage',
      'quality.read',
      'inspection.read',
      'inspection.manage',
      // Adapts the county's checklists for the township (一手册两清单, 四张清单).
      'checklist.manage',
      'rectification.read',
      'rectification.manage',
      'meeting.read',
      'meeting.manage',
      'disclosure.read',
      // Decides which villages publish their finances monthly (CWF 第三十条).
      'disclosure.schedule',
      'qr_supervision.read',
      'micro_power.read',
      'grid.read',
      'micro_power.configure',
      'grid.manage',
    ],
    description: '乡镇纪委负责人，受理本乡镇信访举报',
  },
  {
    key: 'township_staff',
    name: '乡镇纪检干部',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'report.read',
      'report.manage',
      'clue.read',
      'clue.manage',
      'case.read',
      'case.detail',
      'case.manage',
      'inspection.read',
      'inspection.manage',
      'rectification.read',
      'meeting.read',
      'disclosure.read',
      // Decides which villages publish their finances monthly (CWF 第三十条).
      'disclosure.schedule',
      'qr_supervision.read',
      'micro_power.read',
      'grid.read',
      'grid.manage',
    ],
    description: '乡镇纪委委员和专职干部',
  },
  {
    key: 'village_supervisor',
    name: '村务监督委员会主任',
    defaultScope: 'own_unit',
    permissions: ['org.read', 'calendar.read', 'disclosure.read', 'disclosure.review', 'micro_power.read', 'grid.read'],
    description: '村级监督：审核签字村务公开，监督小微权力运行，任廉情前哨站站长',
  },
  {
    key: 'supervision_officer',
    name: '党风政风监督室干部',
    defaultScope: 'unit_subtree',
    permissions: [
      ...BUSINESS_READ,
      'staff.read',
      'subject.read',
      'recusal.request',
      'conflict.check',
      'approval.read',
      'clue.read',
      'inspection.read',
      'inspection.manage',
      // Issues the county's checklists that townships adapt.
      'checklist.manage',
      'rectification.read',
      'rectification.manage',
      'meeting.read',
      'meeting.manage',
      'disclosure.read',
      // Decides which villages publish their finances monthly (CWF 第三十条).
      'disclosure.schedule',
      'qr_supervision.read',
      'micro_power.read',
      'grid.read',
      'micro_power.configure',
      'grid.manage',
    ],
    description: '监督检查、整改台账、监察建议和会议的统筹',
  },
  {
    key: 'rectification_contact',
    name: '整改责任单位联络员',
    defaultScope: 'own_unit',
    permissions: ['org.read', 'calendar.read', 'rectification.read', 'rectification.respond'],
    description: '责任单位（村委会、部门）办理本单位的整改事项：提交整改材料、申请延期',
  },
  {
    key: 'village_clerk',
    name: '村务专干（村会计、代理记账员）',
    defaultScope: 'own_unit',
    permissions: [
      'org.read',
      'calendar.read',
      'disclosure.read',
      'disclosure.prepare',
      'micro_power.read',
      'micro_power.record',
      'qr_supervision.read',
    ],
    description: '编制和上传本村（或代管各村）的财务收支、公开事项，登记小微权力运行；乡镇代理记账中心以下辖各村为范围',
  },
  {
    key: 'department_liaison',
    name: '部门立码监督联络员',
    defaultScope: 'own_unit',
    permissions: ['org.read', 'calendar.read', 'qr_supervision.read', 'qr_supervision.manage'],
    description: '县直部门（教育、民政、农业农村等）发布涉农政策、项目、资金分配和补贴发放名册',
  },
];
