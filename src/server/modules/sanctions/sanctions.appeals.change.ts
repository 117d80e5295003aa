/**
 * What an appeal's change does to the sanction (issue 14 §4; the rules in sanctions.appeals.ts's
 * comment): the new sanction checked against the original, its period, its clocks, and the
 * notice to everyone told before.
 */
import type { Sanction } from '../../shared/sanctions.codes.js';
import { PARTY_SANCTION_LABELS, STATE_SANCTION_LABELS } from '../../shared/sanctions.codes.js';
import { type Ctx, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { type ClockDescriptor, partySanctionClocks, stateSanctionClocks } from './sanctions.clocks.js';
import { periodOfRow, sanctionOfRow } from './sanctions.import.js';
import { type EffectPeriod, partyEffectPeriod, statePeriod } from './sanctions.periods.js';
import { requireAppealOutcome, severityOf } from './sanctions.rules.js';
import type { SanctionRow } from './sanctions.tables.js';

/** What a change needs of the appeal's decision. */
export interface AppealChange {
  newKind?: string | null | undefined;
  probationYears?: number | null | undefined;
}

/** The new sanction a change decides, checked against the original: same system, different; a state one never heavier (ZW 第五十六条). */
export function changedSanction(original: SanctionRow, input: AppealChange): Sanction {
  if (!input.newKind) throw errors.validation({ field: 'newKind' }, '变更处分的，请选择变更后的处分');
  const before = sanctionOfRow(original);
  let after: Sanction;
  if (original.system === 'state') {
    if (!(input.newKind in STATE_SANCTION_LABELS))
      throw errors.validation({ field: 'newKind' }, '变更后的处分应为政务处分');
    after = { system: 'state', kind: input.newKind as keyof typeof STATE_SANCTION_LABELS };
    const { changed } = requireAppealOutcome(before, after);
    if (!changed) throw errors.validation({ field: 'newKind' }, '变更后的处分与原处分相同，应当作出维持原处分的决定');
    return after;
  }
  if (!(input.newKind in PARTY_SANCTION_LABELS))
    throw errors.validation({ field: 'newKind' }, '变更后的处分应为党纪处分');
  if (input.newKind === 'probation') {
    if (input.probationYears !== 1 && input.probationYears !== 2)
      throw domainError('SANCTION_PROBATION_YEARS', { probationYears: input.probationYears ?? null });
    after = { system: 'party', kind: 'probation', probationYears: input.probationYears };
  } else after = { system: 'party', kind: input.newKind as Exclude<keyof typeof PARTY_SANCTION_LABELS, 'probation'> };
  // No bar on a heavier party outcome: see the file's comment (the rule, not ZW 第五十六条's analogy).
  if (severityOf(after) === severityOf(before))
    throw errors.validation({ field: 'newKind' }, '变更后的处分与原处分相同，应当作出维持原处分的决定');
  return after;
}

/** The earlier party period the original stacked on (the subject's latest decided before it), or null. */
export async function periodBefore(tx: Ctx, original: SanctionRow): Promise<EffectPeriod | null> {
  if (!original.subject_id || !original.decided_on) return null;
  const prior = await tx.db
    .selectFrom('sanctions')
    .selectAll()
    .where('subject_id', '=', original.subject_id)
    .where('system', '=', 'party')
    .where('status', '=', 'decided')
    .where('id', '!=', original.id)
    .where('decided_on', '<=', original.decided_on)
    .orderBy('decided_on', 'desc')
    .limit(1)
    .executeTakeFirst();
  return prior ? periodOfRow(prior) : null;
}

/**
 * The period of a sanction changed on appeal (see the file's comment): a lighter one from the
 * original decision, stacked as the original was; a heavier party one from the appeal decision
 * `decidedOn`, ending where it would from the original decision (the time served deducted), an
 * expulsion's bar wholly from `decidedOn`.
 */
export async function changedPeriod(
  tx: Ctx,
  original: SanctionRow,
  after: Sanction,
  decidedOn: string,
  heavier: boolean,
): Promise<EffectPeriod | null> {
  const from = original.decided_on ?? decidedOn;
  if (after.system === 'state') return statePeriod(after.kind, from);
  if (heavier && after.kind === 'expulsion') return partyEffectPeriod(after, decidedOn, null);
  const period = partyEffectPeriod(after, from, await periodBefore(tx, original));
  if (!period || !heavier) return period;
  return { ...period, startsOn: decidedOn };
}

/**
 * The clocks of a record changed on appeal, from the appeal decision: a party sanction's timers
 * 14–16 (no timer 17: the commission decides the appeal itself, GZ 第五十九条, so nothing goes to a
 * party committee), a state sanction's 19–20 (execution and 复审's application open on delivery).
 */
export function changedClocks(after: Sanction, decidedOn: string): ClockDescriptor[] {
  if (after.system === 'state') return stateSanctionClocks({ kind: after.kind, decidedOn });
  return partySanctionClocks({ kind: after.kind, decidedOn, approvedBy: 'county_commission' });
}

/** Tells everyone told of `original` before of the change (`sanction_notices`, kind `change`, on `about`). */
export async function noticeChange(
  tx: Ctx,
  original: SanctionRow,
  about: string,
  sentOn: string,
  note: string,
): Promise<number> {
  const told = await tx.db
    .selectFrom('sanction_notices')
    .select(['unit_id', 'recipient'])
    .where('sanction_id', '=', original.id)
    .where('kind', '!=', 'change')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const seen = new Set<string>();
  const at = nowIso(tx);
  for (const t of told) {
    const key = `${t.unit_id ?? ''}|${t.recipient}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await tx.db
      .insertInto('sanction_notices')
      .values({
        id: newId(),
        sanction_id: about,
        kind: 'change',
        unit_id: t.unit_id,
        recipient: t.recipient,
        sent_on: sentOn,
        note,
        created_by: tx.actor?.userId ?? null,
        created_at: at,
      })
      .execute();
  }
  return seen.size;
}
