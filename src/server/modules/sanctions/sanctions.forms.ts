/**
 * The four forms (四种形态) an outcome is counted in (issue 14 §6): the national default
 * (`DEFAULT_FOUR_FORMS` in shared/sanctions.codes.ts), a county's override validated here, and the
 * form of an outcome or of a person's several outcomes. The county settings of the settings
 * module hold one integer each, so a county's mapping is not stored yet: the sanctions module
 * keeps it when it is built, through `resolveFourFormsMapping`. Pure.
 */
import {
  DEFAULT_FOUR_FORMS,
  FORM_OUTCOMES,
  FOUR_FORMS,
  type FormOutcome,
  type FourForm,
  type LighterOutcome,
  PARTY_SANCTIONS,
  STATE_SANCTIONS,
  type Sanction,
} from '../../shared/sanctions.codes.js';
import { errors } from '../../shared/errors.js';

/** A complete mapping from every outcome to its form. */
export type FourFormsMapping = Readonly<Record<FormOutcome, FourForm>>;

/** One problem of a county's mapping. */
export interface MappingProblem {
  outcome: string;
  /** `unknown` outcome, `form` not 1–4, `prosecution` (the referral is the fourth form), `order` (a heavier sanction in a lower form). */
  problem: 'unknown' | 'form' | 'prosecution' | 'order';
}

/**
 * The problems of a county's override (a partial mapping laid over the default): outcomes that do
 * not exist, forms other than 1 to 4, a referral for prosecution outside the fourth form, and a
 * heavier sanction counted in a lower form than a lighter one of the same side. Empty when sound.
 */
export function fourFormsMappingProblems(override: unknown): MappingProblem[] {
  if (override === null || typeof override !== 'object' || Array.isArray(override))
    return [{ outcome: '', problem: 'unknown' }];
  const out: MappingProblem[] = [];
  const merged: Record<string, unknown> = { ...DEFAULT_FOUR_FORMS };
  for (const [outcome, form] of Object.entries(override)) {
    if (!(FORM_OUTCOMES as string[]).includes(outcome)) out.push({ outcome, problem: 'unknown' });
    else if (!(FOUR_FORMS as unknown[]).includes(form)) out.push({ outcome, problem: 'form' });
    else merged[outcome] = form;
  }
  if (merged.prosecution_referral !== 4) out.push({ outcome: 'prosecution_referral', problem: 'prosecution' });
  const sides = [PARTY_SANCTIONS.map((k) => `party.${k}`), STATE_SANCTIONS.map((k) => `state.${k}`)];
  for (const keys of sides)
    for (let i = 1; i < keys.length; i++)
      if ((merged[keys[i]!] as number) < (merged[keys[i - 1]!] as number))
        out.push({ outcome: keys[i]!, problem: 'order' });
  return out;
}

/** The full mapping of a county's override over the default; VALIDATION_FAILED (`details.problems`) when unsound. */
export function resolveFourFormsMapping(override: unknown): FourFormsMapping {
  if (override === null || override === undefined) return DEFAULT_FOUR_FORMS;
  const problems = fourFormsMappingProblems(override);
  if (problems.length > 0) throw errors.validation({ field: 'fourForms', problems }, '四种形态对应关系设置不正确');
  return { ...DEFAULT_FOUR_FORMS, ...(override as Partial<Record<FormOutcome, FourForm>>) };
}

/**
 * The mapping key of an outcome: a sanction, a lighter outcome (组织处理 as a minor or, with
 * `majorAdjustment`, a major adjustment), or the referral for prosecution.
 */
export function formOutcomeOf(
  outcome: Sanction | { lighter: LighterOutcome; majorAdjustment?: boolean } | 'prosecution_referral',
): FormOutcome {
  if (outcome === 'prosecution_referral') return outcome;
  if ('lighter' in outcome) {
    if (outcome.lighter === 'organisational_handling')
      return outcome.majorAdjustment ? 'lighter.organisational_major' : 'lighter.organisational_minor';
    return `lighter.${outcome.lighter}`;
  }
  return `${outcome.system}.${outcome.kind}` as FormOutcome;
}

/** The form of one outcome under a mapping (the national default when none is given). */
export function fourFormOf(outcome: FormOutcome, mapping: FourFormsMapping = DEFAULT_FOUR_FORMS): FourForm {
  return mapping[outcome];
}

/** The form a person's handling counts in: the heaviest of their outcomes (null for none). */
export function heaviestForm(
  outcomes: readonly FormOutcome[],
  mapping: FourFormsMapping = DEFAULT_FOUR_FORMS,
): FourForm | null {
  let form: FourForm | null = null;
  for (const o of outcomes) if (form === null || mapping[o] > form) form = mapping[o];
  return form;
}
