/**
 * Imported history: a sanction decided before Qingfeng (or by another body) entered for a
 * person's integrity file (廉政档案), so that "who is under an effect period today" and the
 * stacking of a new sanction (CF23 第二十一条) see it. The record is `decided` at once, its period
 * computed by the engine from `decidedOn` and stacked on the person's latest party period, its
 * four form fixed by the county's mapping; audited (`sanction.import`) in the same transaction.
 * Tests and the ledger benchmark build their sanctions through it.
 */
import {
  type FormOutcome,
  type LighterOutcome,
  type LimitedStateSubject,
  type Sanction,
  type ApprovingBody,
} from '../../shared/sanctions.codes.js';
import type { CadreAuthority } from '../../shared/org.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { addDays, addMonths, daysBetween } from './sanctions.dates.js';
import { fourFormsFor } from './sanctions.mapping.js';
import { type EffectPeriod, partyEffectPeriod, statePeriod } from './sanctions.periods.js';
import { addSanctionEvent } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The person a sanction is about. */
export interface SanctionPerson {
  /** The registry's subject (`subjects.id`), when known: the integrity file and stacking key on it. */
  subjectId?: string | null;
  name: string;
  position?: string | null;
  employer?: string | null;
  authority: CadreAuthority;
  limitedSubject?: LimitedStateSubject | null;
  partyMember: boolean;
  /** The person's region (`regions.code`): the record's region scope. */
  regionCode: string;
}

/** What is imported: the outcome (a sanction, or a lighter outcome), when and by whom it was decided. */
export interface ImportSanctionInput {
  person: SanctionPerson;
  outcome: Sanction | { system: 'lighter'; kind: LighterOutcome; major?: boolean };
  decidedOn: string;
  approvingBody?: ApprovingBody | null;
  approvingBodyName?: string | null;
  decisionRef?: string | null;
  summary: string;
  /** The commission that handled it (`units.id`): the record's owner scope. */
  ownerUnitId: string;
  zoneId?: string | null;
  handlingMode?: string | null;
}

/** The `FORM_OUTCOMES` key of an outcome. */
export function outcomeCodeOf(outcome: ImportSanctionInput['outcome']): FormOutcome {
  if (outcome.system === 'lighter') {
    if (outcome.kind === 'organisational_handling')
      return outcome.major ? 'lighter.organisational_major' : 'lighter.organisational_minor';
    return `lighter.${outcome.kind}` as FormOutcome;
  }
  return `${outcome.system}.${outcome.kind}` as FormOutcome;
}

/** The person's latest decided party period (the one a new party sanction stacks on), or null. */
export async function latestPartyPeriod(ctx: Ctx, subjectId: string | null | undefined): Promise<EffectPeriod | null> {
  if (!subjectId) return null;
  const prior = await ctx.db
    .selectFrom('sanctions')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('system', '=', 'party')
    .where('status', '=', 'decided')
    .where('decided_on', 'is not', null)
    .orderBy('decided_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prior ? periodOfRow(prior) : null;
}

/** The engine's period of a decided record (from its stored columns), or null for a lighter outcome. */
export function periodOfRow(row: SanctionRow): EffectPeriod | null {
  if (!row.effect_start || !row.effect_end || (row.system !== 'party' && row.system !== 'state')) return null;
  const sanction = sanctionOfRow(row);
  const nature =
    row.system === 'state'
      ? 'state_period'
      : row.kind === 'probation'
        ? 'probation'
        : row.kind === 'expulsion'
          ? 'readmission_bar'
          : 'effect';
  return {
    sanction,
    nature,
    startsOn: row.effect_start,
    months: row.effect_months ?? 0,
    carried: { months: 0, days: row.stacked_days },
    endsOn: row.effect_end,
    liftsOn: addDays(row.effect_end, 1),
  };
}

/** The days a period carries beyond its own length (what remained of an earlier one, CF23 第二十一条). */
export function carriedDays(p: EffectPeriod): number {
  return Math.max(0, daysBetween(addMonths(p.startsOn, p.months), p.endsOn));
}

/** The engine's `Sanction` of a party or state record. */
export function sanctionOfRow(
  row: Pick<SanctionRow, 'system' | 'kind' | 'probation_years' | 'in_place_of_post_removal'>,
): Sanction {
  if (row.system === 'state') return { system: 'state', kind: row.kind as never };
  if (row.kind === 'probation')
    return { system: 'party', kind: 'probation', probationYears: (row.probation_years ?? 1) as 1 | 2 };
  return { system: 'party', kind: row.kind as never, inPlaceOfPostRemoval: row.in_place_of_post_removal === 1 };
}

/** Enters a decided sanction from history; returns the record. Needs `sanction.manage` (checked by the caller's route). */
export async function importSanction(tx: Ctx, input: ImportSanctionInput): Promise<SanctionRow> {
  const unit = await tx.db.selectFrom('units').selectAll().where('id', '=', input.ownerUnitId).executeTakeFirst();
  if (!unit) throw errors.validation({ field: 'ownerUnitId' }, '办理单位不存在');
  const region = await tx.db
    .selectFrom('regions')
    .select(['path', 'county_code'])
    .where('code', '=', input.person.regionCode)
    .executeTakeFirst();
  if (!region) throw errors.validation({ field: 'person.regionCode' }, '地区不存在');
  const outcome = input.outcome;
  let period: EffectPeriod | null = null;
  if (outcome.system === 'party')
    period = partyEffectPeriod(outcome, input.decidedOn, await latestPartyPeriod(tx, input.person.subjectId));
  else if (outcome.system === 'state') period = statePeriod(outcome.kind, input.decidedOn);
  const code = outcomeCodeOf(outcome);
  const mapping = await fourFormsFor(tx, unit.county_code ?? region.county_code);
  const now = nowIso(tx);
  const id = newId();
  await tx.db
    .insertInto('sanctions')
    .values({
      id,
      source: 'import',
      subject_id: input.person.subjectId ?? null,
      person_name: input.person.name,
      person_position: input.person.position ?? null,
      person_employer: input.person.employer ?? null,
      authority: input.person.authority,
      limited_subject: input.person.limitedSubject ?? null,
      party_member: input.person.partyMember ? 1 : 0,
      system: outcome.system,
      kind: outcome.kind,
      outcome_code: code,
      probation_years: outcome.system === 'party' && outcome.kind === 'probation' ? outcome.probationYears : null,
      in_place_of_post_removal:
        outcome.system === 'party' && outcome.kind !== 'probation' && outcome.inPlaceOfPostRemoval ? 1 : 0,
      important_or_complex: 0,
      four_form: mapping[code],
      status: 'decided',
      summary: input.summary,
      approving_body: input.approvingBody ?? null,
      approving_body_name: input.approvingBodyName ?? null,
      decision_ref: input.decisionRef ?? null,
      decided_on: input.decidedOn,
      decided_by: tx.actor?.userId ?? null,
      effect_start: period?.startsOn ?? null,
      effect_end: period?.endsOn ?? null,
      effect_months: period ? period.months : null,
      stacked_days: period ? carriedDays(period) : 0,
      readmission_after: period?.nature === 'readmission_bar' ? period.liftsOn : null,
      owner_unit_id: unit.id,
      owner_unit_path: unit.path,
      region_path: region.path,
      // as reviews: a county body's record is reached by its owner path, a township's by the region
      reach_path: ['commission', 'office', 'dispatched_group'].includes(unit.kind) ? unit.path : region.path,
      county_code: unit.county_code ?? region.county_code,
      zone_id: input.zoneId ?? null,
      handling_mode: input.handlingMode ?? null,
      version: 1,
      created_by: tx.actor?.userId ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await addSanctionEvent(tx, id, 'decided', `历史处分录入：${input.summary}`);
  await recordAudit(tx, {
    action: 'sanction.import',
    resourceType: 'sanction',
    resourceId: id,
    unitId: unit.id,
    changes: { outcome: [null, code], decidedOn: [null, input.decidedOn] },
  });
  return tx.db.selectFrom('sanctions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
