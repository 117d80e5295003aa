import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import {
  DEFAULT_FOUR_FORMS,
  FORM_OUTCOMES,
  FORM_OUTCOME_LABELS,
  type FormOutcome,
  LIGHTER_OUTCOMES,
  PARTY_SANCTIONS,
  STATE_SANCTIONS,
} from '../../shared/sanctions.codes.js';
import {
  formOutcomeOf,
  fourFormOf,
  fourFormsMappingProblems,
  heaviestForm,
  resolveFourFormsMapping,
} from './sanctions.forms.js';

describe('the four forms: the national default', () => {
  it.each([
    ['lighter.criticism', 1],
    ['lighter.reminder_talk', 1],
    ['lighter.self_examination', 1],
    ['lighter.admonition', 1],
    ['lighter.exemption', 1],
    ['party.warning', 2],
    ['party.serious_warning', 2],
    ['state.warning', 2],
    ['state.demerit', 2],
    ['state.major_demerit', 2],
    ['lighter.organisational_minor', 2],
    ['party.post_removal', 3],
    ['party.probation', 3],
    ['party.expulsion', 3],
    ['state.demotion', 3],
    ['state.removal', 3],
    ['state.discharge', 3],
    ['lighter.organisational_major', 3],
    ['prosecution_referral', 4],
  ] as const)('%s → form %i', (outcome, form) => {
    expect(fourFormOf(outcome)).toBe(form);
  });

  it('classifies every outcome, every sanction and every lighter outcome has a key with a label, and the default is sound', () => {
    expect(Object.keys(DEFAULT_FOUR_FORMS).sort()).toEqual([...FORM_OUTCOMES].sort());
    expect(fourFormsMappingProblems({})).toEqual([]);
    const keys = [
      ...PARTY_SANCTIONS.map((kind) =>
        formOutcomeOf(kind === 'probation' ? { system: 'party', kind, probationYears: 1 } : { system: 'party', kind }),
      ),
      ...STATE_SANCTIONS.map((kind) => formOutcomeOf({ system: 'state', kind })),
      ...LIGHTER_OUTCOMES.map((lighter) => formOutcomeOf({ lighter })),
    ];
    for (const k of keys) expect(FORM_OUTCOME_LABELS[k]).toBeTruthy();
  });

  it('maps outcomes to their keys', () => {
    expect(formOutcomeOf({ system: 'party', kind: 'probation', probationYears: 2 })).toBe('party.probation');
    expect(formOutcomeOf({ system: 'state', kind: 'removal' })).toBe('state.removal');
    expect(formOutcomeOf({ lighter: 'admonition' })).toBe('lighter.admonition');
    expect(formOutcomeOf({ lighter: 'organisational_handling' })).toBe('lighter.organisational_minor');
    expect(formOutcomeOf({ lighter: 'organisational_handling', majorAdjustment: true })).toBe(
      'lighter.organisational_major',
    );
    expect(formOutcomeOf('prosecution_referral')).toBe('prosecution_referral');
  });

  it('counts a person in the heaviest form of their outcomes', () => {
    expect(heaviestForm(['lighter.criticism', 'state.demerit'])).toBe(2);
    expect(heaviestForm(['party.expulsion', 'state.discharge', 'prosecution_referral'])).toBe(4);
    expect(heaviestForm([])).toBeNull();
  });
});

describe('a county override of the four forms', () => {
  it('lays the override over the default', () => {
    const m = resolveFourFormsMapping({ 'lighter.exemption': 2, 'state.major_demerit': 3 });
    expect([m['lighter.exemption'], m['state.major_demerit'], m['party.warning']]).toEqual([2, 3, 2]);
    expect(heaviestForm(['lighter.exemption'], m)).toBe(2);
    expect(resolveFourFormsMapping(null)).toBe(DEFAULT_FOUR_FORMS);
  });

  it.each([
    [{ 'party.reprimand': 2 }, [{ outcome: 'party.reprimand', problem: 'unknown' }]],
    [{ 'party.warning': 5 }, [{ outcome: 'party.warning', problem: 'form' }]],
    [{ 'party.warning': '2' }, [{ outcome: 'party.warning', problem: 'form' }]],
    [{ 'party.warning': 0 }, [{ outcome: 'party.warning', problem: 'form' }]],
    [{ prosecution_referral: 3 }, [{ outcome: 'prosecution_referral', problem: 'prosecution' }]],
    // A 警告 in the third form leaves 严重警告 (second) below it.
    [{ 'party.warning': 3 }, [{ outcome: 'party.serious_warning', problem: 'order' }]],
    [{ 'state.removal': 2 }, [{ outcome: 'state.removal', problem: 'order' }]],
    [[], [{ outcome: '', problem: 'unknown' }]],
    ['3', [{ outcome: '', problem: 'unknown' }]],
  ])('finds the problems of %j', (override, problems) => {
    expect(fourFormsMappingProblems(override)).toEqual(problems);
    try {
      resolveFourFormsMapping(override);
      expect.unreachable('an unsound mapping was accepted');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect([(e as DomainError).code, (e as DomainError).details]).toEqual([
        'VALIDATION_FAILED',
        { field: 'fourForms', problems },
      ]);
    }
  });

  it('accepts a stricter but ordered mapping', () => {
    const override: Partial<Record<FormOutcome, number>> = { 'state.major_demerit': 3, 'lighter.admonition': 2 };
    expect(fourFormsMappingProblems(override)).toEqual([]);
  });
});
