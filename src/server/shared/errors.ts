/**
 * The one error model of the platform. Services throw `DomainError`s built by `errors.*`;
 * the HTTP layer turns them into `{ error: { code, message, details } }`. Every code here is
 * listed in docs/errors.md (a test keeps the two in step).
 */

/** Error thrown by services, jobs and the CLI; carries a stable code and an HTTP status. */
export class DomainError extends Error {
  /** Creates a domain error; prefer the factories in `errors`. */
  constructor(
    readonly code: string,
    readonly statusCode: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

interface ErrorSpec {
  status: number;
  message: string;
}

/** Every error code with its HTTP status and default (Chinese-first) message. */
export const ERROR_CODES = {
  // request shape
  VALIDATION_FAILED: { status: 400, message: '请求参数不符合要求' },
  MALFORMED_JSON: { status: 400, message: '请求体不是合法的 JSON' },
  BODY_TOO_LARGE: { status: 413, message: '请求体过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型' },
  NOT_FOUND: { status: 404, message: '记录不存在或无权访问' },
  ROUTE_NOT_FOUND: { status: 404, message: '接口不存在' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  CONFLICT: { status: 409, message: '记录已被他人修改，请刷新后重试' },
  INTERNAL: { status: 500, message: '服务器内部错误' },
  INTEGRITY_ERROR: { status: 500, message: '加密数据完整性校验失败' },
  STORAGE_FAILED: { status: 503, message: '服务器存储故障，本次提交未保存，请稍后重试' },
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时不可用（可能正在主备切换），本次提交未保存，请稍后重试' },
  // crypto suite and master key (start-up and `rekey`)
  CRYPTO_SUITE_MISMATCH: { status: 409, message: '密码算法套件与本系统安装时记录的不一致' },
  MASTER_KEY_MISMATCH: { status: 409, message: '主密钥文件与本数据库不匹配' },
  REKEY_UNFINISHED: { status: 409, message: '密钥轮换（rekey）尚未完成，请再次运行 rekey 完成后再启动' },
  // sessions and accounts
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  TOTP_REQUIRED: { status: 401, message: '请输入动态验证码' },
  TOTP_INVALID: { status: 401, message: '动态验证码错误' },
  ACCOUNT_LOCKED: {
    status: 423,
    message: '登录失败次数过多，账号已锁定：请用动态验证码登录解锁，或联系系统管理员解锁',
  },
  LOGIN_THROTTLED: { status: 429, message: '登录失败次数过多，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用' },
  CSRF_INVALID: { status: 403, message: '请求校验失败，请刷新页面后重试' },
  FORBIDDEN: { status: 403, message: '无权执行此操作' },
  NEED_TO_KNOW: { status: 403, message: '您不是该事项的承办人员，只能查看台账信息' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录请先修改密码' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, message: '管理员账号须先绑定动态验证码' },
  WEAK_PASSWORD: { status: 400, message: '密码至少 10 位，且包含大写字母、小写字母、数字、符号中的 3 类' },
  PASSWORD_REUSED: { status: 400, message: '新密码不能与当前密码相同' },
  USERNAME_TAKEN: { status: 409, message: '用户名已存在' },
  TOTP_NOT_PENDING: { status: 409, message: '尚未生成动态验证码密钥' },
  // roles and the three administrators
  ADMIN_ROLE_CONFLICT: { status: 409, message: '三员分立：一个账号只能担任一种管理员角色，且管理员不得兼任业务角色' },
  ROLE_MIXES_ADMIN_PERMISSIONS: { status: 400, message: '角色不能同时包含管理员权限和业务权限' },
  SELF_ASSIGNMENT: { status: 403, message: '不能给自己分配或撤销角色' },
  ROLE_IN_USE: { status: 409, message: '角色仍有账号在用，不能删除' },
  BUILTIN_ROLE: { status: 409, message: '内置角色不能修改' },
  INVALID_SCOPE: { status: 400, message: '数据范围设置不正确' },
  // organisation
  INVALID_REGION_CODE: { status: 400, message: '行政区划代码不正确' },
  REPORT_ABOUT_UNKNOWN: { status: 400, message: '所反映的公开事项不存在或已不再公开，请返回公开页面重新选择' },
  REGION_EXISTS: { status: 409, message: '行政区划代码已存在' },
  UNIT_CYCLE: { status: 400, message: '单位上下级关系不能形成循环' },
  DEPARTMENT_GROUP_INVALID: {
    status: 400,
    message: '只能为本县在用的县直部门指定本县在用的派驻纪检监察组',
  },
  ZONE_MEMBERSHIP_CONFLICT: { status: 409, message: '该乡镇已属于另一个协作区' },
  ZONE_ROLE_CONFLICT: { status: 409, message: '该协作区已有此职务的在任人员' },
  INVALID_DATE_RANGE: { status: 400, message: '起止日期不正确' },
  IMPORT_REJECTED: { status: 422, message: '导入文件有不合格的行，未导入任何数据' },
  INVALID_FILE: { status: 400, message: '文件格式不正确' },
  // intake
  REPORT_STATE: { status: 409, message: '信访举报当前状态不允许此操作' },
  FILE_TYPE_NOT_ALLOWED: { status: 415, message: '只能上传图片、PDF 或音频文件' },
  FILE_TOO_LARGE: { status: 413, message: '单个文件不能超过 20 MB' },
  TOO_MANY_FILES: { status: 400, message: '附件最多 5 个' },
  FILE_UNREADABLE: { status: 415, message: '文件已损坏或无法识别，请重新选择' },
  FILE_ACTIVE_CONTENT: { status: 415, message: 'PDF 含有脚本、内嵌文件或自动操作，不能上传' },
  // calendar
  CALENDAR_INVALID: { status: 400, message: '节假日安排不正确' },
  // timers and clocks
  TIMER_RULE_INVALID: { status: 400, message: '时限规则不正确' },
  TIMER_NOT_CONFIGURED: { status: 409, message: '该时限的期限由地方规定，尚未设置，请先在时限规则中设置' },
  DEADLINE_STATE: { status: 409, message: '该时限当前状态不允许此操作' },
  DEADLINE_NOT_EXTENDABLE: { status: 409, message: '该时限按规定不能再延长' },
  DEADLINE_EXTENSION_TOO_LONG: { status: 400, message: '延长的期限超过规定' },
  DEADLINE_APPROVER_ROLE: { status: 403, message: '批准人不具备该时限规则规定的批准权限' },
  DEADLINE_NOT_PAUSABLE: { status: 409, message: '该时限按规定不能暂停计算' },
  DEADLINE_NOT_REPEATABLE: { status: 409, message: '同一事项不能再次启动该时限' },
  DEADLINE_RESTART_LIMIT: { status: 409, message: '该时限重新计算的次数已达规定上限' },
  // audit
  AUDIT_CHAIN_BROKEN: { status: 500, message: '审计日志链校验失败' },
  AUDIT_ARCHIVE_REFUSED: { status: 500, message: '审计日志归档已中止：待归档部分未通过校验或归档未配置' },
  // recusal
  RECUSAL_EXISTS: { status: 409, message: '该人员对此事项已有待决定的回避申请或已决定回避' },
  RECUSAL_STATE: { status: 409, message: '回避申请当前状态不允许此操作' },
  RECUSAL_DECIDER: {
    status: 403,
    message: '回避由本机关主要负责人决定；主要负责人本人的回避由上一级机关决定，且不得决定本人的回避',
  },
  CONFLICT_REFUSED: { status: 409, message: '该人员存在应当回避的情形，不得指派' },
  CONFLICT_UNCONFIRMED: { status: 409, message: '该人员存在需要确认的回避情形，请先确认并说明理由' },
  CONFLICT_CHECK_MISMATCH: { status: 409, message: '回避审查记录与本次指派的事项、人员或岗位不符，请重新审查' },
  CONFLICT_CHECK_EXPIRED: { status: 409, message: '回避审查已超过有效期（24小时），请重新审查' },
  CONFLICT_CHECK_STALE: { status: 409, message: '回避审查后被反映人或举报人已有变化，请重新审查' },
  // approval chains (呈批)
  NO_APPROVER: { status: 409, message: '审批链上没有可审批的人员（岗位空缺或回避），请先在呈批岗位中设置' },
  NOT_APPROVER: { status: 403, message: '您不是当前审批环节的审批人' },
  APPROVAL_STATE: { status: 409, message: '呈批件当前状态不允许此操作' },
  APPROVAL_RESUBMIT_ON_RECORD: { status: 409, message: '该呈批件须在原业务页面修改后重新报批' },
  APPROVAL_OPINION_REQUIRED: { status: 400, message: '退回或不同意须填写意见' },
  APPROVAL_TAMPERED: { status: 409, message: '呈批件内容与登记的摘要值不符，可能被篡改，已停止审批' },
  // clues
  CLUE_SOURCE_INVALID: { status: 400, message: '线索来源不正确：信访举报转来的线索由信访室转为线索，不能手工登记' },
  CLUE_REGION_OUTSIDE: { status: 400, message: '线索涉及的区划不在本机关管辖范围内' },
  CLUE_USER_INVALID: { status: 400, message: '所选人员不存在或账号已停用' },
  CLUE_NOT_REPORTABLE: { status: 409, message: '该线索不属于须向上级纪委报告的线索' },
  CLUE_ALREADY_REPORTED: { status: 409, message: '该线索已报告上级纪委' },
  CLUE_MEETING_INVALID: { status: 400, message: '研判会记录不完整：须有参会人员和研判的线索，同一线索只能列一次' },
  CLUE_TRANSITION: { status: 409, message: '线索当前所处环节不允许此项操作' },
  CLUE_ASSIGNMENT_TARGET: { status: 400, message: '分办对象不正确：只能分送本机关的部门、协作区或乡镇纪委' },
  CLUE_ASSIGNMENT_PENDING: { status: 409, message: '该线索已有在审批中的分办意见' },
  CLUE_POOL_FORBIDDEN: { status: 403, message: '只有协作区组长、指挥长或承办单位负责人可以从该线索池分派人员' },
  CLUE_ASSIGNMENT_INVALID: { status: 400, message: '分派人员不正确：须有线索管理人和承办人，同一人员只能列一次' },
  CLUE_NOT_HANDLER: { status: 403, message: '只有线索管理人或承办人可以提出处置意见' },
  CLUE_CONCLUSION_REASON: { status: 400, message: '予以了结须从规定的了结情形中选择理由；其他处置方式不填了结理由' },
  CLUE_MEETING_REQUIRED: { status: 400, message: '处置意见须引用研究该线索的研判会，或说明未经研判会研究的理由' },
  LETTER_ADDRESSEE_INVALID: {
    status: 400,
    message: '收件人不正确：请从本线索的被反映人及其单位中选择，或填写其他收件人',
  },
  // clue verification (初步核实)
  VERIFICATION_TEAM_TOO_SMALL: { status: 400, message: '核查组至少应有2名成员，并指定1名组长' },
  VERIFICATION_NOT_MEMBER: { status: 403, message: '只有核查组成员才能修改或签署初步核实情况报告' },
  VERIFICATION_STATE: { status: 409, message: '初步核实当前所处环节不允许此项操作' },
  VERIFICATION_UNSIGNED: { status: 409, message: '初步核实情况报告须经核查组全体成员签字后才能报批' },
  // clue inquiry (谈话函询)
  INQUIRY_OFFICER_CONFLICT: {
    status: 409,
    message: '拟定的谈话函询人员存在回避情形：应当回避的不得指派，需确认的请确认理由后重新提交',
  },
  INQUIRY_ROUND_OPEN: { status: 409, message: '该线索已有正在进行的谈话函询，办结后才能提出新的请示' },
  INQUIRY_NOT_APPROVED: { status: 409, message: '谈话函询报批请示尚未批准' },
  INQUIRY_STEP: { status: 409, message: '谈话函询当前环节不允许此项操作' },
  INQUIRY_VENUE_UNSAFE: { status: 400, message: '谈话应当在具备安全保障条件的场所进行' },
  INQUIRY_LEADER_OPINION_REQUIRED: {
    status: 400,
    message: '函询回复须有被函询人所在党委（党组）主要负责人签署的意见',
  },
  // cases (立案审查调查)
  CASE_TRANSITION: { status: 409, message: '案件当前所处环节不允许此项操作' },
  CASE_HANDOVER_TAKEN: { status: 409, message: '该线索的立案呈批报告已经起草，不能重复起草' },
  CASE_FILING_CONDITIONS: {
    status: 400,
    message: '立案须同时具备立案条件：已掌握部分违纪违法事实和证据，需要进一步审查调查',
  },
  CASE_MODE_INVALID: { status: 400, message: '办理方式与承办单位不相符' },
  // cases: team, actions and evidence
  CASE_TEAM_INVALID: { status: 400, message: '审查调查组至少应有2名成员，并指定1名组长，同一人员只能列一次' },
  CASE_TEAM_OWN_TOWNSHIP: {
    status: 409,
    message: '被审查调查人所在乡镇的人员不得参加本案审查调查组，确需参加的须经纪委监委主要负责人批准',
  },
  CASE_TEAM_EXCEPTION_INVALID: { status: 400, message: '参加审查调查组的例外须经纪委监委主要负责人批准并写明理由' },
  CASE_OFFICERS_TOO_FEW: { status: 400, message: '审查调查措施应当由2名以上审查调查人员进行' },
  CASE_OFFICER_NOT_ON_TEAM: { status: 400, message: '所列人员不是本案审查调查组成员' },
  CASE_TALK_UNSAFE: { status: 400, message: '谈话场所、录音录像或安全措施不符合规定' },
  CASE_EVIDENCE_COLLECTORS: { status: 400, message: '证据收集人应当是本案审查调查组成员' },
  CASE_CUSTODY_BROKEN: { status: 409, message: '证据交接记录不连续：移交人应当是当前保管人' },
  CASE_PROPERTY_STEP: { status: 409, message: '涉案财物当前状态不允许此项处置' },
  // cases: modes and the zone's rules
  CASE_MODE_UNCHANGED: { status: 409, message: '变更后的办理方式和承办单位与现在相同，无需变更' },
  CASE_MODE_CHANGE_PENDING: {
    status: 409,
    message: '该案件已有在审批中（或退回待修改）的办理方式变更，审批结束或撤回后才能再次提出',
  },
  CASE_NOT_COMMANDER: { status: 403, message: '只有该协作区的指挥长或组长可以授权办案' },
  CASE_AUTHORIZATION_TEAM: { status: 409, message: '授权前须组建审查调查组，至少2人' },
  CASE_ZONE_ROLE: { status: 403, message: '只有审查调查组成员或协作区指挥长、组长可以登记汇报' },
  CASE_ANALYSIS_MISSING: { status: 409, message: '请先完成案件剖析，再提出以案促改建议' },
  CASE_MODE_MISMATCH: { status: 409, message: '该案件的办理方式不适用此项操作' },
  CASE_ZONE_UNAUTHORIZED: { status: 409, message: '协作区办理的案件须经指挥长授权（一案一授权）后才能开展此项工作' },
  CASE_FLAG_NO_SCHEDULE: { status: 409, message: '请先确定挂牌督办的报告周期' },
  // cases: measures
  MEASURE_APPROVAL_MISSING: { status: 400, message: '采取该措施须经规定的审批，审批信息不全' },
  MEASURE_APPROVER_INVALID: { status: 403, message: '批准人不具备该措施规定的审批权限' },
  MEASURE_PRESENT_TOO_FEW: { status: 400, message: '执行措施须有二名以上审查调查组成员在场' },
  MEASURE_STEP: { status: 409, message: '该措施当前所处环节不允许此项操作' },
  MEASURE_EXTENSION_LATE: { status: 409, message: '期限已届满，不能再延长：延长须在期满前批准' },
  MEASURE_PERIOD_UNSET: { status: 409, message: '本县未设定党纪审查期限，审查期限不计时' },
  // cases: plans, end of the investigation and documents
  CASE_PLAN_STATE: { status: 409, message: '方案当前所处环节不允许此项操作' },
  CASE_PLAN_MEETING: {
    status: 400,
    message: '重大案件的审查调查方案须经主要负责人主持召开专题会议研究同意，并记录会议情况',
  },
  CASE_REPORT_NOT_MEMBER: { status: 403, message: '只有审查调查组成员才能修改、签署或报送审查调查报告' },
  CASE_FACTS_OPINION: {
    status: 400,
    message: '事实材料见面须记录被审查调查人签署的意见，或注明其拒绝签署、有异议的情况',
  },
  CASE_DISCUSSION_INCOMPLETE: { status: 400, message: '集体讨论须由审查调查组全体成员参加，缺席的须注明原因' },
  CASE_EVIDENCE_UNCITABLE: { status: 409, message: '审查调查报告引用了不能引用的证据' },
  CASE_REPORT_STATE: { status: 409, message: '审查调查报告当前所处环节不允许此项操作' },
  CASE_REPORT_UNSIGNED: { status: 409, message: '审查调查报告须经审查调查组全体成员签字后才能报批' },
  CASE_REPORT_ATTACHMENTS: {
    status: 400,
    message: '报送审查调查报告须注明忏悔反思材料、违纪违法事实材料和涉案财物报告是否随附',
  },
  // sanctions: the rules engine (modules/sanctions)
  SANCTION_APPROVER: { status: 409, message: '该处分超出批准机关的处分批准权限，应当报有处分批准权的党组织批准' },
  SANCTION_NO_PARTY_POST: {
    status: 400,
    message: '被处分人未担任党内职务，不能给予撤销党内职务处分，应当给予严重警告处分',
  },
  SANCTION_PROBATION_YEARS: { status: 400, message: '留党察看期限为一年或者二年' },
  SANCTION_EXEMPTION_CONCLUSION: { status: 400, message: '免予处分须作出书面结论' },
  SANCTION_BRANCH_ROLL: { status: 400, message: '支部党员大会应到会、实际到会和表决人数不正确' },
  SANCTION_BRANCH_QUORUM: {
    status: 409,
    message: '实际到会有表决权的党员未超过应到会有表决权党员的半数，不能表决',
  },
  SANCTION_BRANCH_MAJORITY: { status: 409, message: '赞成人数未超过应到会有表决权党员的半数，未形成决议' },
  SANCTION_DIRECT_DECISION: {
    status: 400,
    message: '不经支部党员大会直接决定党纪处分的，须由县级以上党委或者纪委作出，并写明党内法规规定的特殊情况',
  },
  SANCTION_VILLAGE_CADRE: { status: 400, message: '村（社区）干部只能给予警告、记过或者记大过政务处分' },
  SANCTION_HEAVIER_AFTER_DEFENCE: {
    status: 409,
    message: '不得因被处分人申辩而加重处分；拟给予更重处分的，须记录新的违纪违法事实',
  },
  SANCTION_HEAVIER_ON_APPEAL: { status: 409, message: '复审、复核不得加重政务处分' },
  SANCTION_DURING_PROBATION: { status: 409, message: '留党察看期间又有应当受到党纪处分的违纪行为的，应当开除党籍' },
  SANCTION_PROBATION_OUTCOME: { status: 409, message: '该留党察看当前不能作此处理' },
  SANCTION_STATE_PERIOD: {
    status: 400,
    message: '合并确定的政务处分期应在一个处分期以上、多个处分期之和以下，且最长不超过四十八个月',
  },
  SANCTION_NOT_DECIDED: { status: 409, message: '处分尚未作出决定（或已撤销、撤回），不能进行此项操作' },
  SANCTION_DOCUMENT_UNAVAILABLE: { status: 409, message: '该处分没有此项文书（处分种类或所处环节不符）' },
  SANCTION_TRANSITION: { status: 409, message: '该处分当前所处环节不允许此项操作' },
  SANCTION_NO_BRANCH_RESOLUTION: {
    status: 409,
    message: '党纪处分须经支部党员大会讨论形成决议，或者由县级以上党组织按规定直接决定',
  },
  SANCTION_DEFENCE_NOT_HEARD: { status: 409, message: '作出政务处分决定前，应当听取被处分人的陈述和申辩' },
  SANCTION_STEP_ORDER: { status: 409, message: '处分执行的环节顺序不正确' },
  // sanctions: appeals (申诉、复议、复查；复审、复核)
  SANCTION_APPEAL_OUT_OF_TIME: { status: 409, message: '申请复审、复核已超过期限，不予受理' },
  SANCTION_APPEAL_KIND: {
    status: 400,
    message: '党纪处分可以申诉、复议、复查，政务处分可以申请复审、复核，申诉种类与处分不符',
  },
  SANCTION_APPEAL_STATE: { status: 409, message: '该申诉（复审、复核）当前所处环节不允许此项操作' },
  SANCTION_APPEAL_PENDING: { status: 409, message: '该处分已有正在办理的申诉（复审、复核）' },
  SANCTION_APPEAL_ORDER: { status: 409, message: '应当先申请复审，对复审决定不服的才可申请复核，且各只能申请一次' },
  SANCTION_APPEAL_TEAM_INVALID: { status: 400, message: '复查（复审、复核）组至少应有2人，同一人员只能列一次' },
  SANCTION_APPEAL_SEPARATION: {
    status: 409,
    message: '参与过原案审查调查、线索处置或者审理的人员不得参与复议、复查、复审、复核',
  },
  // quality review (案件质量评查)
  QUALITY_CHECKLIST_INVALID: { status: 400, message: '评查标准有误：项目编码不得重复，每项自动检查只能对应一个项目' },
  QUALITY_REVIEW_STATE: { status: 409, message: '该评查已结束，不能再选取案件或再次结束' },
  QUALITY_CASE_NOT_CLOSED: { status: 409, message: '只能评查已结案的案件' },
  QUALITY_CASE_PICKED: { status: 409, message: '该案件已列入本次评查' },
  QUALITY_OWN_TOWNSHIP: { status: 409, message: '评查人不得评查本单位（本乡镇）办理或涉及本乡镇的案件' },
  QUALITY_NOT_EXAMINER: { status: 403, message: '只有该案件的评查人才能记录评查结果' },
  QUALITY_CASE_STATE: { status: 409, message: '该案件的评查当前所处环节不允许此项操作' },
  QUALITY_ITEMS_INCOMPLETE: { status: 409, message: '尚有评查项目未评定，不能出具问题清单' },
  QUALITY_NOT_HANDLING_UNIT: { status: 403, message: '只有问题清单所指向的承办单位才能报送整改情况' },
  QUALITY_PROBLEM_STATE: { status: 409, message: '该问题当前所处环节不允许此项操作' },
  QUALITY_EVIDENCE_MISSING: { status: 400, message: '报送整改情况须附整改佐证材料' },
  QUALITY_NOT_PANEL: { status: 403, message: '只有评查组成员才能确认整改销号' },
  QUALITY_SELF_CONFIRM: { status: 409, message: '报送整改的人员不能自行确认销号' },
  // review (审理)
  REVIEW_TRANSITION: { status: 409, message: '审理当前所处环节不允许此项操作' },
  REVIEW_SEPARATION: { status: 409, message: '参与过本案审查调查或线索处置的人员不得参与审理（查审分离）' },
  REVIEW_TEAM_INVALID: { status: 400, message: '审理组至少应有2名审理人员，并指定1名组长，同一人员只能列一次' },
  REVIEW_PANEL_TOWNSHIP: {
    status: 409,
    message: '交叉审理小组只能由协作区内其他乡镇纪委的人员组成，不得有承办乡镇或被审查调查人所在乡镇的人员',
  },
  REVIEW_TALK_INVALID: { status: 400, message: '审理谈话须由2名以上审理组成员进行，并记录被审查调查人的陈述和申辩' },
  REVIEW_DELIBERATION_INVALID: { status: 400, message: '集体审议须列明出席人员、每名出席人员的意见和表决' },
  REVIEW_QUORUM_NOT_MET: { status: 409, message: '出席会议的委员未超过应到会委员的半数，不能作出决定' },
  REVIEW_OUTCOMES_INVALID: { status: 400, message: '须逐一列明每名被审查调查人的拟处理意见' },
  REVIEW_NOT_MEMBER: { status: 403, message: '只有审理组成员才能进行此项操作' },
  REVIEW_REPORT_UNSIGNED: { status: 409, message: '审理报告须经审理组全体成员签字后才能报批' },
  // meetings (会议)
  MEETING_NOT_WORKING_DAY: { status: 400, message: '会议只能安排在工作日：该日是节假日或休息日' },
  MEETING_NO_CHAIR: {
    status: 400,
    message: '会议须有主持人：该协作区没有担任主持人的人员（季度研判会由组长主持，推进会、述职会由指挥长主持）',
  },
  MEETING_STATE: { status: 409, message: '会议当前所处环节不允许此项操作' },
  MEETING_EXPORT_TOO_LARGE: { status: 400, message: '导出的会议超过 10000 条，请缩小筛选范围' },
  // recommendations (监察建议书 / 纪律检查建议书)
  RECOMMENDATION_INCOMPLETE: { status: 409, message: '建议书内容不全，不能送审' },
  RECOMMENDATION_STATE: { status: 409, message: '该建议书当前所处环节不允许此项操作' },
  RECOMMENDATION_NOT_ISSUER: { status: 403, message: '只有制发机关负责整改工作的人员才能办理此项' },
  RECOMMENDATION_NOT_RECIPIENT: { status: 403, message: '只有建议书主送单位才能回复或提出异议' },
  RECOMMENDATION_EXPORT_TOO_LARGE: { status: 400, message: '导出的建议书超过 10000 份，请缩小筛选范围' },
  // inspections (监督检查)
  CHECKLIST_TEMPLATE_STATE: { status: 409, message: '该检查清单当前所处状态不允许此项操作' },
  CHECKLIST_ADAPT_INVALID: { status: 409, message: '只能在县纪委监委已印发的清单基础上调整形成本乡镇清单' },
  INSPECTION_KIND_INVALID: { status: 409, message: '检查类型与组织单位或检查对象不符' },
  INSPECTION_STATE: { status: 409, message: '该监督检查当前所处环节不允许此项操作' },
  INSPECTION_NOT_MEMBER: { status: 403, message: '只有检查组成员才能进行此项操作' },
  INSPECTION_NOT_LEADER: { status: 403, message: '只有检查组组长或组织单位才能进行此项操作' },
  INSPECTION_EVIDENCE_MISSING: { status: 400, message: '该检查项目须附佐证材料，缺少佐证不能记录检查结果' },
  INSPECTION_FINDINGS_UNDECIDED: { status: 409, message: '尚有发现的问题未作处置，不能形成检查报告' },
  // rectification ledger (整改台账)
  RECTIFICATION_NOT_ISSUER: {
    status: 403,
    message: '只有交办单位一方才能进行此项操作（验收、退回、回头看、审批延期、督办）',
  },
  RECTIFICATION_NOT_RESPONSIBLE: {
    status: 403,
    message: '只有责任单位才能办理此项整改（开始整改、上传材料、报送、申请延期）',
  },
  RECTIFICATION_STATE: { status: 409, message: '该整改事项当前所处环节不允许此项操作' },
  RECTIFICATION_SELF_ACCEPTANCE: {
    status: 409,
    message: '责任单位不能自行验收销号：验收须由责任单位以外的交办单位进行',
  },
  RECTIFICATION_OPEN_SUBITEMS: { status: 409, message: '尚有子事项未销号，不能对该整改事项销号' },
  RECTIFICATION_EVIDENCE_MISSING: { status: 400, message: '报送整改情况须附佐证材料，或者说明没有佐证材料的原因' },
  RECTIFICATION_DUE_DATE_FIXED: { status: 409, message: '整改期限不能直接修改：须由责任单位申请延期并经批准' },
  RECTIFICATION_EXTENSION_PENDING: { status: 409, message: '已有待审批的延期申请，请等待审批结果' },
  RECTIFICATION_EXTENSION_SELF: { status: 409, message: '延期申请须由申请人和责任单位以外的交办单位人员呈批或决定' },
  RECTIFICATION_ESCALATION_ORDER: {
    status: 409,
    message: '督办须逐级进行（督促提醒、约谈、通报、问责），不能越级或重复',
  },
  RECTIFICATION_EXPORT_TOO_LARGE: { status: 400, message: '导出的整改事项超过 10000 条，请缩小筛选范围' },
  RECTIFICATION_WORKED_AT_SOURCE: {
    status: 409,
    message: '该整改事项在其来源处办理（以案促改措施在案件页，评查问题在评查页）：台账只登记、统计和督办',
  },
  // village finance disclosure (阳光村务)
  DISCLOSURE_LINES_REJECTED: { status: 422, message: '收支明细有不合格的行，未保存任何数据' },
  DISCLOSURE_GENERAL_REJECTED: { status: 422, message: '村务一般事项有不合格的条目，未保存任何数据' },
  DISCLOSURE_ALREADY_PUBLISHED: {
    status: 409,
    message: '该期村务公开已经公布，不能重新上传：如有错误，请以“更正”方式提交并说明更正原因',
  },
  DISCLOSURE_OPEN_VERSION: { status: 409, message: '该期已有待村务监督委员会审核的版本，请等待审核或请其退回后再上传' },
  DISCLOSURE_STATE: { status: 409, message: '该村务公开当前所处环节不允许此项操作' },
  DISCLOSURE_NOT_VILLAGE: { status: 400, message: '村务公开只能按村（社区）填报：请选择村级行政区划' },
  // micro powers (小微权力清单)
  MICRO_POWER_LIST_EXISTS: { status: 409, message: '本县已有小微权力清单，不能再次载入默认框架' },
  MICRO_POWER_ITEM_RETIRED: { status: 409, message: '该小微权力事项已停用或已有新版本，请按现行版本操作' },
  MICRO_POWER_USE_CLOSED: { status: 409, message: '该权力运行记录已办结，不能再登记或修改' },
  MICRO_POWER_STEP_RECORDED: { status: 409, message: '该步骤已经登记过' },
  MICRO_POWER_EXPORT_TOO_LARGE: { status: 400, message: '导出的记录超过 10000 条，请缩小筛选范围' },
  // QR supervision (立码监督)
  QR_ITEM_STATE: { status: 409, message: '该事项当前状态不允许此项操作' },
  QR_NOT_VILLAGE: { status: 400, message: '资金分配只能到本县的村（社区）：请选择村级行政区划' },
  SUBSIDY_ID_INVALID: { status: 422, message: '身份证号码不正确，请核对后重新输入' },
  SUBSIDY_LOOKUP_LIMITED: { status: 429, message: '查询过于频繁，请一小时后再试' },
  // grid supervision (网格监督)
  GRID_GROUP_FULL: { status: 409, message: '该村民小组已有 3 名在任廉情监督员' },
  GRID_OUTPOST_EXISTS: { status: 409, message: '该村已设立廉情前哨站' },
  GRID_NOT_VILLAGE: { status: 400, message: '廉情前哨站按村设立：请选择村级行政区划，监督员请选择本村的村民小组' },
  INFORMANT_INVITATION_INVALID: { status: 400, message: '邀请链接无效、已使用或已过期，请向乡镇纪委索取新的邀请' },
  INFORMANT_SIGN_IN_FAILED: { status: 401, message: 'PIN 不正确，或本手机未启用，请使用邀请链接重新启用' },
  INFORMANT_LOCKED: { status: 423, message: '连续输错 PIN 已被锁定，请联系乡镇纪委重新发放邀请' },
  GRID_TASK_STATE: { status: 409, message: '该任务当前状态不允许此项操作' },
} as const satisfies Record<string, ErrorSpec>;

/** A known error code. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Builds a domain error for `code`, optionally with another message and details. */
export function domainError(code: ErrorCode, details?: unknown, message?: string): DomainError {
  const spec = ERROR_CODES[code];
  return new DomainError(code, spec.status, message ?? spec.message, details);
}

/** Shorthand factories for the errors thrown most often. */
export const errors = {
  notFound: (what?: string) => domainError('NOT_FOUND', what ? { resource: what } : undefined),
  forbidden: (permission?: string) => domainError('FORBIDDEN', permission ? { permission } : undefined),
  validation: (details: unknown, message?: string) => domainError('VALIDATION_FAILED', details, message),
  conflict: (details?: unknown) => domainError('CONFLICT', details),
};
