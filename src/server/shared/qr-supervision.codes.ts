/**
 * Codes of QR supervision of policies, projects and funds (立码监督, issue 16 §2) shared by the
 * server, the console and the phone pages: kinds of item, their statuses, the roster upload's
 * column headers and the look-up's fixed statement. Plain TypeScript: Vite bundles it.
 */

/** What a department publishes: an agricultural policy, a project, or a fund allocation. */
export const QR_ITEM_KINDS = ['policy', 'project', 'fund'] as const;
/** A kind of item. */
export type QrItemKind = (typeof QR_ITEM_KINDS)[number];
/** Chinese names of the kinds. */
export const QR_ITEM_KIND_LABELS: Record<QrItemKind, string> = {
  policy: '惠农政策',
  project: '项目',
  fund: '资金',
};

/** An item's status: draft → published ⇄ withdrawn (unpublished by the department). */
export const QR_ITEM_STATUSES = ['draft', 'published', 'withdrawn'] as const;
/** An item's status. */
export type QrItemStatus = (typeof QR_ITEM_STATUSES)[number];
/** Chinese names of the statuses. */
export const QR_ITEM_STATUS_LABELS: Record<QrItemStatus, string> = {
  draft: '草稿',
  published: '已公开',
  withdrawn: '已撤回',
};

/** A roster import's outcome: accepted (its lines stored) or rejected (nothing stored, the rows' problems kept). */
export const ROSTER_STATUSES = ['accepted', 'rejected'] as const;
/** A roster import's outcome. */
export type RosterStatus = (typeof ROSTER_STATUSES)[number];
/** Chinese names of the outcomes. */
export const ROSTER_STATUS_LABELS: Record<RosterStatus, string> = { accepted: '已导入', rejected: '被拒绝（未导入）' };

/** The header row of a subsidy roster upload (补贴发放名册), in order. */
export const ROSTER_UPLOAD_HEADERS = [
  '姓名',
  '身份证号码',
  '户主',
  '银行账号',
  '账户持有人',
  '金额（元）',
  '发放日期',
  '审批人',
] as const;

/**
 * The header row of an items upload (政策、项目、资金导入), in order: one row per item and village;
 * rows with the same 类别, 名称 and 年度 are one item (its other columns from its first row).
 */
export const ITEM_UPLOAD_HEADERS = [
  '类别',
  '名称',
  '年度',
  '内容',
  '补助对象',
  '补助标准',
  '申请方式',
  '金额（元）',
  '承建单位',
  '进度',
  '验收',
  '咨询电话',
  '村行政区划代码',
  '分配到村金额（元）',
] as const;

/** The kinds as the upload writes them. */
export const QR_ITEM_KIND_OF_LABEL: Readonly<Record<string, QrItemKind>> = {
  惠农政策: 'policy',
  政策: 'policy',
  项目: 'project',
  资金: 'fund',
};

/**
 * The one statement every look-up answers with, found or not (the look-up must not say whether a
 * person is on a roster: the items list is the only difference, and it is empty for a stranger).
 */
export const SUBSIDY_LOOKUP_STATEMENT =
  '以下为按您填写的身份证号码和姓名查询到的补贴发放记录。没有记录、金额不符或本人未收到，请点“我没有收到”向乡镇纪委反映。';
