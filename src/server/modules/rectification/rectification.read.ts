/**
 * Reading one item in full (its history, files, sub-items, relapses, escalations, extensions and which
 * sides the reader is on) and the ledger's Excel export: exactly the filtered rows, at most
 * `EXPORT_CAP`, read in the transaction that records the export's audit event naming every item.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import {
  PROBLEM_SEVERITY_LABELS,
  RECTIFICATION_ESCALATION_LABELS,
  RECTIFICATION_SOURCE_LABELS,
  RECTIFICATION_STATUS_LABELS,
} from '../../shared/rectification.codes.js';
import type { XlsxColumn } from '../../shared/spreadsheet/sheet.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type EscalationView, itemEscalations } from './rectification.escalation.js';
import { type ExtensionView, itemExtensions } from './rectification.extensions.js';
import { type ItemFileView, itemFiles } from './rectification.files.js';
import { type ItemView, itemView, itemsQuery, presentItem, sidesOf, todayOf } from './rectification.items.js';
import { type LedgerQuery, ledgerQuery } from './rectification.ledger.js';
import { rectificationListWhere, rectificationPolicy } from './rectification.policy.js';

/** One event of an item's history. */
export interface ItemEventView {
  kind: string;
  note: string | null;
  details: unknown;
  userName: string | null;
  at: string;
}

/** An item in full. */
export interface ItemDetail extends ItemView {
  events: ItemEventView[];
  files: ItemFileView[];
  subItems: ItemView[];
  /** Items opened because a 回头看 of this one found the problem back (the other end of `relapseOf`). */
  relapses: ItemView[];
  escalations: EscalationView[];
  extensions: ExtensionView[];
  /** The reader's sides: the issuer side (accepts, escalates), the responsible side (works it). */
  sides: { issuer: boolean; owner: boolean };
}

/** Item `id` in full (NOT_FOUND outside both sides' read scope). */
export async function readItem(ctx: Ctx, id: string): Promise<ItemDetail> {
  return inTransaction(ctx, async (tx) => {
    await loadInScope(tx, rectificationPolicy, id, 'read');
    const today = todayOf(tx);
    const [view, events, files, subs, relapses, escalations, extensions, sides] = await Promise.all([
      itemView(tx, id),
      tx.db
        .selectFrom('rectification_events')
        .select(['kind', 'note', 'details', 'user_name', 'at'])
        .where('item_id', '=', id)
        .orderBy('at')
        .orderBy('id')
        .execute(),
      itemFiles(tx, id),
      itemsQuery(tx)
        .selectAll('i')
        .select(['ou.name as owner_unit_name', 'iu.name as issuer_unit_name'])
        .where('i.parent_id', '=', id)
        .orderBy('i.created_at')
        .orderBy('i.id')
        .execute(),
      itemsQuery(tx)
        .selectAll('i')
        .select(['ou.name as owner_unit_name', 'iu.name as issuer_unit_name'])
        .where('i.relapse_of', '=', id)
        .where((eb) => rectificationListWhere(tx, 'i')(eb as never))
        .orderBy('i.created_at')
        .orderBy('i.id')
        .execute(),
      itemEscalations(tx, id),
      itemExtensions(tx, id),
      sidesOf(tx, id),
    ]);
    return {
      ...view,
      events: events.map((e) => ({
        kind: e.kind,
        note: e.note,
        details: e.details ? (JSON.parse(e.details) as unknown) : null,
        userName: e.user_name,
        at: e.at,
      })),
      files,
      subItems: subs.map((r) => presentItem(r, today)),
      relapses: relapses.map((r) => presentItem(r, today)),
      escalations,
      extensions,
      sides,
    };
  });
}

/** Most rows one export carries (narrow the filters for more). */
export const EXPORT_CAP = 10_000;

/**
 * The filtered ledger for export, newest first, read in the transaction that records the
 * export's audit event (`rectification.export`: the filters and every item's id).
 * RECTIFICATION_EXPORT_TOO_LARGE beyond `EXPORT_CAP` rows.
 */
export async function exportItems(ctx: Ctx, q: LedgerQuery): Promise<ItemView[]> {
  return inTransaction(ctx, async (tx) => {
    const base = await ledgerQuery(tx, q);
    const rows = await base
      .selectAll('i')
      .select(['ou.name as owner_unit_name', 'iu.name as issuer_unit_name'])
      .orderBy('i.created_at', 'desc')
      .orderBy('i.id', 'desc')
      .limit(EXPORT_CAP + 1)
      .execute();
    if (rows.length > EXPORT_CAP) throw domainError('RECTIFICATION_EXPORT_TOO_LARGE', { max: EXPORT_CAP });
    await recordAudit(tx, {
      action: 'rectification.export',
      resourceType: 'rectification_item',
      changes: { filters: [null, q], items: [null, rows.map((r) => r.id)] },
    });
    const today = todayOf(tx);
    return rows.map((r) => presentItem(r, today));
  });
}

/** The export's columns (Chinese headers). */
export function exportColumns(): XlsxColumn<ItemView>[] {
  return [
    { header: '问题来源', width: 16, value: (r) => RECTIFICATION_SOURCE_LABELS[r.source] ?? r.source },
    { header: '来源文件', width: 24, value: (r) => r.sourceDocument ?? '' },
    { header: '问题', width: 48, value: (r) => r.problem },
    { header: '严重程度', width: 8, value: (r) => PROBLEM_SEVERITY_LABELS[r.severity] ?? r.severity },
    { header: '整改措施', width: 36, value: (r) => r.measures ?? '' },
    { header: '责任单位', width: 24, value: (r) => r.ownerUnitName },
    { header: '责任人', width: 10, value: (r) => r.responsiblePerson ?? '' },
    { header: '交办单位', width: 20, value: (r) => r.issuerUnitName },
    { header: '整改期限', width: 12, text: true, value: (r) => r.dueOn },
    { header: '原定期限', width: 12, text: true, value: (r) => r.originalDueOn },
    { header: '状态', width: 8, value: (r) => RECTIFICATION_STATUS_LABELS[r.status] ?? r.status },
    { header: '是否逾期', width: 8, value: (r) => (r.overdue ? '逾期' : '') },
    {
      header: '督办层级',
      width: 10,
      value: (r) => (r.escalation ? RECTIFICATION_ESCALATION_LABELS[r.escalation] : ''),
    },
    { header: '退回次数', width: 8, value: (r) => r.rejections },
    { header: '销号日期', width: 12, text: true, value: (r) => (r.closedAt ? toShanghaiDate(r.closedAt) : '') },
    { header: '回头看日期', width: 12, text: true, value: (r) => r.followUpOn ?? '' },
    { header: '交办时间', width: 20, text: true, value: (r) => r.createdAt },
  ];
}
