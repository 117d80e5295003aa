/**
 * The official documents of the 信访举报 workflow, as pure functions from plain data to an
 * `OfficialDocument`. Nothing here touches the database: the caller looks the data up, decides
 * what may be shown (e.g. passes "实名（已保护）" instead of a protected name) and passes strings.
 * Dates may be ISO (`2026-11-22`) or already-formatted Chinese text; ISO dates are converted.
 */
import { type Block, type Field, type OfficialDocument, toChineseDate } from './official.js';

const EMPTY = '';

/** Data for 接待来访记录 (record of a walk-in visit). */
export interface VisitRecordData {
  /** 编号, e.g. "渑纪访〔2026〕12号". */
  number: string;
  /** 来访时间, e.g. "2026年11月22日 9时30分". */
  visitTime: string;
  /** 接待地点, e.g. "县纪委监委信访接待室". */
  place: string;
  /** 来访人, as the caller may show it (e.g. "实名（已保护）" or "张三，男，某某村村民"). */
  visitor: string;
  /** 人数, e.g. "1人". */
  headcount: string;
  /** 被反映人及职务. */
  accused: string;
  /** 反映的主要问题. */
  problem: string;
  /** 来访人诉求. */
  demand: string;
  /** 接待人. */
  receptionist: string;
  /** 记录人. */
  recorder: string;
  /** 处理意见; empty leaves room to write by hand. */
  opinion?: string;
}

/** Builds 接待来访记录: a 4-column field table with signature lines for 来访人 and 接待人. */
export function visitRecord(d: VisitRecordData): OfficialDocument {
  return {
    title: '接待来访记录',
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'fields',
        columns: 4,
        fields: [
          { label: '来访时间', value: toChineseDate(d.visitTime), wide: true },
          { label: '接待地点', value: d.place },
          { label: '人数', value: d.headcount },
          { label: '来访人', value: d.visitor, wide: true },
          { label: '被反映人及职务', value: d.accused, wide: true },
          { label: '反映的主要问题', value: d.problem, wide: true, minLines: 4 },
          { label: '来访人诉求', value: d.demand, wide: true, minLines: 2 },
          { label: '接待人', value: d.receptionist },
          { label: '记录人', value: d.recorder },
          { label: '处理意见', value: d.opinion ?? EMPTY, wide: true, minLines: 2 },
        ],
      },
      {
        kind: 'paragraph',
        text: '以上记录经来访人核对无误。',
      },
      { kind: 'signatures', lines: [{ label: '来访人（签字）' }, { label: '接待人（签字）' }] },
    ],
  };
}

/** How a 检举控告人 can reach the commission, printed on the rights card. */
export interface RightsCardData {
  /** 发文机关, e.g. "中共渑池县纪律检查委员会 渑池县监察委员会"; also the issuer. */
  commissionName: string;
  /** 举报电话, e.g. "0398-12388". */
  hotline: string;
  /** 来信来访地址, e.g. "渑池县韶州路88号县纪委监委信访室（邮编472400）". */
  address: string;
  /** 网上举报 address (the QR code URL). */
  url: string;
  /** 成文日期; ISO or Chinese. */
  date?: string;
}

/**
 * Builds 检举控告明白卡: what is accepted, the reporter's rights and duties, the procedure and
 * the protection given, after 《纪检监察机关处理检举控告工作规则》.
 */
export function rightsCard(d: RightsCardData): OfficialDocument {
  const p = (text: string): Block => ({ kind: 'paragraph', text });
  const h = (text: string): Block => ({ kind: 'heading', level: 1, text });
  return {
    title: '检举控告明白卡',
    blocks: [
      p(
        '为保障检举控告人依法行使检举控告权利，规范检举控告工作，根据《中国共产党纪律检查机关监督执纪工作规则》《中华人民共和国监察法》和《纪检监察机关处理检举控告工作规则》等规定，现将有关事项告知如下。',
      ),
      h('一、检举控告的受理范围'),
      p('纪检监察机关依照规定受理以下检举控告：'),
      p('（一）对党组织、党员违犯党纪行为的检举控告；'),
      p(
        '（二）对监察对象不依法履职，违反秉公用权、廉洁从政从业以及道德操守等规定，涉嫌贪污贿赂、滥用职权、玩忽职守、权力寻租、利益输送、徇私舞弊以及浪费国家资财等职务违法、职务犯罪行为的检举控告；',
      ),
      p('（三）其他依照规定应当由纪检监察机关处理的违纪违法行为的检举控告。'),
      p(
        '依法应当通过诉讼、仲裁、行政复议等法定途径解决的事项，以及不属于纪检监察机关职责范围的事项，请向有权处理的机关、单位提出。',
      ),
      // The rights, duties, time limits and protection below follow shared/reference/domain-rules.md §2.5–2.8
      // (纪检监察机关处理检举控告工作规则, JK); nothing is promised beyond those rules.
      h('二、检举控告人的权利'),
      // JK 第二十六条: 15 working days from receipt; repeat reports get no acknowledgement.
      p(
        '（一）受理告知。实名检举控告的，纪检监察机关应当在收到检举控告之日起15个工作日内，告知检举控告人是否受理；不属于本机关受理范围的，告知其向有权处理的机关提出或者已转交有关机关处理。重复检举控告的，不再告知。',
      ),
      // JK 第二十七条: within 15 working days of closing; an objection is recorded and explained.
      p(
        '（二）结果反馈。实名检举控告办理结束后，纪检监察机关应当自办结之日起15个工作日内将处理结果反馈检举控告人，并听取其意见。',
      ),
      // JK 第二十七条. The old text promised a 复查 "向原办理机关"; JK gives the reporter no such
      // right, and 信访工作条例 第三十五条 sends a 复查 to the next-higher organ, not the same one.
      p(
        '（三）提出异议。对处理结果有异议的，可以提出意见，纪检监察机关应当如实记录并予以说明；提供新的证据材料的，纪检监察机关应当核查处理。',
      ),
      // JK 第三十五条, 第四十八条.
      p(
        '（四）申请回避。可以申请与所反映问题或者被检举控告人有利害关系的工作人员回避，可以检举控告工作人员的违纪违法行为。',
      ),
      // JK 第三十五条, 第四十九条: protection is given on request.
      p(
        '（五）请求保护。因检举控告，本人或者近亲属的人身、财产安全受到威胁的，可以向纪检监察机关请求保护，纪检监察机关应当及时采取保护措施。',
      ),
      // JK 第二十八条.
      p('（六）获得奖励。实名检举控告经查证属实、对查处案件发挥重要作用的，可以依照规定给予奖励。'),
      h('三、检举控告人的义务'),
      // JK 第三十五条 to 第三十八条 (duties); 第三十九条, 第四十五条 (诬告陷害 and 错告). The old text
      // also threatened transfer to the judiciary, which the reference does not support.
      p(
        '检举控告人应当如实反映问题，不得夸大事实，尽可能提供被反映人的姓名、单位、职务和问题的具体事实及相关证据线索；不得捏造事实、伪造材料，诬告陷害他人。诬告陷害他人的，依纪依法严肃处理。如实反映但内容有误的（错告），不属于诬告陷害，只予以教育。',
      ),
      p(
        '检举控告人应当遵守信访秩序，通过正常渠道反映问题，不得扰乱正常工作秩序；应当接受纪检监察机关的正确处理，对收到的反馈意见予以保密。',
      ),
      h('四、受理流程'),
      // JK 第七条 (channels), 第二十九条 (anonymous reports).
      p(
        '（一）提出。检举控告人可以通过来信、来访、电话、网络等方式向纪检监察机关提出检举控告。提倡实名检举控告；匿名检举控告属于受理范围的，同样予以受理，不通过核对笔迹、查询网络地址等方式查找匿名检举控告人。获得回执码的（网上提交或者登记时给出），可以凭回执码查询办理情况、补充材料，无需提供姓名。',
      ),
      p(
        '（二）受理。纪检监察机关对收到的检举控告进行登记，对属于本机关受理范围的予以受理；不属于的，按照规定转交有权处理的机关处理。',
      ),
      p('（三）办理。对受理的检举控告，按照干部管理权限和有关规定分类处置、认真办理。'),
      p('（四）告知反馈。对实名检举控告，按照规定告知受理情况，办结后反馈处理结果，听取检举控告人意见。'),
      h('五、对检举控告人的保护'),
      // JK 第四十七条, 第四十九条; the reference says reprisals are punished, nothing about criminal liability.
      p(
        '纪检监察机关对检举控告人的姓名、工作单位、住址等个人信息和检举控告内容严格保密，不得泄露或者透露给被检举控告人及其他无关人员，不得将检举控告材料转给被检举控告的组织、人员。对打击报复检举控告人的，依纪依法严肃处理。',
      ),
      h('六、举报方式'),
      p(`举报电话：${d.hotline}`),
      p(`来信来访地址：${d.address}`),
      p(`网上举报：${d.url}（可扫描二维码进入）`),
    ],
    issuer: d.commissionName,
    date: d.date ? toChineseDate(d.date) : undefined,
  };
}

/** The decision told to a 实名 reporter: accepted, or outside this commission's remit and transferred. */
export type AcceptanceDecision =
  | {
      /** 我委已受理. */
      kind: 'accepted';
      /** 受理日期; ISO or Chinese. */
      acceptedDate: string;
    }
  | {
      /** 不属于本机关受理范围，已转交. */
      kind: 'transferred';
      /** The authority the matter went to, e.g. "县人力资源和社会保障局". */
      transferredTo: string;
    };

/** Data for 实名举报受理告知书. */
export interface AcceptanceNoticeData {
  /** 发文字号, e.g. "渑纪信〔2026〕0001号". */
  number: string;
  /** The reporter's name as addressed, e.g. "张三". */
  reporterName: string;
  /** When the report came in; ISO or Chinese. */
  reportDate: string;
  /** How it came in, e.g. "12388举报网站" or "来信". */
  channel: string;
  /** What was reported, completing "反映的关于……的问题", e.g. "某某村党支部书记李四违规收受礼金". */
  subject: string;
  /** Accepted or transferred. */
  decision: AcceptanceDecision;
  /** 发文机关, e.g. "中共渑池县纪律检查委员会". */
  commissionName: string;
  /** How the commission refers to itself in the text; defaults to "我委". */
  selfName?: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 联系人及电话, printed as a note. */
  contact?: string;
}

/** Builds 实名举报受理告知书 addressed to the named reporter. */
export function acceptanceNotice(d: AcceptanceNoticeData): OfficialDocument {
  const self = d.selfName ?? '我委';
  const opening = `你于${toChineseDate(d.reportDate)}通过${d.channel}反映的关于${d.subject}的问题，`;
  const body: Block[] =
    d.decision.kind === 'accepted'
      ? [
          {
            kind: 'paragraph',
            text: `${opening}${self}已于${toChineseDate(d.decision.acceptedDate)}受理。${self}将依纪依法认真办理，办结后将办理结果向你反馈。`,
          },
        ]
      : [
          {
            kind: 'paragraph',
            text: `${opening}经审查，不属于本机关受理范围。根据《纪检监察机关处理检举控告工作规则》有关规定，${self}已转交${d.decision.transferredTo}处理，请你向其了解办理情况。`,
          },
        ];
  body.push(
    {
      kind: 'paragraph',
      text: `${self}将对你的个人信息和举报内容严格保密。请你如实反映问题，不得捏造事实、诬告陷害他人。如有新的情况或者证据材料，可以继续向${self}反映。`,
    },
    { kind: 'paragraph', text: '感谢你对纪检监察工作的信任和支持。' },
  );
  return {
    title: '实名举报受理告知书',
    docNumber: d.number,
    recipient: `${d.reporterName}同志：`,
    blocks: body,
    issuer: d.commissionName,
    date: toChineseDate(d.date),
    footer: d.contact ? `联系人及电话：${d.contact}` : undefined,
  };
}

/** Data for 实名举报结果反馈单. */
export interface ResultFeedbackData {
  /** 编号. */
  number: string;
  /** 举报人. */
  reporter: string;
  /** 举报时间; ISO or Chinese. */
  reportDate: string;
  /** 被举报人 (name, unit and post). */
  accused: string;
  /** 反映问题. */
  problem: string;
  /** 办理结果. */
  result: string;
  /** 反馈方式, e.g. "当面反馈" or "电话反馈". */
  method: string;
  /** 反馈人. */
  feedbackBy: string;
  /** 反馈时间; ISO or Chinese; empty leaves it to write by hand. */
  feedbackDate?: string;
  /** 举报人意见 if already known; otherwise blank lines are left for the reporter to write. */
  reporterOpinion?: string;
  /** 发文机关. */
  commissionName: string;
}

/** Builds 实名举报结果反馈单 with blank lines for 举报人意见 and signature slots. */
export function resultFeedback(d: ResultFeedbackData): OfficialDocument {
  return {
    title: '实名举报结果反馈单',
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'fields',
        columns: 4,
        fields: [
          { label: '举报人', value: d.reporter },
          { label: '举报时间', value: toChineseDate(d.reportDate) },
          { label: '被举报人', value: d.accused, wide: true },
          { label: '反映问题', value: d.problem, wide: true, minLines: 3 },
          { label: '办理结果', value: d.result, wide: true, minLines: 3 },
          { label: '反馈方式', value: d.method },
          { label: '反馈人', value: d.feedbackBy },
          { label: '反馈时间', value: d.feedbackDate ? toChineseDate(d.feedbackDate) : EMPTY, wide: true },
          { label: '举报人意见', value: d.reporterOpinion ?? EMPTY, wide: true, minLines: 3, sign: '举报人签字' },
        ],
      },
      { kind: 'signatures', lines: [{ label: '反馈人（签字）' }] },
    ],
    issuer: d.commissionName,
    footer: '注：本单一式两份，一份交举报人，一份存入信访档案。举报人拒绝签字的，由反馈人注明情况。',
  };
}

/** Data for 信访件转办单. */
export interface TransferSlipData {
  /** 编号, e.g. "渑纪信转〔2026〕15号". */
  number: string;
  /** 转往机关, e.g. "坡头乡纪委". */
  toAgency: string;
  /** 来件编号. */
  sourceNumber: string;
  /** 来源, e.g. "12388举报网站" or "上级交办". */
  source: string;
  /** 被反映人 (name, unit and post). */
  accused: string;
  /** 反映问题摘要. */
  summary: string;
  /** 转办要求, e.g. "请于2026年12月22日前报送办理结果" or "请于5个工作日内受理". */
  requirement: string;
  /** 附件数, e.g. 2 (printed as "原件2份"); 0 prints "无". */
  attachments: number;
  /** 发文机关. */
  commissionName: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 联系人. */
  contactPerson: string;
  /** 联系电话. */
  contactPhone: string;
}

/** Builds 信访件转办单 addressed to the receiving authority. */
export function transferSlip(d: TransferSlipData): OfficialDocument {
  const fields: Field[] = [
    { label: '转往机关', value: d.toAgency, wide: true },
    { label: '来件编号', value: d.sourceNumber },
    { label: '来源', value: d.source },
    { label: '被反映人', value: d.accused, wide: true },
    { label: '问题摘要', value: d.summary, wide: true, minLines: 4 },
    { label: '转办要求', value: d.requirement, wide: true, minLines: 2 },
    { label: '附件', value: d.attachments > 0 ? `原件${d.attachments}份` : '无', wide: true },
  ];
  return {
    title: '信访件转办单',
    docNumber: d.number,
    recipient: `${d.toAgency}：`,
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'paragraph',
        text: '现将下列信访件转你单位，请按照有关规定认真办理，对检举控告人信息严格保密，不得将信访材料转给被反映人或者被反映单位。',
      },
      { kind: 'fields', columns: 4, fields },
    ],
    issuer: d.commissionName,
    date: toChineseDate(d.date),
    footer: `联系人：${d.contactPerson}\u3000\u3000联系电话：${d.contactPhone}`,
  };
}

/** Data for 复查申请转送函: a re-check request sent up to the organ that re-checks (XF 第三十五条). */
export interface RecheckForwardData {
  /** 原件编号 (the report's number). */
  number: string;
  /** 复查申请人, as the caller may show it (the name for holders of report.identity). */
  applicant: string;
  /** 复查机关, e.g. "中共三门峡市纪律检查委员会". */
  toAgency: string;
  /** 被反映人 (name, unit and post). */
  accused: string;
  /** 反映问题摘要. */
  summary: string;
  /** 原办理结果. */
  result: string;
  /** 办结日期; ISO or Chinese. */
  closedOn: string;
  /** 申请复查日期; ISO or Chinese. */
  requestedOn: string;
  /** 复查理由, as the reporter wrote it. */
  reason: string;
  /** 答复期限; ISO or Chinese. */
  dueOn: string;
  /** 发文机关 (the original handler). */
  commissionName: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 联系人. */
  contactPerson: string;
  /** 联系电话. */
  contactPhone: string;
}

/** Builds 复查申请转送函: the original handler sends the reporter's request up, with the case. */
export function recheckForward(d: RecheckForwardData): OfficialDocument {
  const fields: Field[] = [
    { label: '原件编号', value: d.number, wide: true },
    { label: '申请人', value: d.applicant, wide: true },
    { label: '被反映人', value: d.accused, wide: true },
    // One line reserved (it grows with the text), so the letter keeps to one page with 申请人.
    { label: '反映问题', value: d.summary, wide: true },
    { label: '原办理结果', value: d.result, wide: true, minLines: 2 },
    { label: '办结日期', value: toChineseDate(d.closedOn) },
    { label: '申请日期', value: toChineseDate(d.requestedOn) },
    { label: '复查理由', value: d.reason, wide: true, minLines: 2 },
  ];
  return {
    title: '复查申请转送函',
    recipient: `${d.toAgency}：`,
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'paragraph',
        text: `反映人对我委办理的${d.number}信访件的处理意见不服，申请复查。根据《信访工作条例》第三十五条，现将复查申请及原办理情况转送你委，请予复查，并于${toChineseDate(d.dueOn)}前将复查意见函告我委，以便答复反映人。`,
      },
      { kind: 'fields', columns: 4, fields },
    ],
    issuer: d.commissionName,
    date: toChineseDate(d.date),
    footer: `联系人：${d.contactPerson}\u3000\u3000联系电话：${d.contactPhone}`,
  };
}

/** Data for 复核申请转送函: a review request sent up to the organ above the re-checking one (XF 第三十六条). */
export interface ReviewForwardData {
  /** 原件编号 (the report's number). */
  number: string;
  /** 复核申请人, as the caller may show it (the name for holders of report.identity). */
  applicant: string;
  /** 复核机关, e.g. "中共三门峡市纪律检查委员会". */
  toAgency: string;
  /** 被反映人 (name, unit and post). */
  accused: string;
  /** 反映问题摘要. */
  summary: string;
  /** 原办理结果. */
  result: string;
  /** 复查机关, e.g. "渑池县纪委监委". */
  recheckOrgan: string;
  /** 复查意见 as given to the petitioner. */
  recheckAnswer: string;
  /** 复查答复日期; ISO or Chinese. */
  recheckAnsweredOn: string;
  /** 申请复核日期; ISO or Chinese. */
  requestedOn: string;
  /** 复核理由, as the petitioner wrote it. */
  reason: string;
  /** 答复期限; ISO or Chinese; null while a hearing pauses the clock (its time is not counted). */
  dueOn: string | null;
  /** 发文机关 (the organ that keeps the review's clock). */
  commissionName: string;
  /** 成文日期; ISO or Chinese. */
  date: string;
  /** 联系人. */
  contactPerson: string;
  /** 联系电话. */
  contactPhone: string;
}

/** Builds 复核申请转送函: the petitioner's review request sent up with the re-check and its answer. */
export function reviewForward(d: ReviewForwardData): OfficialDocument {
  const fields: Field[] = [
    // Rows paired and one line each (they grow with the text), and the number only in the text,
    // so the letter keeps to one page with its 版记.
    { label: '申请人', value: d.applicant },
    { label: '申请日期', value: toChineseDate(d.requestedOn) },
    { label: '被反映人', value: d.accused, wide: true },
    { label: '反映问题', value: d.summary, wide: true },
    { label: '原办理结果', value: d.result, wide: true },
    { label: '复查机关', value: d.recheckOrgan },
    { label: '复查答复', value: toChineseDate(d.recheckAnsweredOn) },
    { label: '复查意见', value: d.recheckAnswer, wide: true },
    { label: '复核理由', value: d.reason, wide: true },
  ];
  const due = d.dueOn
    ? `并于${toChineseDate(d.dueOn)}前将复核意见函告我委`
    : '并在规定期限内（听证所需时间不计入）将复核意见函告我委';
  return {
    title: '复核申请转送函',
    recipient: `${d.toAgency}：`,
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'paragraph',
        text: `信访人对${d.recheckOrgan}就${d.number}信访件作出的复查意见不服，申请复核。根据《信访工作条例》第三十六条，现将复核申请及有关情况转送你委，请予复核，${due}。`,
      },
      { kind: 'fields', columns: 4, fields },
    ],
    issuer: d.commissionName,
    date: toChineseDate(d.date),
    footer: `联系人：${d.contactPerson}\u3000\u3000联系电话：${d.contactPhone}`,
  };
}

/** Data for 信访案件结案呈批表; the opinions may be empty to leave room for handwriting. */
export interface ClosingApprovalData {
  /** 编号. */
  number: string;
  /** 信访人, as the caller may show it. */
  petitioner: string;
  /** 被反映人 (name, unit and post). */
  accused: string;
  /** 反映问题. */
  problem: string;
  /** 办理过程. */
  process: string;
  /** 办理结果. */
  result: string;
  /** 承办人意见. */
  handlerOpinion?: string;
  /** 承办部门意见. */
  departmentOpinion?: string;
  /** 分管领导意见. */
  deputyOpinion?: string;
  /** 主要领导审批. */
  chiefApproval?: string;
}

/** Builds 信访案件结案呈批表 with signature rows for each level of approval. */
export function closingApproval(d: ClosingApprovalData): OfficialDocument {
  return {
    title: '信访案件结案呈批表',
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '注意保密',
    blocks: [
      {
        kind: 'fields',
        columns: 2,
        fields: [
          { label: '信访人', value: d.petitioner },
          { label: '被反映人', value: d.accused },
          { label: '反映问题', value: d.problem, minLines: 2 },
          { label: '办理过程', value: d.process, minLines: 3 },
          { label: '办理结果', value: d.result, minLines: 2 },
          { label: '承办人意见', value: d.handlerOpinion ?? EMPTY, minLines: 2, sign: '签字' },
          { label: '承办部门意见', value: d.departmentOpinion ?? EMPTY, minLines: 2, sign: '签字' },
          { label: '分管领导意见', value: d.deputyOpinion ?? EMPTY, minLines: 2, sign: '签字' },
          { label: '主要领导审批', value: d.chiefApproval ?? EMPTY, minLines: 2, sign: '签字' },
        ],
      },
    ],
  };
}
