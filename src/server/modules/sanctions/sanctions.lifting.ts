/**
 * Automatic lifting (ZW 第二十六条) and the end of party effect periods: a daily job
 * (`sanctions.lift`) finds every decided state sanction whose period has run out (`liftingDue`)
 * and lifts it — `lifted_on` is the period's `liftsOn` (the day after `effect_end`), whatever day
 * the job runs, so a job that did not run over a holiday lifts with the right date afterwards —
 * with a trail step, a notice to the person's unit (`sanction_notices` kind `lifting`) and the
 * audit, in one transaction per record. Lifting 降级 or 撤职 restores neither rank nor pay (ZW
 * 第二十七条): the trail and the notice say so. A party sanction (警告, 严重警告, 撤销党内职务) whose
 * effect period has ended gets `effect_ended` and its `lifted_on` the same way (no notice), as does a
 * restored 留党察看 when its restriction after restoration has run out (`restriction_end`), and an
 * expulsion when its 5 years before re-admission (CF23 第十三条, `readmission_after`) are over:
 * `readmission_bar_ended` on the trail, `lifted_on` its `readmission_after`. A state
 * sanction is held back when the person received another state sanction decided inside its period
 * (ZW 第二十六条: no new violation calling for one). Idempotent: a lifted record is never read again.
 */
import type { Kysely } from 'kysely';
import type { DialectHelpers } from '../../db/dialect.js';
import { transact } from '../../db/durability.js';
import type { Database } from '../../db/types.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import type { Clock } from '../../shared/clock.js';
import { newId } from '../../shared/ids.js';
import type { JobDefinition } from '../../shared/module.js';
import { SANCTION_EVENT_LABELS, STATE_SANCTION_LABELS, type StateSanction } from '../../shared/sanctions.codes.js';
import { appendAuditEvent } from '../audit/index.js';
import { addDays } from './sanctions.dates.js';
import { periodOfRow } from './sanctions.import.js';
import { liftingDue } from './sanctions.periods.js';
import type { SanctionRow } from './sanctions.tables.js';

/** What one run of the lifting did. */
export interface LiftingRun {
  /** The day it ran for (Asia/Shanghai). */
  today: string;
  /** State sanctions lifted. */
  lifted: string[];
  /** Party records whose effect period ended. */
  ended: string[];
  /** State sanctions due but held back by a later state sanction decided inside their period. */
  held: string[];
}

/** The party sanctions with an effect period that simply ends (留党察看 ends by a decision, 开除党籍 never). */
const ENDING_PARTY_KINDS = ['warning', 'serious_warning', 'post_removal'];
/** How many records one run takes (the rest the next day, or the next run). */
const BATCH = 500;

/** The words on the record and the notice when a state sanction lifts. */
export function liftingNote(row: Pick<SanctionRow, 'kind' | 'effect_end'>, liftsOn: string): string {
  const label = STATE_SANCTION_LABELS[row.kind as StateSanction] ?? row.kind;
  const rank =
    row.kind === 'demotion' || row.kind === 'removal'
      ? '解除降级、撤职处分的，不视为恢复原级别、原职务'
      : '解除处分后，晋升职务、职级、衔级、级别、岗位和职员等级、职称、薪酬待遇不再受原处分影响，但不恢复受处分前的职务、职级等';
  return `${label}处分期（至${row.effect_end}）已满，自${liftsOn}起自动解除（《公职人员政务处分法》第二十六条）；${rank}。`;
}

/**
 * Lifts every state sanction due on `today` (default: the clock's Shanghai date) and ends every
 * party effect period run out, one transaction per record, each version-checked (a record
 * changed meanwhile is left for the next run). Returns what it did.
 */
export async function liftDueSanctions(
  db: Kysely<Database>,
  dialect: DialectHelpers,
  clock: Clock,
  today: string = toShanghaiDate(new Date(clock.nowMs()).toISOString()),
): Promise<LiftingRun> {
  const run: LiftingRun = { today, lifted: [], ended: [], held: [] };
  // effect_end < today: the period's last day is behind us, so it lifts on or before today.
  const due = await db
    .selectFrom('sanctions as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .exists(
          eb
            .selectFrom('sanctions as n')
            .select('n.id')
            .whereRef('n.subject_id', '=', 's.subject_id')
            .whereRef('n.id', '<>', 's.id')
            .where('n.system', '=', 'state')
            .where('n.status', '=', 'decided')
            .whereRef('n.decided_on', '>', 's.effect_start')
            .whereRef('n.decided_on', '<=', 's.effect_end'),
        )
        .as('newer'),
    )
    .where('s.status', '=', 'decided')
    .where('s.lifted_on', 'is', null)
    .where('s.superseded_by', 'is', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('s.system', '=', 'state'), eb('s.effect_end', '<', today)]),
        eb.and([eb('s.system', '=', 'party'), eb('s.kind', 'in', ENDING_PARTY_KINDS), eb('s.effect_end', '<', today)]),
        // An expulsion: the 5 years before re-admission end the day before `readmission_after`.
        eb.and([
          eb('s.system', '=', 'party'),
          eb('s.kind', '=', 'expulsion'),
          eb('s.readmission_after', 'is not', null),
          eb('s.readmission_after', '<=', today),
        ]),
        // A restored 留党察看: its restriction after restoration is its end.
        eb.and([
          eb('s.system', '=', 'party'),
          eb('s.kind', '=', 'probation'),
          eb('s.probation_outcome', '=', 'restore'),
          eb('s.restriction_end', '<', today),
        ]),
      ]),
    )
    .orderBy('s.effect_end')
    .orderBy('s.id')
    .limit(BATCH)
    .execute();
  for (const item of due) {
    const { newer, ...row } = item;
    const period = periodOfRow(row);
    if (!period) continue;
    const restored = row.kind === 'probation' && row.restriction_end !== null;
    const expelled = row.system === 'party' && row.kind === 'expulsion';
    if (expelled && !row.readmission_after) continue;
    const liftsOn = restored ? addDays(row.restriction_end!, 1) : expelled ? row.readmission_after! : period.liftsOn;
    const lastDay = restored ? row.restriction_end! : expelled ? addDays(liftsOn, -1) : row.effect_end;
    if (row.system === 'state') {
      if (Number(newer) === 1) {
        run.held.push(row.id);
        continue;
      }
      if (!liftingDue(period, today)) continue;
    }
    const done = await transact(db, async (trx) => {
      const at = new Date(clock.nowMs()).toISOString();
      const state = row.system === 'state';
      const action = state ? 'lifted' : expelled ? 'readmission_bar_ended' : 'effect_ended';
      const note = state
        ? liftingNote(row, period.liftsOn)
        : expelled
          ? `开除党籍五年内不得重新入党的期限（至${lastDay}）已满，自${liftsOn}起可以依照党章重新申请入党（CF23 第十三条）。`
          : `${restored ? '恢复党员权利后的任职限制' : '影响期'}（至${lastDay}）已满，自${liftsOn}起不再受该处分影响。`;
      const res = await trx
        .updateTable('sanctions')
        .set({ lifted_on: liftsOn, version: row.version + 1, updated_at: at })
        .where('id', '=', row.id)
        .where('version', '=', row.version)
        .where('lifted_on', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) return false;
      await trx
        .insertInto('sanction_events')
        .values({
          id: newId(),
          sanction_id: row.id,
          at,
          actor_id: null,
          actor_name: '系统',
          action,
          label: SANCTION_EVENT_LABELS[action],
          note,
        })
        .execute();
      if (state) {
        await trx
          .insertInto('sanction_notices')
          .values({
            id: newId(),
            sanction_id: row.id,
            kind: 'lifting',
            unit_id: null,
            recipient: row.person_employer ?? `${row.person_name}所在单位`,
            sent_on: today,
            note,
            created_by: null,
            created_at: at,
          })
          .execute();
        await trx
          .insertInto('sanction_events')
          .values({
            id: newId(),
            sanction_id: row.id,
            at,
            actor_id: null,
            actor_name: '系统',
            action: 'notice',
            label: SANCTION_EVENT_LABELS.notice,
            note: `解除处分通知${row.person_employer ?? `${row.person_name}所在单位`}`,
          })
          .execute();
      }
      await appendAuditEvent(trx, dialect, {
        occurredAt: at,
        actorUserId: null,
        actorUsername: null,
        requestId: null,
        action: state ? 'sanction.lifted' : expelled ? 'sanction.readmission_bar_ended' : 'sanction.effect_ended',
        resourceType: 'sanction',
        resourceId: row.id,
        unitId: row.owner_unit_id,
        changes: { lifted_on: [null, liftsOn] },
      });
      return true;
    });
    if (done) (row.system === 'state' ? run.lifted : run.ended).push(row.id);
  }
  return run;
}

/** The lifting job: `sanctions.lift`, enqueued daily by `serve` and `worker`. */
export const liftingJobs: readonly JobDefinition[] = [
  {
    kind: 'sanctions.lift',
    every: 'day',
    async run(_payload, _job, env) {
      const run = await liftDueSanctions(env.db, env.dialect, env.clock);
      if (run.lifted.length + run.ended.length + run.held.length > 0)
        env.log.info(
          { lifted: run.lifted.length, ended: run.ended.length, held: run.held.length },
          'sanctions lifted or ended',
        );
    },
  },
];
