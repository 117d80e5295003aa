/**
 * Sanction records from the review's decision to the decision (issue 14 §2, §3): the standing
 * committee's decision drafts one record per (subject, outcome) in its own transaction; a draft
 * is edited, the defence heard (no heavier kind after it without a new fact), the branch meeting
 * recorded (quorum and majority from the roll) or a direct decision's reason, then decided by a
 * body with the power, the effect period computed and stacked, the four form fixed and the
 * clocks opened. Each write is one transaction with its trail event and audit event.
 */
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  APPROVING_BODY_LABELS,
  type ApprovingBody,
  type DirectDecisionReason,
  FORM_OUTCOMES,
  FORM_OUTCOME_LABELS,
  type FormOutcome,
  LIGHTER_OUTCOMES,
  type LimitedStateSubject,
  PARTY_SANCTIONS,
  type PartySanction,
  STATE_SANCTIONS,
  type StateSanction,
} from '../../shared/sanctions.codes.js';
import type { CadreAuthority } from '../../shared/org.codes.js';
import { type Ctx, inTransaction, nowIso, requireActor } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { recordAudit } from '../audit/index.js';
import { requireRollResolution } from './sanctions.branch.js';
import { sanctionOfRow } from './sanctions.import.js';
import {
  requireAfterDefence,
  requireDirectDecision,
  requireExemptionConclusion,
  requirePartySanction,
  requireStateSanctionFor,
  requiredApprover,
} from './sanctions.rules.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The side and kind of a `FORM_OUTCOMES` key: `party.warning` → party/warning, `prosecution_referral` → prosecution/referral. */
export function outcomeParts(code: FormOutcome): {
  system: 'party' | 'state' | 'lighter' | 'prosecution';
  kind: string;
} {
  if (code === 'prosecution_referral') return { system: 'prosecution', kind: 'referral' };
  const [system, kind] = code.split('.') as ['party' | 'state' | 'lighter', string];
  if (system === 'lighter' && (kind === 'organisational_minor' || kind === 'organisational_major'))
    return { system, kind: 'organisational_handling' };
  return { system, kind };
}

/**
 * The outcome codes of one proposed outcome, checked: each a `FORM_OUTCOMES` key, none twice, at
 * most one party and one state sanction. VALIDATION_FAILED in words otherwise.
 */
export function checkOutcomeCodes(codes: readonly string[]): FormOutcome[] {
  const unknown = codes.filter((c) => !FORM_OUTCOMES.includes(c as FormOutcome));
  if (unknown.length > 0)
    throw errors.validation(
      { field: 'codes', unknown },
      `处理结果代码不正确：${unknown.join('、')}（应为党纪处分、政务处分或其他处理方式的代码，如 party.warning、state.demerit）`,
    );
  if (new Set(codes).size !== codes.length) throw errors.validation({ field: 'codes' }, '同一处理结果不能重复列出');
  const out = codes as FormOutcome[];
  for (const side of ['party', 'state'] as const)
    if (out.filter((c) => c.startsWith(`${side}.`)).length > 1)
      throw errors.validation(
        { field: 'codes', side },
        side === 'party' ? '对同一人只能给予一种党纪处分' : '对同一人只能给予一种政务处分',
      );
  return out;
}

/** A committee outcome as the review hands it over: the case subject and its checked codes. */
export interface DecidedOutcome {
  subjectId: string;
  summary: string;
  codes: readonly FormOutcome[];
}

/** A county-level body's unit kinds: their records are reached by the owner path (as reviews). */
const COUNTY_KINDS = ['commission', 'office', 'dispatched_group'];

/**
 * Whether a position's words say it is a party post (党内职务: 书记, 副书记, 委员 of a party
 * committee, branch or group): 1 when they do, null (not recorded: the draft's edit records it)
 * otherwise — a position's silence does not prove there is none. The registry's subject keeps no
 * party post of its own, so the words are what it knows.
 */
export function partyPostOf(position: string | null | undefined): 1 | null {
  if (!position) return null;
  return /(党(委|组|工委|总支|支部|小组)[^，,、；;]*(书记|委员|支委))|党(委|组)(书记|副书记|委员|成员)|支委|纪委书记/.test(
    position,
  )
    ? 1
    : null;
}

/** The limit ZW 第二十二条 puts on a person of this authority. */
function limitedSubjectOf(authority: string | null): LimitedStateSubject | null {
  return authority === 'village_cadre' ? 'village_cadre' : null;
}

/**
 * Drafts the committee's outcomes as sanction records, in the decision's transaction: one per
 * (subject, code), `drafted`, with the case's scope (owner: the handling unit; region: the
 * subject's; reach as `importSanction`), the person's authority, membership and limit, the
 * required body, a trail event and an audit event each. Refuses, before writing anything, a state
 * sanction a village cadre cannot receive (SANCTION_VILLAGE_CADRE) and a party sanction for a
 * non-member (VALIDATION_FAILED). Returns the ids drafted.
 */
export async function draftSanctionsFromDecision(
  tx: Ctx,
  input: { caseId: string; reviewId: string; outcomes: readonly DecidedOutcome[] },
): Promise<string[]> {
  const kase = await tx.db
    .selectFrom('cases')
    .select(['id', 'number', 'handling_unit_id', 'zone_id', 'mode', 'region_path', 'county_code'])
    .where('id', '=', input.caseId)
    .executeTakeFirstOrThrow();
  const unit = await tx.db
    .selectFrom('units')
    .select(['id', 'path', 'kind', 'county_code'])
    .where('id', '=', kase.handling_unit_id)
    .executeTakeFirstOrThrow();
  const subjects = await tx.db.selectFrom('case_subjects').selectAll().where('case_id', '=', input.caseId).execute();
  const drafts: Record<string, unknown>[] = [];
  for (const o of input.outcomes) {
    const s = subjects.find((x) => x.id === o.subjectId);
    if (!s) throw errors.validation({ field: 'subjectId', value: o.subjectId });
    const authority = (s.authority ?? 'other') as CadreAuthority;
    const limited = limitedSubjectOf(s.authority);
    const partyMember = Number(s.party_member) === 1;
    // The subject's region, or the case's (the first subject's) when the subject has none.
    const region = s.region_code
      ? await tx.db
          .selectFrom('regions')
          .select(['path', 'county_code'])
          .where('code', '=', s.region_code)
          .executeTakeFirst()
      : { path: kase.region_path, county_code: kase.county_code };
    if (!region) throw errors.validation({ field: 'regionCode' }, `未登记${s.name}的所在地区，不能拟定处分`);
    for (const code of o.codes) {
      const { system, kind } = outcomeParts(code);
      if (system === 'state') requireStateSanctionFor(limited, kind as StateSanction);
      if (system === 'party' && !partyMember)
        throw errors.validation({ field: 'codes', subject: s.name }, `${s.name}不是中共党员，不能给予党纪处分`);
      const required =
        system === 'party'
          ? requiredApprover({ subject: authority, sanction: kind as PartySanction, importantOrComplex: false })
              .required
          : null;
      drafts.push({
        id: newId(),
        source: 'case',
        case_id: kase.id,
        review_id: input.reviewId,
        case_subject_id: s.id,
        subject_id: s.subject_id,
        case_number: kase.number,
        person_name: s.name,
        person_position: s.position,
        person_employer: s.employer,
        authority,
        limited_subject: limited,
        party_member: partyMember ? 1 : 0,
        system,
        kind,
        outcome_code: code,
        probation_years: null,
        in_place_of_post_removal: 0,
        holds_party_post: system === 'party' ? partyPostOf(s.position) : null,
        important_or_complex: 0,
        four_form: null,
        status: 'drafted',
        summary: o.summary,
        required_body: required,
        stacked_days: 0,
        owner_unit_id: unit.id,
        owner_unit_path: unit.path,
        region_path: region.path,
        reach_path: COUNTY_KINDS.includes(unit.kind) ? unit.path : region.path,
        county_code: unit.county_code ?? region.county_code,
        zone_id: kase.zone_id,
        handling_mode: kase.mode,
        version: 1,
        created_by: tx.actor?.userId ?? null,
        created_at: nowIso(tx),
        updated_at: nowIso(tx),
      });
    }
  }
  for (const d of drafts) {
    await tx.db
      .insertInto('sanctions')
      .values(d as never)
      .execute();
    const label = FORM_OUTCOME_LABELS[d.outcome_code as FormOutcome];
    await addSanctionEvent(tx, d.id as string, 'drafted', `${String(d.person_name)}：${label}`);
    await recordAudit(tx, {
      action: 'sanction.draft',
      resourceType: SANCTION_RESOURCE,
      resourceId: d.id as string,
      unitId: d.owner_unit_id as string,
      changes: { status: [null, 'drafted'], outcome: [null, d.outcome_code] },
    });
  }
  return drafts.map((d) => d.id as string);
}

/** Refuses an action on a record not in one of `statuses` (SANCTION_TRANSITION, in words). */
export function requireSanctionStatus(row: SanctionRow, statuses: readonly string[], action: string): void {
  if (!statuses.includes(row.status))
    throw domainError(
      'SANCTION_TRANSITION',
      { status: row.status, action },
      `该处理当前为“${STATUS_WORDS[row.status] ?? row.status}”，不能${ACTION_WORDS[action] ?? action}`,
    );
}

const STATUS_WORDS: Record<string, string> = {
  drafted: '拟定',
  submitted: '报批',
  decided: '已决定',
  revoked: '已撤销',
  withdrawn: '已撤回',
};
const ACTION_WORDS: Record<string, string> = {
  edit: '修改',
  defence: '记录陈述申辩',
  withdraw: '撤回',
  branch_meeting: '记录支部大会',
  direct_decision: '记录直接决定理由',
  decide: '作出处分决定',
  submit: '报送党委审批',
};

/** Whether a record says its person holds a party post: true, false, or null (not recorded). */
export function postOf(row: Pick<SanctionRow, 'holds_party_post'>): boolean | null {
  return row.holds_party_post === null ? null : Number(row.holds_party_post) === 1;
}

/** The kind of a record as the defence rule compares it (`probation:2` keeps the length). */
function kindKey(row: Pick<SanctionRow, 'kind' | 'probation_years'>): string {
  return row.kind === 'probation' && row.probation_years ? `probation:${row.probation_years}` : row.kind;
}
function rowOfKey(system: string, key: string) {
  const [kind, years] = key.split(':');
  return {
    system,
    kind: kind!,
    probation_years: years ? Number(years) : null,
    in_place_of_post_removal: 0,
  };
}

/** What a draft's edit may change. */
export interface SanctionEdit {
  version: number;
  kind?: string | undefined;
  probationYears?: number | null | undefined;
  inPlaceOfPostRemoval?: boolean | undefined;
  /** Whether the person holds a party post (党内职务); null: not known. */
  holdsPartyPost?: boolean | null | undefined;
  importantOrComplex?: boolean | undefined;
  exemptionConclusion?: string | null | undefined;
  summary?: string | undefined;
  /** A new fact found after the defence: lets a heavier kind through. */
  newFact?: string | null | undefined;
}

/**
 * Edits a drafted record (kind within its side, probation years, in place of 撤销党内职务,
 * whether the person holds a party post, important or complex, 免予处分's conclusion, the summary,
 * a new fact). The engine refuses what the rules refuse: a kind outside the side's list or a
 * village cadre's limit, 撤销党内职务 for a person recorded as holding no party post
 * (SANCTION_NO_PARTY_POST, CF23 第十一条), 严重警告 in its place for one who holds one, a probation other
 * than 1 or 2 years, an exemption without its conclusion, a kind heavier than the one before the
 * defence without a new fact. The required body is recomputed. Needs `manage`.
 */
export async function editSanction(ctx: Ctx, id: string, input: SanctionEdit) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted'], 'edit');
    const kind = input.kind ?? row.kind;
    const lists: Record<string, readonly string[]> = {
      party: PARTY_SANCTIONS,
      state: STATE_SANCTIONS,
      lighter: LIGHTER_OUTCOMES,
      prosecution: ['referral'],
    };
    if (!(lists[row.system] ?? []).includes(kind))
      throw errors.validation(
        { field: 'kind', value: kind },
        '处分种类不正确，或与原拟定的处分类别（党纪、政务）不一致',
      );
    const probationYears =
      kind === 'probation' ? (input.probationYears !== undefined ? input.probationYears : row.probation_years) : null;
    const inPlace = input.inPlaceOfPostRemoval ?? row.in_place_of_post_removal === 1;
    const heldPost = input.holdsPartyPost !== undefined ? input.holdsPartyPost : postOf(row);
    if (heldPost !== null && row.system !== 'party')
      throw errors.validation({ field: 'holdsPartyPost' }, '只有党纪处分需要记录是否担任党内职务');
    const important = input.importantOrComplex ?? row.important_or_complex === 1;
    const conclusion =
      input.exemptionConclusion !== undefined ? input.exemptionConclusion?.trim() || null : row.exemption_conclusion;
    const newFact = input.newFact !== undefined ? input.newFact?.trim() || null : row.new_fact;
    const summary = input.summary !== undefined ? input.summary.trim() : row.summary;
    if (!summary) throw errors.validation({ field: 'summary' }, '请写明拟处理意见');
    const next = {
      system: row.system,
      kind,
      probation_years: probationYears,
      in_place_of_post_removal: inPlace ? 1 : 0,
    };
    // Not recorded yet: the decision asks for it (`decideSanction`); recorded as none: refused now.
    if (row.system === 'party') requirePartySanction(sanctionOfRow(next), { holdsPartyPost: heldPost !== false });
    if (inPlace && heldPost === true)
      throw errors.validation(
        { field: 'inPlaceOfPostRemoval' },
        '被处分人担任党内职务，应当给予撤销党内职务处分，不能以严重警告代替（CF23 第十一条）',
      );
    if (row.system === 'state')
      requireStateSanctionFor(row.limited_subject as LimitedStateSubject | null, kind as StateSanction);
    if (row.system === 'lighter' && kind === 'exemption' && input.exemptionConclusion !== undefined)
      requireExemptionConclusion(conclusion);
    if (inPlace && !(row.system === 'party' && kind === 'serious_warning'))
      throw errors.validation({ field: 'inPlaceOfPostRemoval' }, '只有严重警告可以代替撤销党内职务');
    if ((row.system === 'party' || row.system === 'state') && row.proposed_kind_before_defence)
      requireAfterDefence(
        sanctionOfRow(rowOfKey(row.system, row.proposed_kind_before_defence)),
        sanctionOfRow(next),
        newFact !== null,
      );
    const outcome_code =
      row.system === 'lighter' && kind === 'organisational_handling'
        ? row.outcome_code
        : row.system === 'prosecution'
          ? 'prosecution_referral'
          : `${row.system}.${kind}`;
    const required_body =
      row.system === 'party'
        ? requiredApprover({
            subject: row.authority as CadreAuthority,
            sanction: kind as PartySanction,
            importantOrComplex: important,
            inPlaceOfPostRemoval: inPlace,
          }).required
        : null;
    const set = {
      kind,
      outcome_code,
      probation_years: probationYears,
      in_place_of_post_removal: inPlace ? 1 : 0,
      holds_party_post: heldPost === null ? null : heldPost ? 1 : 0,
      important_or_complex: important ? 1 : 0,
      exemption_conclusion: conclusion,
      new_fact: newFact,
      summary,
      required_body,
    };
    const version = await touchSanction(tx, id, row.version, set);
    const changes: Record<string, [unknown, unknown]> = {};
    for (const [k, v] of Object.entries(set))
      if ((row as unknown as Record<string, unknown>)[k] !== v && k !== 'exemption_conclusion' && k !== 'new_fact')
        changes[k] = [(row as unknown as Record<string, unknown>)[k], v];
    const postWords =
      heldPost !== postOf(row) && heldPost !== null ? (heldPost ? '担任党内职务；' : '未担任党内职务；') : '';
    await addSanctionEvent(
      tx,
      id,
      'edited',
      `${postWords}${newFact && newFact !== row.new_fact ? `新的事实：${newFact}` : summary}`,
    );
    await recordAudit(tx, {
      action: 'sanction.edit',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes,
    });
    return { version };
  });
}

/**
 * Records the person's defence (陈述申辩) on a drafted party or state sanction: the kind proposed
 * before it is kept, so a heavier one later needs a new fact (`requireAfterDefence`). A second
 * hearing keeps the first proposal. Needs `manage`.
 */
export async function recordDefence(
  ctx: Ctx,
  id: string,
  input: { version: number; heardOn: string; summary: string },
) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted'], 'defence');
    if (row.system !== 'party' && row.system !== 'state')
      throw errors.validation({ field: 'system' }, '只有党纪处分和政务处分需要听取陈述申辩');
    if (input.heardOn > toShanghaiDate(nowIso(tx)))
      throw errors.validation({ field: 'heardOn' }, '听取申辩日期不能晚于今天');
    const summary = input.summary.trim();
    if (!summary) throw errors.validation({ field: 'summary' }, '请记录被处分人的陈述和申辩');
    const version = await touchSanction(tx, id, row.version, {
      defence_heard_on: input.heardOn,
      defence_summary: summary,
      proposed_kind_before_defence: row.proposed_kind_before_defence ?? kindKey(row),
    });
    await addSanctionEvent(tx, id, 'defence_heard', summary);
    await recordAudit(tx, {
      action: 'sanction.defence',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { defenceHeardOn: [row.defence_heard_on, input.heardOn] },
    });
    return { version };
  });
}

/** Withdraws a drafted record with its reason (the outcome will not be given). Needs `manage`. */
export async function withdrawSanction(ctx: Ctx, id: string, input: { version: number; reason: string }) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted', 'submitted'], 'withdraw');
    const reason = input.reason.trim();
    if (!reason) throw errors.validation({ field: 'reason' }, '请写明撤回的理由');
    const version = await touchSanction(tx, id, row.version, { status: 'withdrawn' });
    await addSanctionEvent(tx, id, 'withdrawn', reason);
    await recordAudit(tx, {
      action: 'sanction.withdraw',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'withdrawn'] },
    });
    return { version };
  });
}

/** One line of the branch meeting's roll as entered. */
export interface RollEntry {
  name: string;
  /** The person being sanctioned (present to defend themselves, no vote). */
  isSubject?: boolean | undefined;
  votingRights: boolean;
  shouldAttend: boolean;
  present: boolean;
  vote: 'yes' | 'no' | 'abstain' | null;
}

/** The branch meeting as recorded. */
export interface BranchMeetingInput {
  version: number;
  branchName: string;
  heldOn: string;
  roll: RollEntry[];
  resolution: string;
  personOpinion?: string | null | undefined;
  personSignature: 'signed' | 'refused' | 'absent';
}

/**
 * Records the 支部大会 on a drafted party sanction: quorum and majority from the roll
 * (`requireRollResolution`: against those who should attend, exactly half fails). A meeting
 * without quorum or majority is SANCTION_BRANCH_QUORUM / SANCTION_BRANCH_MAJORITY with nothing
 * written; the roll's errors SANCTION_BRANCH_ROLL. Needs `manage`.
 */
export async function recordBranchMeeting(ctx: Ctx, id: string, input: BranchMeetingInput) {
  return inTransaction(ctx, async (tx) => {
    const actor = requireActor(tx);
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted'], 'branch_meeting');
    if (row.system !== 'party') throw errors.validation({ field: 'system' }, '只有党纪处分需要召开支部党员大会');
    if (input.heldOn > toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'heldOn' }, '会议日期不能晚于今天');
    const branchName = input.branchName.trim();
    const resolution = input.resolution.trim();
    if (!branchName || !resolution)
      throw errors.validation({ field: !branchName ? 'branchName' : 'resolution' }, '请写明党支部名称和决议内容');
    const SUBJECT = '\u0000subject';
    const result = requireRollResolution(
      input.roll.map((l) => ({
        personId: l.isSubject ? SUBJECT : l.name.trim(),
        votingRights: l.votingRights,
        shouldAttend: l.shouldAttend,
        present: l.present,
        vote: l.vote,
      })),
      SUBJECT,
    );
    const meetingId = newId();
    await tx.db
      .insertInto('sanction_branch_meetings')
      .values({
        id: meetingId,
        sanction_id: id,
        branch_name: branchName,
        held_on: input.heldOn,
        roll: JSON.stringify(input.roll),
        should_attend: result.counts.shouldAttend,
        present_voting: result.counts.present,
        votes_for: result.counts.yes,
        votes_against: result.counts.no,
        abstentions: result.counts.abstain,
        quorate: result.quorum ? 1 : 0,
        passed: result.passed ? 1 : 0,
        resolution,
        person_opinion: input.personOpinion?.trim() || null,
        person_signature: input.personSignature,
        created_by: actor.userId,
        created_at: nowIso(tx),
      })
      .execute();
    const version = await touchSanction(tx, id, row.version);
    const c = result.counts;
    await addSanctionEvent(
      tx,
      id,
      'branch_meeting',
      `${branchName}：应到${c.shouldAttend}人，实到${c.present}人，赞成${c.yes}人，反对${c.no}人，弃权${c.abstain}人`,
    );
    await recordAudit(tx, {
      action: 'sanction.branch_meeting',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { passed: [null, true], yes: [null, c.yes], shouldAttend: [null, c.shouldAttend] },
    });
    return { id: meetingId, version, counts: c, needed: result.needed, passed: result.passed };
  });
}

/**
 * Records why a county-level body decides a party sanction without the branch meeting (PZ
 * 第十四条): `requireDirectDecision` with the body that will decide (SANCTION_DIRECT_DECISION).
 * The decision then needs a body at that level. Needs `manage`.
 */
export async function recordDirectDecision(
  ctx: Ctx,
  id: string,
  input: { version: number; body: ApprovingBody; reason: DirectDecisionReason; note?: string | null | undefined },
) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted'], 'direct_decision');
    if (row.system !== 'party') throw errors.validation({ field: 'system' }, '只有党纪处分涉及支部党员大会');
    const note = input.note?.trim() || null;
    requireDirectDecision({ body: input.body, reason: input.reason, note });
    const version = await touchSanction(tx, id, row.version, { direct_reason: input.reason, direct_note: note });
    await addSanctionEvent(
      tx,
      id,
      'direct_decision',
      `${APPROVING_BODY_LABELS[input.body]}直接决定${note ? `：${note}` : ''}`,
    );
    await recordAudit(tx, {
      action: 'sanction.direct_decision',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { directReason: [row.direct_reason, input.reason] },
    });
    return { version };
  });
}
