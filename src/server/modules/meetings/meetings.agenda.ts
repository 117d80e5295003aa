/**
 * The proposed agenda of a meeting, computed from the zone's records as the reader may see them:
 * open rectification items of the zone (read through the rectification module's
 * `rectificationListWhere`), open clues and cases under way in the zone's townships (each module's
 * list predicate), overdue clocks counted per township, and for a 半年推进会 the reminders and
 * admonitions for the townships that lag (督促提醒: overdue rectification items and overdue clocks
 * per township). Items added by hand follow. Frozen into the meeting when its minutes are recorded.
 */
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { CASE_STATUS_LABELS, type CaseStatus } from '../../shared/cases.codes.js';
import { CLUE_STATUS_LABELS, type ClueStatus } from '../../shared/clues.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { AGENDA_SOURCES, type AgendaSource } from '../../shared/meetings.codes.js';
import { RECTIFICATION_OUTSTANDING } from '../../shared/rectification.codes.js';
import { visibleWhere } from '../access/index.js';
import { caseLineWhere } from '../cases/index.js';
import { cluePolicy } from '../clues/index.js';
import { rectificationListWhere } from '../rectification/index.js';
import type { MeetingRow } from './meetings.tables.js';

type Eb = ExpressionBuilder<Database, never>;

/** One agenda item. */
export interface AgendaItem {
  source: AgendaSource;
  /** The record it is about (rectification item, clue, case), or null. */
  refId: string | null;
  title: string;
  detail: string | null;
  dueOn: string | null;
  overdue: boolean;
}

/** How many items of each proposed section at most. */
const SECTION_LIMIT = 30;

/** The zone's current townships: code, name, region path. */
export async function zoneTownships(ctx: Ctx, zoneId: string) {
  const today = toShanghaiDate(nowIso(ctx));
  return ctx.db
    .selectFrom('zone_memberships as zm')
    .innerJoin('regions as r', 'r.code', 'zm.township_code')
    .select(['r.code', 'r.name', 'r.path'])
    .where('zm.zone_id', '=', zoneId)
    .where('zm.effective_from', '<=', today)
    .where((eb) => eb.or([eb('zm.effective_to', 'is', null), eb('zm.effective_to', '>', today)]))
    .orderBy('r.code')
    .execute();
}

/** "`column` lies under one of `paths`" (region paths end in '/'). */
export function underAny(eb: Eb, column: string, paths: readonly string[]): Expression<SqlBool> {
  if (paths.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or(
    paths.map((p) => sql<SqlBool>`(${sql.ref(column)} >= ${p} and ${sql.ref(column)} < ${p.slice(0, -1) + '0'})`),
  );
}

const has = (ctx: Ctx, permission: string) => ctx.actor?.permissions.has(permission as never) ?? false;

/** The proposed sections (without the items added by hand). */
export async function proposedAgenda(ctx: Ctx, meeting: Pick<MeetingRow, 'zone_id' | 'kind'>): Promise<AgendaItem[]> {
  const today = toShanghaiDate(nowIso(ctx));
  const townships = await zoneTownships(ctx, meeting.zone_id);
  const paths = townships.map((t) => t.path);
  const out: AgendaItem[] = [];

  if (has(ctx, 'rectification.read')) {
    const items = await ctx.db
      .selectFrom('rectification_items as i')
      .innerJoin('units as u', 'u.id', 'i.owner_unit_id')
      .select(['i.id', 'i.problem', 'i.due_on', 'i.status', 'u.name as unit_name'])
      .where('i.zone_id', '=', meeting.zone_id)
      .where('i.status', 'in', [...RECTIFICATION_OUTSTANDING])
      .where((eb) => rectificationListWhere(ctx, 'i')(eb as Eb))
      .orderBy('i.due_on')
      .orderBy('i.id')
      .limit(SECTION_LIMIT)
      .execute();
    for (const i of items)
      out.push({
        source: 'rectification',
        refId: i.id,
        title: i.problem,
        detail: `责任单位：${i.unit_name}`,
        dueOn: i.due_on,
        overdue: i.due_on < today,
      });
  }

  if (has(ctx, 'clue.read')) {
    const clues = await ctx.db
      .selectFrom('clues as c')
      .select(['c.id', 'c.number', 'c.status', 'c.summary'])
      .where('c.status', 'not in', ['concluded', 'transferred'])
      .where((eb) => underAny(eb as Eb, 'c.region_path', paths))
      .where((eb) => visibleWhere(ctx, cluePolicy, 'read', { alias: 'c' })(eb))
      .orderBy('c.received_at')
      .limit(SECTION_LIMIT)
      .execute();
    for (const c of clues)
      out.push({
        source: 'clue',
        refId: c.id,
        title: `${c.number} ${c.summary.slice(0, 40)}`,
        detail: CLUE_STATUS_LABELS[c.status as ClueStatus] ?? c.status,
        dueOn: null,
        overdue: false,
      });
  }

  if (has(ctx, 'case.read')) {
    const cases = await ctx.db
      .selectFrom('cases as c')
      .select(['c.id', 'c.number', 'c.title', 'c.status'])
      .where('c.status', 'in', ['filed', 'investigating', 'facts_shown', 'reported', 'transferred'])
      .where((eb) => underAny(eb as Eb, 'c.region_path', paths))
      .where((eb) => caseLineWhere(ctx, 'c')(eb as never))
      .orderBy('c.created_at')
      .limit(SECTION_LIMIT)
      .execute();
    for (const c of cases)
      out.push({
        source: 'case',
        refId: c.id,
        title: `${c.number ?? ''} ${c.title}`.trim(),
        detail: CASE_STATUS_LABELS[c.status as CaseStatus] ?? c.status,
        dueOn: null,
        overdue: false,
      });
  }

  // Overdue clocks and (for a 推进会) the lagging townships: counts per township, no record shown.
  const lagging: { n: number; item: AgendaItem }[] = [];
  for (const t of townships) {
    const clocks = await ctx.db
      .selectFrom('deadlines as d')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('d.due_on').as('first')])
      .where('d.met_at', 'is', null)
      .where('d.due_on', '<', today)
      .where((eb) => underAny(eb as Eb, 'd.region_path', [t.path]))
      .executeTakeFirstOrThrow();
    const clockCount = Number(clocks.n);
    if (clockCount > 0)
      out.push({
        source: 'clock',
        refId: null,
        title: `${t.name}：超期未办结时限${clockCount}项`,
        detail: null,
        dueOn: clocks.first ?? null,
        overdue: true,
      });
    if (meeting.kind !== 'progress_meeting') continue;
    const items = await ctx.db
      .selectFrom('rectification_items as i')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('i.zone_id', '=', meeting.zone_id)
      .where('i.status', 'in', [...RECTIFICATION_OUTSTANDING])
      .where('i.due_on', '<', today)
      .where((eb) => underAny(eb as Eb, 'i.region_path', [t.path]))
      .executeTakeFirstOrThrow();
    const itemCount = Number(items.n);
    if (clockCount + itemCount > 0)
      lagging.push({
        n: itemCount + clockCount,
        item: {
          source: 'lagging_township',
          refId: null,
          title: `督促提醒：${t.name}逾期未完成整改事项${itemCount}项、超期时限${clockCount}项`,
          detail: itemCount + clockCount >= 3 ? '拟约谈提醒乡镇纪委主要负责人' : '拟督促提醒',
          dueOn: null,
          overdue: true,
        },
      });
  }
  // The townships that lag most first.
  lagging.sort((a, b) => b.n - a.n);
  return [...out, ...lagging.map((l) => l.item)];
}

/**
 * The agenda as the chair set it, in order: items written by hand (`custom`) and items accepted
 * from the proposed agenda, with the source and record they were accepted from.
 */
export async function customAgenda(ctx: Ctx, meetingId: string): Promise<AgendaItem[]> {
  const rows = await ctx.db
    .selectFrom('meeting_agenda_items')
    .select(['title', 'detail', 'source', 'ref_id'])
    .where('meeting_id', '=', meetingId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({
    source: (AGENDA_SOURCES as readonly string[]).includes(r.source) ? (r.source as AgendaSource) : 'custom',
    refId: r.ref_id,
    title: r.title,
    detail: r.detail,
    dueOn: null,
    overdue: false,
  }));
}
