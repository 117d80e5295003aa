/**
 * The four-forms mapping in force for a county: its own (`sanction_four_forms`, validated when
 * set) or the national default of the code. Read by the decision (which fixes a record's form) and
 * by the counts.
 */
import { DEFAULT_FOUR_FORMS, type FormOutcome, type FourForm } from '../../shared/sanctions.codes.js';
import type { Ctx } from '../../shared/context.js';

/** The county's mapping of outcomes to the four forms (the national default when it keeps none). */
export async function fourFormsFor(
  ctx: Ctx,
  countyCode: string | null,
): Promise<Readonly<Record<FormOutcome, FourForm>>> {
  if (!countyCode) return DEFAULT_FOUR_FORMS;
  const row = await ctx.db
    .selectFrom('sanction_four_forms')
    .select('mapping')
    .where('county_code', '=', countyCode)
    .executeTakeFirst();
  if (!row) return DEFAULT_FOUR_FORMS;
  return { ...DEFAULT_FOUR_FORMS, ...(JSON.parse(row.mapping) as Partial<Record<FormOutcome, FourForm>>) };
}
