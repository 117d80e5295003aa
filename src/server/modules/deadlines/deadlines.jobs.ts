/** Jobs of the deadlines module: reminders of clocks that became due soon or overdue. */
import type { Kysely } from 'kysely';
import { transact } from '../../db/durability.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Clock } from '../../shared/clock.js';
import type { JobDefinition } from '../../shared/module.js';
import { notify, usersCovering } from '../notifications/index.js';
import { loadCatalogue, ruleOfClock } from './deadlines.catalogue.js';
import { DEADLINE_KINDS, DUE_SOON_DAYS, type DeadlineKind, addDays, markReminded } from './deadlines.service.js';

/**
 * The reminder job: for every running clock that became due soon or overdue since the last
 * run, notifies the people who handle reports in its unit (report.manage in scope). Each clock
 * is reminded once per stage; running it twice a day sends nothing new.
 */
export async function sendDeadlineReminders(db: Kysely<Database>, clock: Clock): Promise<number> {
  const now = new Date(clock.nowMs()).toISOString();
  const today = toShanghaiDate(now);
  const rows = await db
    .selectFrom('deadlines as d')
    .leftJoin('reports as r', (j) => j.onRef('r.id', '=', 'd.resource_id').on('d.resource_type', '=', 'report'))
    .select([
      'd.id',
      'd.kind',
      'd.rule_id',
      'd.due_on',
      'd.reminded_stage',
      'd.resource_type',
      'd.resource_id',
      'd.owner_unit_id',
      'd.owner_unit_path',
      'd.region_path',
      'r.number',
      'r.subject_name',
    ])
    .where('d.met_at', 'is', null)
    .where('d.due_on', '<=', addDays(today, DUE_SOON_DAYS))
    .where((eb) => eb.or([eb('d.reminded_stage', 'is', null), eb('d.reminded_stage', '!=', 'overdue')]))
    .execute();
  const catalogue = await loadCatalogue(db, clock.nowMs());
  let sent = 0;
  for (const d of rows) {
    const stage = d.due_on < today ? 'overdue' : 'due_soon';
    if (d.reminded_stage === stage) continue;
    const label = ruleOfClock(catalogue, d)?.label ?? DEADLINE_KINDS[d.kind as DeadlineKind]?.label ?? d.kind;
    const what = d.number ? `${d.number}（${d.subject_name ?? ''}）` : (d.subject_name ?? '');
    const users = await usersCovering(db, clock.nowMs(), 'report.manage', d);
    await transact(db, async (trx) => {
      sent += await notify(trx, now, users, {
        kind: stage === 'overdue' ? 'deadline_overdue' : 'deadline_due_soon',
        title: stage === 'overdue' ? `已超期：${label}` : `即将到期：${label}`,
        body: `${what} 的“${label}”时限为 ${d.due_on}${stage === 'overdue' ? '，已超期' : ''}。`,
        resourceType: d.resource_type,
        resourceId: d.resource_id,
        dedupeKey: `deadline:${d.id}:${stage}`,
      });
      await markReminded(trx, d.id, stage);
    });
  }
  return sent;
}

/** The module's jobs: `deadlines.remind`, enqueued every hour by `serve` and `worker`. */
export const deadlineJobs: JobDefinition[] = [
  {
    kind: 'deadlines.remind',
    every: 'hour',
    run: async (_payload, _job, env) => {
      await sendDeadlineReminders(env.db, env.clock);
    },
  },
];
