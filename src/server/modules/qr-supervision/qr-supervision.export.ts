/** The Excel columns of QR supervision: items and roster imports (no one's personal data). */
import type { XlsxColumn } from '../../http/xlsx.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { QR_ITEM_KIND_LABELS, QR_ITEM_STATUS_LABELS, ROSTER_STATUS_LABELS } from '../../shared/qr-supervision.codes.js';
import type { ItemView } from './qr-supervision.items.js';
import type { RosterLineView, RosterView } from './qr-supervision.rosters.js';

const yuan = (fen: number | null) => (fen === null ? null : fen / 100);
const day = (iso: string | null) => (iso ? toShanghaiDate(iso) : null);

/** Columns of the items' export. */
export function itemExportColumns(): XlsxColumn<ItemView>[] {
  return [
    { header: '类别', width: 10, value: (r) => QR_ITEM_KIND_LABELS[r.kind] },
    { header: '名称', width: 30, value: (r) => r.title },
    { header: '年度', width: 8, value: (r) => r.year },
    { header: '部门', width: 16, value: (r) => r.departmentName },
    { header: '状态', width: 10, value: (r) => QR_ITEM_STATUS_LABELS[r.status] },
    { header: '内容', width: 40, value: (r) => r.summary },
    { header: '补助对象', width: 24, value: (r) => r.eligibility },
    { header: '补助标准', width: 20, value: (r) => r.standard },
    { header: '申请方式', width: 24, value: (r) => r.applyWhere },
    { header: '金额（元）', value: (r) => yuan(r.budget) },
    { header: '承建单位', width: 20, value: (r) => r.contractor },
    { header: '进度', width: 20, value: (r) => r.progress },
    { header: '验收', width: 20, value: (r) => r.acceptance },
    {
      header: '涉及村及分配（元）',
      width: 40,
      value: (r) =>
        r.allocations
          .map((a) => `${a.villageName}${a.amount === null ? '' : ` ${(a.amount / 100).toFixed(2)}`}`)
          .join('；'),
    },
    { header: '公开日期', value: (r) => day(r.publishedAt) },
    { header: '二维码地址', width: 40, value: (r) => r.publicUrl },
  ];
}

/** Columns of the roster imports' export. */
export function rosterExportColumns(): XlsxColumn<RosterView>[] {
  return [
    { header: '补贴名称', width: 30, value: (r) => r.title },
    { header: '年度', width: 8, value: (r) => r.year },
    { header: '对应事项', width: 24, value: (r) => r.itemTitle },
    { header: '部门', width: 16, value: (r) => r.departmentName },
    { header: '结果', width: 14, value: (r) => ROSTER_STATUS_LABELS[r.status] },
    { header: '笔数', width: 8, value: (r) => r.lineCount },
    { header: '合计（元）', value: (r) => r.totalAmount / 100 },
    { header: '不合格行数', width: 10, value: (r) => r.problemCount },
    { header: '文件', width: 24, value: (r) => r.fileName },
    { header: '导入日期', value: (r) => day(r.createdAt) },
  ];
}

/** Columns of a roster's lines export: masked as on the page (a file fit to post or pass on). */
export function rosterLineExportColumns(): XlsxColumn<RosterLineView>[] {
  return [
    { header: '序号', width: 8, value: (l) => l.seq },
    { header: '姓名', width: 12, value: (l) => l.name },
    { header: '身份证号码（脱敏）', width: 22, value: (l) => l.idNumber },
    { header: '户主', width: 12, value: (l) => l.household },
    { header: '银行账号（脱敏）', width: 22, value: (l) => l.account },
    { header: '账户持有人', width: 12, value: (l) => l.holder },
    { header: '金额（元）', value: (l) => l.amount / 100 },
    { header: '发放日期', width: 12, value: (l) => l.paidOn },
    { header: '审批人', width: 16, value: (l) => l.approver },
  ];
}
