/**
 * Code lists of recommendations (监察建议书 / 纪律检查建议书, issue 15 §2; JCF24 第七十一条,
 * GZ 第十九条, TL21 第二百零五条): the one copy the server (schemas, rules, documents) and the
 * staff console (filters, tags, forms) both import. Plain TypeScript, no imports from the server.
 */

/**
 * The kinds: a 监察建议 is the state side's (监察机关, TL21 第二百零五条), a 纪律检查建议 the
 * party side's (纪律检查机关, GZ 第十九条). The document's title is the kind's label with 书.
 */
export const RECOMMENDATION_KIND_LABELS = {
  supervision: '监察建议书',
  discipline: '纪律检查建议书',
} as const;
/** A recommendation kind. */
export type RecommendationKind = keyof typeof RECOMMENDATION_KIND_LABELS;
/** Every recommendation kind. */
export const RECOMMENDATION_KINDS = Object.keys(RECOMMENDATION_KIND_LABELS) as RecommendationKind[];

/**
 * The states: draft (拟稿) → submitted (送审: in the approvals chain, GZ 第十九条 经批准) → issued
 * (已送达, waiting for the reply) → replied (已回复: the measures are rectification items) or
 * refused (拒不采纳; with an objection, or without good reason: recorded for accountability).
 * A returned or rejected approval puts a submitted one back to draft.
 */
export const RECOMMENDATION_STATUS_LABELS = {
  draft: '草稿',
  submitted: '送审中',
  issued: '待回复',
  replied: '已回复',
  refused: '拒不采纳',
} as const;
/** A recommendation status. */
export type RecommendationStatus = keyof typeof RECOMMENDATION_STATUS_LABELS;
/** Every recommendation status, in order. */
export const RECOMMENDATION_STATUSES = Object.keys(RECOMMENDATION_STATUS_LABELS) as RecommendationStatus[];

/** What a recommendation may come from (optional): a case, an inspection's finding, an inspection. */
export const RECOMMENDATION_SOURCE_LABELS = {
  case: '案件',
  finding: '监督检查发现问题',
  inspection: '监督检查',
} as const;
/** A recommendation's source kind. */
export type RecommendationSourceKind = keyof typeof RECOMMENDATION_SOURCE_LABELS;
/** Every source kind. */
export const RECOMMENDATION_SOURCE_KINDS = Object.keys(RECOMMENDATION_SOURCE_LABELS) as RecommendationSourceKind[];

/**
 * The parts a recommendation must carry before it is issued (domain rules §7, TL21 第二百零五条),
 * field → the part's name in words (the 4xx names the missing ones).
 */
export const RECOMMENDATION_REQUIRED_PARTS = {
  subject: '建议事项（标题）',
  recipientPrincipal: '主送单位负责人',
  situation: '监督发现的情况',
  problems: '存在的主要问题及原因',
  requirements: '整改建议和要求',
  deadline: '整改期限',
  reportBack: '整改情况反馈方式',
} as const;
/** A required part. */
export type RecommendationPart = keyof typeof RECOMMENDATION_REQUIRED_PARTS;
