/**
 * Code lists of the audit log, shared by the server (its filters and export) and the console
 * (its audit page): the action codes and resource types with their Chinese names. An action
 * without a name here is still shown, as its code (a test lists the codes the server writes).
 */

/** Chinese names of the audit actions (`resource.action`). */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'attachment.add': '上传附件',
  'attachment.read': '下载附件',
  'attachment.sweep_orphans': '清理孤立附件',
  'audit.anchors_export': '导出审计锚点文件',
  'audit.chain_keyed': '审计链启用密钥校验',
  'audit.export': '导出审计日志',
  'audit.verify': '校验审计日志链',
  'auth.lockout': '账号锁定',
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.logout': '退出登录',
  'auth.password_change': '修改密码',
  'auth.session_revoke': '注销会话',
  'auth.totp_enable': '启用动态验证码',
  'auth.totp_setup': '设置动态验证码',
  'auth.unlock_by_totp': '凭动态验证码解除锁定',
  'calendar.update': '修改工作日历',
  'clue.register': '登记问题线索',
  'deadline.recompute': '重算办理时限',
  'numbering.set': '设置编号',
  'organisation.export': '导出组织机构',
  'organisation.import': '导入组织机构',
  'region.create': '新增区划',
  'region.qr_posters': '打印举报二维码',
  'region.update': '修改区划',
  'report.accept': '受理信访举报',
  'report.conclude': '了结信访举报',
  'report.document': '生成文书',
  'report.export': '导出台账',
  'report.extend': '延长办理时限',
  'report.feedback': '反馈办理结果',
  'report.forward': '转办',
  'report.forward_down': '交下级办理',
  'report.identity_export': '导出台账（含举报人身份）',
  'report.identity_reveal': '查看举报人身份',
  'report.keep_on_file': '存档',
  'report.list': '查看台账列表',
  'report.message': '留言',
  'report.rate': '举报人评价',
  'report.read': '查看信访举报',
  'report.recheck_answer': '答复复查',
  'report.recheck_request': '申请复查',
  'report.register_clue': '转为问题线索',
  'report.repeat_decide': '认定重复件',
  'report.reply': '答复举报人',
  'report.review_answer': '答复复核',
  'report.review_hearing': '复核听证',
  'report.review_request': '申请复核',
  'report.submit': '提交信访举报',
  'report.transfer_up': '报送上级',
  'role.assign': '分配角色',
  'role.create': '新建角色',
  'role.revoke': '撤销角色',
  'role.update': '修改角色',
  'security.access_denied': '越权访问被拒绝',
  'security.access_denied_burst': '越权访问频繁（后续仅计数）',
  'seed.apply': '导入演示数据',
  'setting.update': '修改设置',
  'staff.create': '新增工作人员',
  'staff.delete': '删除工作人员',
  'staff.read': '查看工作人员',
  'staff.update': '修改工作人员',
  'subject.create': '新增监督对象',
  'subject.read': '查看监督对象',
  'subject.update': '修改监督对象',
  'timer_rule.override': '调整时限规则',
  'timer_rule.withdraw': '撤回时限规则',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'user.create': '新建账号',
  'user.password_reset': '重置密码',
  'user.session_revoke': '注销账号会话',
  'user.totp_reset': '重置动态验证码',
  'user.unlock': '解锁账号',
  'user.update': '修改账号',
  'zone.create': '新建协作区',
  'zone.membership_add': '协作区增加成员单位',
  'zone.membership_end': '协作区移出成员单位',
  'zone.role_add': '协作区任职',
  'zone.role_end': '协作区免职',
  'zone.update': '修改协作区',
  'clue.file_record': '备案问题线索',
  'clue.list': '查看问题线索台账',
  'clue.read': '查看问题线索',
  'clue.update': '更正问题线索台账',
  'clue.export': '导出问题线索台账',
  'clue.higher_report': '报告上级纪委',
  'clue_meeting.create': '记录线索研判会',
};

/** Chinese names of the kinds of record an audit event is about. */
export const AUDIT_RESOURCE_LABELS: Readonly<Record<string, string>> = {
  attachment: '附件',
  audit_event: '审计日志',
  calendar_year: '工作日历',
  case: '案件',
  clue: '问题线索',
  login_name: '登录名',
  organisation: '组织机构',
  region: '区划',
  report: '信访举报',
  role: '角色',
  route: '功能',
  session: '会话',
  setting: '设置',
  staff: '工作人员',
  subject: '监督对象',
  timer_rule: '时限规则',
  unit: '单位',
  user: '账号',
  zone: '协作区',
  clue_meeting: '线索研判会',
};

/** Categories of the audit log's filter: `security` is every `security.` action. */
export const AUDIT_CATEGORIES = ['security'] as const;

/** A category of the audit log's filter. */
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/** The Chinese name of an action, or its code when it has none. */
export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}

/** The Chinese name of a resource type, or its code when it has none. */
export function auditResourceLabel(type: string): string {
  return AUDIT_RESOURCE_LABELS[type] ?? type;
}
