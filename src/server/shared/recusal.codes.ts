/**
 * Code lists of recusal (回避, domain rules §8): the one copy that the server and the staff console
 * both import, with their Chinese labels (the reasons a conflict check gives are built from these
 * words). Bundled into the browser: plain TypeScript, no Node built-ins, no imports from the server.
 */

/** What a declared relation is: oneself, a relative, a former post, a place of origin, an interest. */
export const DECLARATION_KINDS = ['self', 'relative', 'post', 'origin', 'interest'] as const;
/** A declaration kind. */
export type DeclarationKind = (typeof DECLARATION_KINDS)[number];

/** Chinese names of the declaration kinds. */
export const DECLARATION_KIND_LABELS: Record<DeclarationKind, string> = {
  self: '本人身份',
  relative: '近亲属',
  post: '曾任职务',
  origin: '原籍',
  interest: '利害关系',
};

/**
 * The relatives a person declares (§8: spouse, direct relatives by blood, collateral relatives
 * within three generations, close in-laws), each with its Chinese name as reasons say it.
 */
export const RELATIONS = [
  'spouse',
  'parent',
  'child',
  'grandparent',
  'grandchild',
  'sibling',
  'uncle_aunt',
  'nephew_niece',
  'cousin',
  'parent_in_law',
  'sibling_in_law',
  'child_in_law',
  'sibling_spouse',
] as const;
/** A declared relation to a relative. */
export type Relation = (typeof RELATIONS)[number];

/** Chinese names of the relations. */
export const RELATION_LABELS: Record<Relation, string> = {
  spouse: '配偶',
  parent: '父母',
  child: '子女',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  sibling: '兄弟姐妹',
  uncle_aunt: '伯叔姑舅姨',
  nephew_niece: '侄子女、外甥子女',
  cousin: '堂表兄弟姐妹',
  parent_in_law: '配偶的父母',
  sibling_in_law: '配偶的兄弟姐妹',
  child_in_law: '子女的配偶',
  sibling_spouse: '兄弟姐妹的配偶',
};

/** States of a recusal request. */
export const RECUSAL_STATES = ['requested', 'recused', 'rejected', 'withdrawn'] as const;
/** A recusal state. */
export type RecusalState = (typeof RECUSAL_STATES)[number];

/** Chinese names of the recusal states. */
export const RECUSAL_STATE_LABELS: Record<RecusalState, string> = {
  requested: '待决定',
  recused: '决定回避',
  rejected: '不予回避',
  withdrawn: '已撤回',
};

/** Who asked for a recusal: the officer, the subject, the reporter, or the organ ordering it. */
export const RECUSAL_REQUESTERS = ['self', 'subject', 'reporter', 'organ'] as const;
/** Who asked. */
export type RecusalRequester = (typeof RECUSAL_REQUESTERS)[number];

/** Chinese names of the requesters. */
export const RECUSAL_REQUESTER_LABELS: Record<RecusalRequester, string> = {
  self: '本人申请',
  subject: '被反映人申请',
  reporter: '举报人申请',
  organ: '组织决定',
};

/** The role a person is being assigned to (what a conflict check is run for). */
export const ASSIGNMENT_ROLES = [
  'keeper',
  'talk_officer',
  'verifier',
  'investigator',
  'reviewer',
  'rechecker',
  'approver',
] as const;
/** An assignment role. */
export type AssignmentRole = (typeof ASSIGNMENT_ROLES)[number];

/** Chinese names of the assignment roles. */
export const ASSIGNMENT_ROLE_LABELS: Record<AssignmentRole, string> = {
  keeper: '线索承办',
  talk_officer: '谈话函询',
  verifier: '初步核实',
  investigator: '审查调查',
  reviewer: '案件审理',
  rechecker: '复议复查（复审复核）',
  approver: '审批',
};

/** What a person already was in the matter (structural separation, passed in by the caller). */
export const PRIOR_ROLES = ['investigated', 'original_handler', 'witness'] as const;
/** A prior role. */
export type PriorRole = (typeof PRIOR_ROLES)[number];

/** What a conflict check says of one person. */
export const CHECK_OUTCOMES = ['refuse', 'warn', 'clear'] as const;
/** A check outcome. */
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

/** Chinese names of the check outcomes. */
export const CHECK_OUTCOME_LABELS: Record<CheckOutcome, string> = {
  refuse: '应当回避，不得指派',
  warn: '需确认后指派',
  clear: '未发现回避情形',
};
