/**
 * Code lists of supervision inspections (监督检查, issue 15 §1): checklist templates (一手册两清单,
 * 四张清单), inspection kinds and topics, check results, findings' next steps and talks. The one
 * copy that the server (schemas, rules, documents) and the staff console both import. Bundled into
 * the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/** The kinds of checklist template (GLOSSARY: manual, task_list, village_checklist, responsibility_lists). */
export const CHECKLIST_KIND_LABELS = {
  manual: '乡镇监督手册',
  task_list: '乡镇任务清单',
  village_checklist: '村级日常事务清单',
  responsibility_lists: '四张清单',
} as const;
/** A checklist kind. */
export type ChecklistKind = keyof typeof CHECKLIST_KIND_LABELS;
/** Every checklist kind. */
export const CHECKLIST_KINDS = Object.keys(CHECKLIST_KIND_LABELS) as ChecklistKind[];

/** The evidence a checklist item requires before its result may be recorded. */
export const EVIDENCE_LABELS = { none: '无需佐证', photo: '照片', document: '文件资料', note: '文字说明' } as const;
/** An evidence requirement. */
export type EvidenceKind = keyof typeof EVIDENCE_LABELS;
/** Every evidence requirement. */
export const EVIDENCE_KINDS = Object.keys(EVIDENCE_LABELS) as EvidenceKind[];

/** A template's states: a draft is edited, an issued one is used, a superseded one was replaced by a later version. */
export const TEMPLATE_STATUS_LABELS = { draft: '草稿', issued: '已印发', superseded: '已被新版本替代' } as const;
/** A template status. */
export type TemplateStatus = keyof typeof TEMPLATE_STATUS_LABELS;

/** One item of a checklist template. */
export interface ChecklistItem {
  /** Stable code within the template (kept across versions and adaptations). */
  code: string;
  /** What to check. */
  label: string;
  /** How to check it. */
  method: string;
  evidence: EvidenceKind;
  category: string;
  position: number;
}

/** The kinds of inspection (GLOSSARY: inspection). */
export const INSPECTION_KIND_LABELS = {
  routine: '日常监督检查',
  special: '专项监督检查',
  escalated: '提级监督检查',
  cross: '交叉监督检查',
  tour: '巡察',
} as const;
/** An inspection kind. */
export type InspectionKind = keyof typeof INSPECTION_KIND_LABELS;
/** Every inspection kind. */
export const INSPECTION_KINDS = Object.keys(INSPECTION_KIND_LABELS) as InspectionKind[];

/** The topics of a special inspection (专项); `campaign` is one the county names (free text). */
export const INSPECTION_TOPIC_LABELS = {
  subsidies: '惠民惠农补贴',
  collective_funds: '农村集体“三资”',
  poverty_relief: '巩固拓展脱贫攻坚成果',
  environment: '生态环境保护',
  livelihood: '教育医疗住房等民生领域',
  campaign: '县纪委部署的专项行动',
} as const;
/** A special inspection's topic. */
export type InspectionTopic = keyof typeof INSPECTION_TOPIC_LABELS;
/** Every topic. */
export const INSPECTION_TOPICS = Object.keys(INSPECTION_TOPIC_LABELS) as InspectionTopic[];

/** An inspection's states, in order. */
export const INSPECTION_STATUS_LABELS = {
  draft: '草拟',
  submitted: '方案报批中',
  approved: '方案已批准',
  in_progress: '检查中',
  reported: '已报告',
  closed: '已结束',
} as const;
/** An inspection status. */
export type InspectionStatus = keyof typeof INSPECTION_STATUS_LABELS;

/** What an inspection target is. */
export const TARGET_KIND_LABELS = { unit: '单位', region: '村（社区）/乡镇', project: '项目' } as const;
/** A target kind. */
export type TargetKind = keyof typeof TARGET_KIND_LABELS;

/** The result of one checklist item on one target. */
export const CHECK_RESULT_LABELS = { pass: '符合要求', wanting: '存在问题', not_applicable: '不适用' } as const;
/** A check result. */
export type CheckResult = keyof typeof CHECK_RESULT_LABELS;
/** Every check result. */
export const CHECK_RESULTS = Object.keys(CHECK_RESULT_LABELS) as CheckResult[];

/** What happens next with a finding (GLOSSARY: finding). */
export const NEXT_STEP_LABELS = {
  rectification: '交办整改',
  talk: '谈话提醒（第一种形态）',
  recommendation: '提出监察建议',
  clue: '移交问题线索',
} as const;
/** A finding's next step. */
export type NextStep = keyof typeof NEXT_STEP_LABELS;
/** Every next step. */
export const NEXT_STEPS = Object.keys(NEXT_STEP_LABELS) as NextStep[];

/** The talks a finding may lead to (the `lighter_outcome` codes of docs/glossary.md). */
export const TALK_KIND_LABELS = {
  reminder_talk: '约谈提醒',
  criticism: '批评教育',
  self_examination: '责令检查',
  admonition: '诫勉谈话',
} as const;
/** A talk kind. */
export type TalkKind = keyof typeof TALK_KIND_LABELS;
/** Every talk kind. */
export const TALK_KINDS = Object.keys(TALK_KIND_LABELS) as TalkKind[];
