/** The disclosure's Excel columns: versions, a version's lines (masked), the calendar. */
import type { XlsxColumn } from '../../http/xlsx.js';
import {
  DISCLOSURE_DIRECTION_LABELS,
  DISCLOSURE_KIND_LABELS,
  DISCLOSURE_STATUS_LABELS,
  FINANCE_CYCLE_LABELS,
  PAYMENT_METHOD_LABELS,
} from '../../shared/disclosure.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { CalendarLine } from './disclosure.calendar.js';
import type { BatchLine, ShownLine } from './disclosure.read.js';

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const day = (iso: string | null) => (iso ? toShanghaiDate(iso) : null);

/** Columns of the versions' export. */
export function batchExportColumns(): XlsxColumn<BatchLine>[] {
  return [
    { header: '村', width: 16, value: (r) => r.villageName },
    { header: '类别', value: (r) => DISCLOSURE_KIND_LABELS[r.kind] },
    { header: '期间或事项', width: 24, value: (r) => r.periodLabel },
    { header: '版本', width: 8, value: (r) => r.version },
    { header: '状态', width: 20, value: (r) => DISCLOSURE_STATUS_LABELS[r.status] },
    { header: '笔数', width: 8, value: (r) => r.lineCount },
    { header: '期初余额（元）', value: (r) => yuan(r.openingBalance) },
    { header: '收入（元）', value: (r) => yuan(r.incomeTotal) },
    { header: '支出（元）', value: (r) => yuan(r.expenseTotal) },
    { header: '期末余额（元）', value: (r) => yuan(r.closingBalance) },
    { header: '更正原因', width: 30, value: (r) => r.correctionReason },
    { header: '审核签字', value: (r) => r.signedByName },
    { header: '公开日期', value: (r) => day(r.publishedAt) },
    { header: '被更正日期', value: (r) => day(r.supersededAt) },
  ];
}

/** Columns of a version's lines (masked, as published). */
export function lineExportColumns(): XlsxColumn<ShownLine>[] {
  return [
    { header: '凭证号', value: (r) => r.voucherNo },
    { header: '日期', value: (r) => r.occurredOn },
    { header: '收支', width: 8, value: (r) => DISCLOSURE_DIRECTION_LABELS[r.direction] },
    { header: '对方单位或个人', width: 24, value: (r) => r.counterparty },
    { header: '证件号码（脱敏）', width: 22, value: (r) => r.partyNumber },
    { header: '金额（元）', value: (r) => r.amount / 100 },
    { header: '结算方式', width: 8, value: (r) => PAYMENT_METHOD_LABELS[r.paymentMethod] },
    { header: '银行账号（脱敏）', value: (r) => r.account },
    { header: '用途摘要', width: 30, value: (r) => r.purpose },
    { header: '类别', value: (r) => r.category },
    { header: '审批流程', width: 20, value: (r) => r.approvalPath },
    { header: '审批人', value: (r) => r.approvers },
    {
      header: '更正标记',
      width: 10,
      value: (r) => (r.change === 'added' ? '更正新增' : r.change === 'changed' ? '更正修改' : null),
    },
  ];
}

/** Columns of the calendar's export. */
export function calendarExportColumns(): XlsxColumn<CalendarLine>[] {
  return [
    { header: '乡镇', value: (r) => r.townshipName },
    { header: '村', value: (r) => r.villageName },
    { header: '财务公开周期', value: (r) => FINANCE_CYCLE_LABELS[r.financeCycle] },
    { header: '财务最近公开期间', value: (r) => r.lastPublished },
    { header: '财务应公开期间', value: (r) => r.duePeriodLabel },
    { header: '财务应公开日期', value: (r) => r.dueOn },
    { header: '财务是否逾期', width: 8, value: (r) => (r.financeOverdue ? '逾期' : '') },
    { header: '一般事项最近公开季度', value: (r) => r.generalLastPublished },
    { header: '一般事项应公开季度', value: (r) => r.generalDuePeriodLabel },
    { header: '一般事项应公开日期', value: (r) => r.generalDueOn },
    { header: '一般事项是否逾期', width: 8, value: (r) => (r.generalOverdue ? '逾期' : '') },
    { header: '最近公开的重大事项（随时公开）', width: 30, value: (r) => r.lastMajorTitle },
    { header: '重大事项公开日期', value: (r) => day(r.lastMajorAt) },
    { header: '近90日重大事项', width: 8, value: (r) => r.majorCount90 },
    { header: '是否逾期', width: 8, value: (r) => (r.overdue ? '逾期' : '') },
  ];
}
