/**
 * Sample data for the seven templates and the poster, shared by the tests and by anyone who wants
 * to preview the layouts. Names are invented.
 */
import type {
  AcceptanceNoticeData,
  ClosingApprovalData,
  ResultFeedbackData,
  RightsCardData,
  RecheckForwardData,
  ReviewForwardData,
  TransferSlipData,
  VisitRecordData,
} from './templates.js';
import type { QrPosterInput } from './poster.js';

/** A commission name used throughout the samples. */
export const SAMPLE_COMMISSION = '中共渑池县纪律检查委员会';

/** Sample 接待来访记录 data. */
export const SAMPLE_VISIT: VisitRecordData = {
  number: '渑纪访〔2026〕0012号',
  visitTime: '2026年11月22日 9时30分',
  place: '县纪委监委信访接待室',
  visitor: '实名（已保护）',
  headcount: '1人',
  accused: '李四，坡头乡张村党支部书记',
  problem:
    '来访人反映，李四在2025年张村集体土地流转过程中优亲厚友，将流转收益违规分配给其亲属；2026年春节期间收受村民所送购物卡，金额约2000元。来访人提供了土地流转合同复印件一份。',
  demand: '请求纪委调查核实并依纪依法处理。',
  receptionist: '王五',
  recorder: '赵六',
  opinion: '',
};

/** Sample 检举控告明白卡 data. */
export const SAMPLE_RIGHTS: RightsCardData = {
  commissionName: '中共渑池县纪律检查委员会　渑池县监察委员会',
  hotline: '0398-12388',
  address: '渑池县韶州路88号县纪委监委信访室（邮编472400）',
  url: 'https://qf.example.gov.cn/r/mianchi',
  date: '2026-11-22',
};

/** Sample 实名举报受理告知书 data (accepted). */
export const SAMPLE_ACCEPTANCE: AcceptanceNoticeData = {
  number: '渑纪信〔2026〕0001号',
  reporterName: '张三',
  reportDate: '2026-11-10',
  channel: '12388举报网站',
  subject: '坡头乡张村党支部书记李四违规收受礼金',
  decision: { kind: 'accepted', acceptedDate: '2026-11-12' },
  commissionName: SAMPLE_COMMISSION,
  date: '2026-11-22',
  contact: '王五　0398-4812388',
};

/** Sample 实名举报结果反馈单 data. */
export const SAMPLE_FEEDBACK: ResultFeedbackData = {
  number: '渑纪反〔2026〕0007号',
  reporter: '张三',
  reportDate: '2026-09-03',
  accused: '李四，坡头乡张村党支部书记',
  problem: '反映李四在村集体土地流转中优亲厚友、违规收受购物卡。',
  result:
    '经核查，反映李四违规收受购物卡问题属实，已给予其党内警告处分并责令退还；反映土地流转优亲厚友问题查无实据，予以了结。',
  method: '当面反馈',
  feedbackBy: '王五',
  feedbackDate: '2026-11-20',
  commissionName: SAMPLE_COMMISSION,
};

/** Sample 信访件转办单 data. */
export const SAMPLE_TRANSFER: TransferSlipData = {
  number: '渑纪信转〔2026〕0015号',
  toAgency: '中共坡头乡纪律检查委员会',
  sourceNumber: 'XF-2026-000321',
  source: '12388举报网站',
  accused: '孙七，坡头乡民政所工作人员',
  summary: '反映孙七在办理低保审批过程中优亲厚友，将不符合条件的亲属纳入低保范围。',
  requirement: '请于2026年12月22日前报送办理结果',
  attachments: 2,
  commissionName: SAMPLE_COMMISSION,
  date: '2026-11-22',
  contactPerson: '王五',
  contactPhone: '0398-4812388',
};

/** Sample 复查申请转送函 data. */
export const SAMPLE_RECHECK_FORWARD: RecheckForwardData = {
  number: '渑纪信〔2026〕0042号',
  applicant: '赵六',
  toAgency: '中共三门峡市纪律检查委员会',
  accused: '孔某，渑池县水利局副局长',
  summary: '反映孔某在农田水利项目验收中收受施工方礼金。',
  result: '经核实，验收程序符合规定，反映问题不属实，予以了结。',
  closedOn: '2026-11-10',
  requestedOn: '2026-11-20',
  reason: '验收时没有调取施工方账目，请求复查。',
  dueOn: '2026-12-20',
  commissionName: SAMPLE_COMMISSION,
  date: '2026-11-23',
  contactPerson: '王五',
  contactPhone: '0398-4812388',
};

/** Sample 复核申请转送函 data. */
export const SAMPLE_REVIEW_FORWARD: ReviewForwardData = {
  number: '渑纪信〔2026〕0042号',
  applicant: '赵六',
  toAgency: '中共三门峡市纪律检查委员会',
  accused: '孔某，渑池县水利局副局长',
  summary: '反映孔某在农田水利项目验收中收受施工方礼金。',
  result: '经核实，验收程序符合规定，反映问题不属实，予以了结。',
  recheckOrgan: '渑池县纪委监委',
  recheckAnswer: '经复查，原办理意见认定事实清楚，维持原办理意见。',
  recheckAnsweredOn: '2026-12-15',
  requestedOn: '2026-12-28',
  reason: '复查没有听取我的意见，请求复核。',
  dueOn: '2027-01-27',
  commissionName: SAMPLE_COMMISSION,
  date: '2026-12-29',
  contactPerson: '王五',
  contactPhone: '0398-4812388',
};

/** Sample 信访案件结案呈批表 data. */
export const SAMPLE_CLOSING: ClosingApprovalData = {
  number: '渑纪结〔2026〕0003号',
  petitioner: '实名（已保护）',
  accused: '李四，坡头乡张村党支部书记',
  problem: '反映李四在村集体土地流转中优亲厚友、违规收受购物卡。',
  process: '2026年9月5日受理，经初步核实，调取土地流转合同及账目，谈话了解相关人员8人次。',
  result: '违规收受购物卡问题属实，给予党内警告处分；其余问题查无实据。已于2026年11月20日向信访人当面反馈。',
  handlerOpinion: '建议结案。',
};

/** Three sample villages for the poster. */
export const SAMPLE_VILLAGES: QrPosterInput[] = ['坡头乡张村', '仰韶镇仰韶村', '城关镇东关社区'].map(
  (regionName, i) => ({
    regionName,
    countyName: '河南省渑池县',
    commissionName: '中共渑池县纪委　渑池县监委',
    hotline: '0398-12388',
    url: `https://qf.example.gov.cn/r/mianchi/v${String(i + 1).padStart(3, '0')}`,
    note: '来访接待：县纪委监委信访室（工作日 8:30—12:00，14:30—17:30）',
  }),
);
