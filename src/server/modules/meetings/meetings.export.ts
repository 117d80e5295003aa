/**
 * The Excel export of the meetings calendar (issue 15 §4): exactly the meetings the calendar's
 * filters select for this reader (scope in SQL, as the list), at most `MEETING_EXPORT_CAP`, with
 * one `meeting.export` audit event naming every meeting, in the read's transaction. The
 * clue-review meetings stay the clues module's and are not exported.
 */
import type { XlsxColumn } from '../../shared/spreadsheet/sheet.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from '../../shared/meetings.codes.js';
import { recordAudit } from '../audit/index.js';
import { type MeetingLine, type MeetingQuery, listMeetings } from './meetings.service.js';

/** The most meetings one export holds; more is MEETING_EXPORT_TOO_LARGE (narrow the filters). */
export const MEETING_EXPORT_CAP = 10_000;

/** The calendar's filters without the page. */
export type MeetingFilter = Omit<MeetingQuery, 'page' | 'pageSize'>;

/**
 * The meetings the filters select, by date, audited. MEETING_EXPORT_TOO_LARGE past `cap` (a
 * parameter so a test can reach it without writing ten thousand meetings): nothing is audited.
 */
export async function exportMeetings(
  ctx: Ctx,
  filter: MeetingFilter,
  cap: number = MEETING_EXPORT_CAP,
): Promise<MeetingLine[]> {
  return inTransaction(ctx, async (tx) => {
    const { items } = await listMeetings(tx, { ...filter, page: 1, pageSize: cap + 1 });
    if (items.length > cap) throw domainError('MEETING_EXPORT_TOO_LARGE', { max: cap });
    await recordAudit(tx, {
      action: 'meeting.export',
      resourceType: 'meeting',
      changes: { filters: [null, filter], meetings: [null, items.map((m) => m.id)] },
    });
    return items;
  });
}

/** The export's columns (Chinese headers; dates as the calendar shows them, Asia/Shanghai). */
export function meetingExportColumns(): XlsxColumn<MeetingLine>[] {
  return [
    { header: '会议名称', width: 36, value: (m) => m.title },
    { header: '会议类型', width: 14, value: (m) => MEETING_KIND_LABELS[m.kind] ?? m.kind },
    { header: '协作区', width: 16, value: (m) => m.zoneName },
    { header: '所属期间', width: 16, value: (m) => m.periodLabel ?? '' },
    { header: '召开日期', width: 12, text: true, value: (m) => m.heldOn },
    { header: '开始时间', width: 8, text: true, value: (m) => m.startsAt },
    { header: '地点', width: 24, value: (m) => m.place },
    { header: '主持人', width: 10, value: (m) => m.chairName },
    { header: '状态', width: 10, value: (m) => MEETING_STATUS_LABELS[m.status] ?? m.status },
    { header: '述职材料提交期限', width: 14, text: true, value: (m) => m.materialsDueOn ?? '' },
    { header: '安排方式', width: 10, value: (m) => (m.auto ? '按工作节奏安排' : '手动安排') },
  ];
}
