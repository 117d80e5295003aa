/**
 * Pure helpers of the meeting pages (no React, unit-tested in test/console): the month's special
 * days as spans for the calendar, and agenda items as the server takes them back — an item
 * accepted from the proposed agenda keeps its source and record, so it reads as what it is
 * (整改事项, 问题线索, 审查调查案件 …) and not as 其他议题.
 */
import dayjs from 'dayjs';
import type { AgendaItem } from '../../api/meetings.js';
import type { CalendarDay } from '../../api/types.js';

/** Consecutive days of one name and kind, as one line ("10月1日—10月7日 国庆节"). */
export interface HolidaySpan {
  first: string;
  last: string;
  kind: CalendarDay['kind'];
  name: string;
}

/** Groups special days into spans of consecutive days of the same name and kind, by date. */
export function holidaySpans(days: readonly CalendarDay[]): HolidaySpan[] {
  const spans: HolidaySpan[] = [];
  const next = (date: string) => dayjs(date).add(1, 'day').format('YYYY-MM-DD');
  for (const d of [...days].sort((a, b) => a.date.localeCompare(b.date))) {
    const last = spans.at(-1);
    if (last && last.kind === d.kind && last.name === d.name && next(last.last) === d.date) last.last = d.date;
    else spans.push({ first: d.date, last: d.date, kind: d.kind, name: d.name });
  }
  return spans;
}

/** An agenda item as sent: its source and record kept. */
export function agendaInput(a: Pick<AgendaItem, 'title' | 'detail' | 'source' | 'refId'>) {
  return { title: a.title.slice(0, 200), detail: a.detail ?? null, source: a.source, refId: a.refId };
}

/** A row of the agenda being edited; source, record and original title ride along unseen. */
export interface AgendaRow {
  title: string;
  detail?: string;
  source?: AgendaItem['source'];
  refId?: string | null;
  originalTitle?: string;
}

/**
 * An edited row as sent. A row accepted from a record keeps its source whatever its wording; one
 * accepted without a record (an overdue-clock count, a township's reminder) is matched by its
 * title, so once reworded it is the chair's own item (其他议题).
 */
export function editedAgendaInput(r: AgendaRow) {
  const title = r.title.trim();
  const keeps = !!r.source && r.source !== 'custom' && (!!r.refId || title === r.originalTitle);
  return {
    title,
    detail: r.detail?.trim() || null,
    source: keeps ? r.source! : ('custom' as const),
    refId: keeps ? (r.refId ?? null) : null,
  };
}

/** Whether the chair's agenda already holds a proposed item: its record, or for a count without one its title. */
export function isAccepted(agenda: readonly Pick<AgendaItem, 'source' | 'refId' | 'title'>[], a: AgendaItem): boolean {
  return agenda.some((c) => c.source === a.source && (a.refId ? c.refId === a.refId : c.title === a.title));
}
