/**
 * The permission vocabulary (`resource.action`), its duty classes, role kinds and data scope
 * types: the one copy that the server (access checks, role rules) and the staff console (`can`,
 * the role editor) both import. Three-admin separation (三员分立) is expressed by permission
 * classes: a role may hold permissions of one class among system / security / audit /
 * business, plus reference reads. Bundled into the browser: plain TypeScript, no Node
 * built-ins, no imports from the server.
 */

/** Duty classes of permissions, in display order. */
export const PERMISSION_CLASSES = ['system', 'security', 'audit', 'business', 'reference'] as const;
/** Which separated duty a permission belongs to. */
export type PermissionClass = (typeof PERMISSION_CLASSES)[number];

/** Every permission, its class and its Chinese label (the console's zh-CN label too). */
export const PERMISSIONS = {
  'org.read': { class: 'reference', label: '查看组织机构' },
  'org.manage': { class: 'business', label: '维护区划和单位' },
  'org.import': { class: 'business', label: '导入组织机构' },
  'org.export': { class: 'business', label: '导出组织机构' },
  'org.poster': { class: 'business', label: '打印举报二维码海报' },
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
  'security_event.read': { class: 'security', label: '查看安全事件（越权访问尝试）' },
  'audit.read': { class: 'audit', label: '查看审计日志' },
  'audit.export': { class: 'audit', label: '导出审计日志' },
  'audit.verify': { class: 'audit', label: '校验审计日志链' },
  'recusal.decide': { class: 'business', label: '决定回避（本机关主要负责人）' },
  'recusal.request': { class: 'business', label: '登记回避申请' },
  'conflict.check': { class: 'business', label: '指派前回避审查' },
  'approval.read': { class: 'business', label: '查看呈批件' },
  'approval_post.manage': { class: 'business', label: '维护呈批岗位' },
  'clue.read': { class: 'business', label: '查看问题线索台账' },
  'clue.register': { class: 'business', label: '登记和编号问题线索' },
  'clue.manage': { class: 'business', label: '办理问题线索' },
  'clue.assign': { class: 'business', label: '从线索池分派线索承办人员' },
  'case.read': { class: 'business', label: '查看案件台账' },
  'case.detail': { class: 'business', label: '查看案件内容（承办单位、上级机关）' },
  'case.manage': { class: 'business', label: '办理案件（立案呈批、审查调查）' },
  'case.assign': { class: 'business', label: '组建审查调查组、授权协作区办案' },
  'case.register': { class: 'business', label: '案件统一管理（案管）' },
  'review.read': { class: 'business', label: '查看审理台账' },
  'review.manage': { class: 'business', label: '案件审理（受理、审理组、审理报告）' },
  'sanction.read': { class: 'business', label: '查看处分台账和廉政档案' },
  'sanction.manage': { class: 'business', label: '登记处分决定、宣布和执行' },
  'sanction.export': { class: 'business', label: '导出处分影响期名单' },
  'quality.read': { class: 'business', label: '查看案件质量评查和问题清单' },
  'quality.manage': { class: 'business', label: '组织案件质量评查' },
  'inspection.read': { class: 'business', label: '查看监督检查' },
  'inspection.manage': { class: 'business', label: '开展监督检查（计划、逐项检查、发现问题）' },
  'checklist.manage': { class: 'business', label: '维护检查清单（一手册两清单、四张清单）' },
  'rectification.read': { class: 'business', label: '查看整改台账' },
  'rectification.manage': { class: 'business', label: '交办和验收整改事项、督促问责、监察建议' },
  'rectification.respond': { class: 'business', label: '承办本单位整改事项（责任单位）' },
  'meeting.read': { class: 'business', label: '查看会议' },
  'meeting.manage': { class: 'business', label: '召集会议、记录纪要和议定事项' },
  'disclosure.read': { class: 'business', label: '查看村务公开（财务收支、公开日程）' },
  'disclosure.prepare': { class: 'business', label: '编制村级财务收支和公开事项（村会计、乡镇代理记账）' },
  'disclosure.review': { class: 'business', label: '审核签字村务公开（村务监督委员会）' },
  'disclosure.schedule': { class: 'business', label: '确定各村财务收支公开周期（乡镇纪委、县纪委监委）' },
  'qr_supervision.read': { class: 'business', label: '查看立码监督（政策、项目、资金、补贴名册）' },
  'qr_supervision.manage': { class: 'business', label: '发布涉农政策、项目、资金和补贴名册（部门）' },
  'micro_power.read': { class: 'business', label: '查看小微权力清单和运行记录' },
  'micro_power.configure': { class: 'business', label: '维护小微权力清单' },
  'micro_power.record': { class: 'business', label: '登记小微权力运行（村）' },
  'grid.read': { class: 'business', label: '查看网格监督（前哨站、监督员、任务、记分）' },
  'grid.manage': { class: 'business', label: '管理廉情前哨站和监督员、派发任务、记分规则' },
} as const satisfies Record<string, { class: PermissionClass; label: string }>;

/** A permission name. */
export type Permission = keyof typeof PERMISSIONS;

/** All permission names, in catalogue order. */
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** Kinds of role: one per administrator duty, or business. */
export const ROLE_KINDS = ['system_admin', 'security_admin', 'audit_admin', 'business'] as const;
/** A role kind. */
export type RoleKind = (typeof ROLE_KINDS)[number];

/** The data scope types a role assignment can carry. */
export const SCOPE_TYPES = ['own_unit', 'unit_subtree', 'zone', 'custom', 'global'] as const;
/** A data scope type. */
export type ScopeType = (typeof SCOPE_TYPES)[number];
