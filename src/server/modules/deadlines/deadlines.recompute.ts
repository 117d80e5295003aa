/**
 * Recomputing clocks when a calendar year changes: an administrator loads, edits or empties a
 * year (or a release ships one), and every open clock whose period crosses that year is replayed
 * with the calendar as it now stands, in the change's transaction, with one audit event naming
 * how many clocks were recomputed and every due date that moved.
 */
import { appendAuditEvent } from '../audit/index.js';
import type { CalendarChange } from '../calendar/index.js';
import { buildCatalogue, ruleOfClock } from './deadlines.catalogue.js';
import { computeClock, formatYears } from './deadlines.clock.js';
import { basisOf, clockEvents } from './deadlines.service.js';

/** A due date that moved. */
interface Moved {
  id: string;
  resourceType: string;
  resourceId: string;
  kind: string;
  from: string;
  to: string;
}

/**
 * Replays every open, running dated clock whose period crosses `change.year` (hour clocks never
 * look at the calendar; a paused clock is replayed when it resumes) and writes what changed: the
 * due date, the legal end, the uncovered years. Writes one `deadline.recompute` audit event when
 * anything changed. Runs inside the calendar change's transaction (see `onCalendarYearChanged`).
 */
export async function recomputeClocksCrossing(change: CalendarChange): Promise<{ recomputed: number; moved: number }> {
  const { db, calendar, year } = change;
  const rows = await db
    .selectFrom('deadlines')
    .selectAll()
    .where('met_at', 'is', null)
    .where('paused_at', 'is', null)
    .where('due_at', 'is', null)
    .where('due_on', '>=', `${year}-01-01`)
    .where('starts_on', '<=', `${year}-12-31`)
    .execute();
  if (rows.length === 0) return { recomputed: 0, moved: 0 };
  const catalogue = buildCatalogue(await db.selectFrom('timer_rules').selectAll().execute());
  const events = await clockEvents(
    db,
    rows.map((r) => r.id),
  );
  const moved: Moved[] = [];
  // Clocks whose only change is their flag are written in batches, one per new flag value.
  const flagOnly = new Map<string, string[]>();
  let recomputed = 0;
  for (const row of rows) {
    const rule = ruleOfClock(catalogue, row);
    if (!rule || (rule.amount === null && row.amount === null)) continue;
    const t = computeClock(calendar, basisOf(row, rule), events.get(row.id) ?? []);
    const flags = formatYears(t.uncoveredYears);
    const legalBefore = row.legal_due_on ?? row.due_on;
    if (t.dueOn === row.due_on && t.legalDueOn === legalBefore) {
      if (flags === row.uncovered_years) continue;
      flagOnly.set(flags, [...(flagOnly.get(flags) ?? []), row.id]);
      recomputed++;
      continue;
    }
    await db
      .updateTable('deadlines')
      .set({ due_on: t.dueOn, legal_due_on: t.legalDueOn, uncovered_years: flags, reminded_stage: null })
      .where('id', '=', row.id)
      .execute();
    recomputed++;
    if (t.dueOn !== row.due_on)
      moved.push({
        id: row.id,
        resourceType: row.resource_type,
        resourceId: row.resource_id,
        kind: row.kind,
        from: row.due_on,
        to: t.dueOn,
      });
  }
  for (const [flags, ids] of flagOnly)
    for (let i = 0; i < ids.length; i += 500)
      await db
        .updateTable('deadlines')
        .set({ uncovered_years: flags })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
  if (recomputed > 0)
    await appendAuditEvent(db, change.dialect, {
      occurredAt: change.at,
      actorUserId: change.actor?.userId ?? null,
      actorUsername: change.actor?.username ?? null,
      requestId: change.requestId,
      action: 'deadline.recompute',
      resourceType: 'calendar_year',
      resourceId: String(year),
      changes: {
        recomputed: [null, recomputed],
        dueMoved: [null, moved.map((m) => `${m.resourceType}/${m.resourceId}/${m.kind}: ${m.from} → ${m.to}`)],
      },
    });
  return { recomputed, moved: moved.length };
}
