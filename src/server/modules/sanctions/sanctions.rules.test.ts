import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors.js';
import type { CadreAuthority } from '../../shared/org.codes.js';
import {
  APPROVING_BODIES,
  APPROVING_BODY_LABELS,
  type ApprovingBody,
  DIRECT_DECISION_REASONS,
  type DirectDecisionReason,
  type PartySanction,
  STATE_SANCTIONS,
  type Sanction,
  type StateSanction,
  sanctionLabel,
} from '../../shared/sanctions.codes.js';
import {
  checkAfterDefence,
  checkAppealOutcome,
  checkApprover,
  checkDirectDecision,
  checkStateSanctionFor,
  partyStateMatch,
  requireAfterDefence,
  requireAppealOutcome,
  requireApprover,
  requireDirectDecision,
  requireExemptionConclusion,
  requirePartySanction,
  requireStateSanctionFor,
  requiredApprover,
} from './sanctions.rules.js';

/** The DomainError `fn` throws (fails when it throws nothing or something else). */
function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

type Row = [CadreAuthority, PartySanction | 'exemption', boolean, ApprovingBody, ApprovingBody];

describe('who approves a party sanction (PZ 2022, domain rules §5.2)', () => {
  // subject, sanction, important or complex, body asked, lowest body that may approve
  const rows: Row[] = [
    // county-managed: 警告/严重警告 by the county commission, heavier by the county party committee (第六条)
    ['county_managed', 'warning', false, 'county_commission', 'county_commission'],
    ['county_managed', 'serious_warning', true, 'county_commission', 'county_commission'],
    ['county_managed', 'warning', false, 'township_party_committee', 'county_commission'],
    ['county_managed', 'post_removal', false, 'county_commission', 'county_party_committee'],
    ['county_managed', 'post_removal', false, 'county_party_committee', 'county_party_committee'],
    ['county_managed', 'probation', false, 'county_commission', 'county_party_committee'],
    ['county_managed', 'probation', false, 'higher_commission', 'county_party_committee'],
    ['county_managed', 'expulsion', true, 'county_party_committee', 'county_party_committee'],
    ['county_managed', 'expulsion', false, 'county_commission', 'county_party_committee'],
    ['county_managed', 'exemption', false, 'county_commission', 'county_commission'],
    // township-managed: the township commission for 警告/严重警告 (第三十八条)
    ['township_managed', 'warning', false, 'township_commission', 'township_commission'],
    ['township_managed', 'serious_warning', false, 'township_commission', 'township_commission'],
    ['township_managed', 'serious_warning', false, 'county_party_committee', 'township_commission'],
    // … important or complex: the county commission after the township party committee agrees
    ['township_managed', 'warning', true, 'township_commission', 'county_commission'],
    ['township_managed', 'warning', true, 'township_party_committee', 'county_commission'],
    ['township_managed', 'serious_warning', true, 'county_commission', 'county_commission'],
    // the township party committee up to 留党察看 on its commission's submission (第二十八条) …
    ['township_managed', 'post_removal', false, 'township_commission', 'township_party_committee'],
    ['township_managed', 'post_removal', false, 'township_party_committee', 'township_party_committee'],
    ['township_managed', 'probation', false, 'township_party_committee', 'township_party_committee'],
    // … unless important or complex
    ['township_managed', 'probation', true, 'township_party_committee', 'county_commission'],
    ['township_managed', 'post_removal', true, 'county_commission', 'county_commission'],
    // 开除党籍 needs a county-level commission (第十四条第二款), important or not
    ['township_managed', 'expulsion', false, 'township_party_committee', 'county_commission'],
    ['township_managed', 'expulsion', false, 'township_commission', 'county_commission'],
    ['township_managed', 'expulsion', false, 'county_commission', 'county_commission'],
    ['township_managed', 'expulsion', true, 'county_party_committee', 'county_commission'],
    ['township_managed', 'exemption', false, 'township_commission', 'township_commission'],
    // village cadres and other members under a township party committee: as township-managed
    ['village_cadre', 'warning', false, 'township_commission', 'township_commission'],
    ['village_cadre', 'probation', false, 'township_party_committee', 'township_party_committee'],
    ['village_cadre', 'probation', false, 'township_commission', 'township_party_committee'],
    ['village_cadre', 'expulsion', false, 'township_party_committee', 'county_commission'],
    ['village_cadre', 'expulsion', false, 'county_commission', 'county_commission'],
    ['village_cadre', 'serious_warning', true, 'township_commission', 'county_commission'],
    ['other', 'warning', false, 'township_commission', 'township_commission'],
    ['other', 'post_removal', false, 'township_commission', 'township_party_committee'],
  ];

  it.each(rows)(
    '%s, %s, important %s, approved by %s: lowest %s',
    (subject, sanction, importantOrComplex, body, required) => {
      const q = { subject, sanction, importantOrComplex, body };
      expect(requiredApprover(q).required).toBe(required);
      const verdict = checkApprover(q);
      const allowed = APPROVING_BODIES.indexOf(body) >= APPROVING_BODIES.indexOf(required);
      expect(verdict.ok).toBe(allowed);
      if (allowed) expect(requireApprover(q).required).toBe(required);
      else {
        const e = refusal(() => requireApprover(q));
        expect(e.code).toBe('SANCTION_APPROVER');
        expect(e.statusCode).toBe(409);
        expect(e.details).toMatchObject({ body, required });
        // The message names who should approve.
        expect(e.message).toContain(`应当由${APPROVING_BODY_LABELS[required]}批准`);
      }
    },
  );

  it('covers refusals as well as approvals (the table is not all one way)', () => {
    const verdicts = rows.map(
      ([subject, sanction, importantOrComplex, body]) =>
        checkApprover({ subject, sanction, importantOrComplex, body }).ok,
    );
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(10);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(10);
  });

  it.each([
    [{ subject: 'mayor', sanction: 'warning', body: 'county_commission' }, 'subject'],
    [{ subject: 'village_cadre', sanction: 'reprimand', body: 'county_commission' }, 'sanction'],
    [{ subject: 'village_cadre', sanction: 'warning', body: 'village_committee' }, 'body'],
  ])('refuses %o as bad input (%s), not as a question of power', (q, field) => {
    const e = refusal(() =>
      requireApprover({ importantOrComplex: false, ...q } as unknown as Parameters<typeof requireApprover>[0]),
    );
    expect([e.code, (e.details as { field: string }).field]).toEqual(['VALIDATION_FAILED', field]);
  });

  it('names who reviews and who agrees first', () => {
    expect(requiredApprover({ subject: 'county_managed', sanction: 'probation', importantOrComplex: false })).toEqual({
      required: 'county_party_committee',
      reviewedBy: 'county_commission',
      agreedBy: null,
      article: 'PZ 第六条、第二十七条',
    });
    expect(
      requiredApprover({ subject: 'township_managed', sanction: 'warning', importantOrComplex: true }),
    ).toMatchObject({
      required: 'county_commission',
      agreedBy: 'township_party_committee',
      article: 'PZ 第三十八条',
    });
    expect(
      requiredApprover({ subject: 'township_managed', sanction: 'probation', importantOrComplex: false }),
    ).toMatchObject({
      required: 'township_party_committee',
      reviewedBy: 'township_commission',
      article: 'PZ 第二十八条',
    });
    expect(
      requiredApprover({ subject: 'village_cadre', sanction: 'expulsion', importantOrComplex: false }),
    ).toMatchObject({
      required: 'county_commission',
      agreedBy: 'township_party_committee',
      article: 'PZ 第十四条第二款',
    });
  });

  it('lets the county commission approve every sanction of a county-managed member the county committee does not appoint (第三十七条(二))', () => {
    const q = {
      subject: 'county_managed' as const,
      sanction: 'expulsion' as const,
      importantOrComplex: false,
      countyCommitteeAppoints: false,
    };
    expect(checkApprover({ ...q, body: 'county_commission' }).ok).toBe(true);
    expect(checkApprover({ ...q, countyCommitteeAppoints: true, body: 'county_commission' }).ok).toBe(false);
  });

  it('approves a 严重警告 in place of 撤销党内职务 as the latter (第十二条)', () => {
    const q = { subject: 'township_managed' as const, sanction: 'serious_warning' as const, importantOrComplex: false };
    expect(checkApprover({ ...q, body: 'township_commission' }).ok).toBe(true);
    expect(checkApprover({ ...q, inPlaceOfPostRemoval: true, body: 'township_commission' }).ok).toBe(false);
    expect(checkApprover({ ...q, inPlaceOfPostRemoval: true, body: 'township_party_committee' }).ok).toBe(true);
  });
});

describe('what a party sanction may be', () => {
  it.each([0, 3, 1.5])('refuses a 留党察看 of %s years', (years) => {
    const s = { system: 'party', kind: 'probation', probationYears: years } as unknown as Sanction;
    expect(refusal(() => requirePartySanction(s, { holdsPartyPost: true })).code).toBe('SANCTION_PROBATION_YEARS');
  });

  it.each([1, 2] as const)('accepts a 留党察看 of %i year(s)', (probationYears) => {
    expect(() =>
      requirePartySanction({ system: 'party', kind: 'probation', probationYears }, { holdsPartyPost: false }),
    ).not.toThrow();
  });

  it('refuses 撤销党内职务 for a member without a party post, and accepts it for one with a post', () => {
    const s: Sanction = { system: 'party', kind: 'post_removal' };
    expect(refusal(() => requirePartySanction(s, { holdsPartyPost: false })).code).toBe('SANCTION_NO_PARTY_POST');
    expect(() => requirePartySanction(s, { holdsPartyPost: true })).not.toThrow();
  });

  it('refuses a state sanction or an unknown kind where a party sanction is asked for', () => {
    expect(
      refusal(() => requirePartySanction({ system: 'state', kind: 'warning' }, { holdsPartyPost: true })).code,
    ).toBe('VALIDATION_FAILED');
    const odd = { system: 'party', kind: 'reprimand' } as unknown as Sanction;
    expect(refusal(() => requirePartySanction(odd, { holdsPartyPost: true })).code).toBe('VALIDATION_FAILED');
  });

  it.each([null, undefined, '', '   '])('refuses 免予处分 with conclusion %j', (conclusion) => {
    expect(refusal(() => requireExemptionConclusion(conclusion)).code).toBe('SANCTION_EXEMPTION_CONCLUSION');
  });

  it('accepts 免予处分 with its written conclusion', () => {
    expect(() => requireExemptionConclusion('经审理，情节轻微，免予处分。')).not.toThrow();
  });
});

describe('direct decision without the branch meeting (PZ 第十四条)', () => {
  it.each(DIRECT_DECISION_REASONS.filter((r) => r !== 'other'))('accepts %s from a county body', (reason) => {
    expect(checkDirectDecision({ body: 'county_commission', reason }).ok).toBe(true);
    expect(checkDirectDecision({ body: 'county_party_committee', reason }).ok).toBe(true);
    expect(checkDirectDecision({ body: 'higher_commission', reason }).ok).toBe(true);
  });

  it.each(['township_commission', 'township_party_committee'] as const)(
    'refuses a direct decision by the %s',
    (body) => {
      const e = refusal(() => requireDirectDecision({ body, reason: 'secret_or_sensitive' }));
      expect([e.code, e.details]).toEqual(['SANCTION_DIRECT_DECISION', { problem: 'body' }]);
    },
  );

  it('refuses `other` without its words and an unknown reason', () => {
    expect(
      refusal(() => requireDirectDecision({ body: 'county_commission', reason: 'other', note: ' ' })).details,
    ).toEqual({
      problem: 'note',
    });
    expect(checkDirectDecision({ body: 'county_commission', reason: 'other', note: '上级纪委指定' }).ok).toBe(true);
    const odd = 'convenience' as DirectDecisionReason;
    expect(refusal(() => requireDirectDecision({ body: 'county_commission', reason: odd })).details).toEqual({
      problem: 'reason',
    });
  });

  it('lists the seven reasons of the article', () => {
    expect(DIRECT_DECISION_REASONS).toHaveLength(7);
  });
});

describe('village cadres may receive only 警告, 记过, 记大过 (ZW 第二十二条, 第二十三条)', () => {
  const allowed: StateSanction[] = ['warning', 'demerit', 'major_demerit'];
  it.each(STATE_SANCTIONS.map((k) => [k, allowed.includes(k)] as const))(
    'village cadre, %s: allowed %s',
    (kind, ok) => {
      const v = checkStateSanctionFor('village_cadre', kind);
      expect(v.ok).toBe(ok);
      if (v.ok) expect(v.warnings).toEqual(['allowance_reduced']);
      else {
        const e = refusal(() => requireStateSanctionFor('village_cadre', kind));
        expect([e.code, e.statusCode, e.details]).toEqual([
          'SANCTION_VILLAGE_CADRE',
          400,
          { kind, subject: 'village_cadre' },
        ]);
      }
    },
  );

  it('limits others performing public duties the same way, without the allowance note', () => {
    expect(checkStateSanctionFor('other_public_duty', 'demerit')).toEqual({ ok: true, warnings: [] });
    expect(checkStateSanctionFor('other_public_duty', 'removal').ok).toBe(false);
  });

  it('does not limit other subjects', () => {
    for (const kind of STATE_SANCTIONS) expect(checkStateSanctionFor(null, kind)).toEqual({ ok: true, warnings: [] });
    expect(checkStateSanctionFor(null, 'fine' as StateSanction).ok).toBe(false);
  });
});

describe('a defence never leads to a heavier sanction', () => {
  const p = (kind: Exclude<PartySanction, 'probation'>): Sanction => ({ system: 'party', kind });
  const probation = (probationYears: 1 | 2): Sanction => ({ system: 'party', kind: 'probation', probationYears });
  const s = (kind: StateSanction): Sanction => ({ system: 'state', kind });
  it.each([
    [s('demerit'), s('major_demerit'), false, false],
    [s('demerit'), s('major_demerit'), true, true],
    [s('warning'), s('discharge'), false, false],
    [s('major_demerit'), s('demerit'), false, true],
    [s('demerit'), s('demerit'), false, true],
    [probation(1), probation(2), false, false],
    [probation(2), probation(1), false, true],
    [p('serious_warning'), probation(1), false, false],
    [p('serious_warning'), p('warning'), false, true],
    [p('warning'), p('expulsion'), true, true],
  ] as const)('%o → %o, new fact %s: allowed %s', (before, after, newFact, ok) => {
    expect(checkAfterDefence(before, after, newFact).ok).toBe(ok);
    if (!ok) {
      const e = refusal(() => requireAfterDefence(before, after, newFact));
      expect(e.code).toBe('SANCTION_HEAVIER_AFTER_DEFENCE');
      expect(e.details).toEqual({ before: sanctionLabel(before), after: sanctionLabel(after) });
    }
  });

  it('says when the allowed proposal is heavier (a new fact)', () => {
    expect(requireAfterDefence(s('warning'), s('demerit'), true)).toEqual({ ok: true, heavier: true });
  });

  it('refuses comparing a party and a state proposal', () => {
    expect(refusal(() => requireAfterDefence(p('warning'), s('warning'), false)).code).toBe('VALIDATION_FAILED');
  });
});

describe('复审 and 复核 never make a state sanction heavier (ZW 第五十六条)', () => {
  const s = (kind: StateSanction): Sanction => ({ system: 'state', kind });
  it.each([
    ['demerit', 'major_demerit', false, false],
    ['warning', 'discharge', false, false],
    ['demotion', 'removal', false, false],
    ['major_demerit', 'demerit', true, true],
    ['removal', 'warning', true, true],
    ['demerit', 'demerit', true, false],
  ] as const)('%s → %s: allowed %s, changed %s', (original, decided, ok, changed) => {
    const v = checkAppealOutcome(s(original), s(decided));
    expect(v.ok).toBe(ok);
    if (v.ok) expect(v.changed).toBe(changed);
    else {
      const e = refusal(() => requireAppealOutcome(s(original), s(decided)));
      expect([e.code, e.statusCode]).toEqual(['SANCTION_HEAVIER_ON_APPEAL', 409]);
      expect(e.details).toEqual({ original: sanctionLabel(s(original)), decided: sanctionLabel(s(decided)) });
    }
  });

  it('takes state sanctions only', () => {
    expect(refusal(() => requireAppealOutcome({ system: 'party', kind: 'warning' }, s('warning'))).code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('党纪重处分匹配政务重处分: a warning, not a refusal', () => {
  it.each([
    [true, true, null, 'removal', true],
    [true, true, 'serious_warning', 'removal', true],
    [true, true, 'warning', 'discharge', true],
    [true, true, 'post_removal', 'removal', false],
    [true, true, 'probation', 'discharge', false],
    [true, true, 'expulsion', 'discharge', false],
    [true, true, 'warning', 'demotion', false],
    [true, true, null, 'major_demerit', false],
    [true, false, 'serious_warning', 'removal', false],
    [true, false, 'warning', 'removal', true],
    [false, false, null, 'discharge', false],
    [true, true, 'warning', null, false],
  ] as const)(
    'member %s, post %s, party %s, state %s: warns %s',
    (partyMember, holdsPartyPost, party, state, warns) => {
      const notes = partyStateMatch({ partyMember, holdsPartyPost, party, state });
      expect(notes.length > 0).toBe(warns);
      if (warns) {
        expect(notes[0]!.code).toBe('party_state_mismatch');
        expect(notes[0]!.reason).toContain('CF23 第三十五条');
      }
    },
  );

  it('says what was given and what is needed', () => {
    const [note] = partyStateMatch({ partyMember: true, holdsPartyPost: true, party: 'warning', state: 'removal' });
    expect(note!.reason).toBe('政务处分为撤职，党纪处分为警告：应当给予撤销党内职务以上党纪处分（CF23 第三十五条）');
  });
});

describe('sanction labels', () => {
  it.each([
    [{ system: 'party', kind: 'warning' }, '党内警告'],
    [{ system: 'party', kind: 'probation', probationYears: 2 }, '留党察看二年'],
    [{ system: 'party', kind: 'expulsion' }, '开除党籍'],
    [{ system: 'state', kind: 'warning' }, '政务警告'],
    [{ system: 'state', kind: 'major_demerit' }, '记大过'],
  ] as const)('%o is %s', (s, label) => {
    expect(sanctionLabel(s as Sanction)).toBe(label);
  });
});
