/**
 * The commission's submission of a party sanction to the party committee that approves it (PZ
 * 第六条, 第二十八条; domain rules §5.2): a township commission reviews a 撤销党内职务 or 留党察看 and
 * submits it to the township party committee, which decides (a county commission likewise to the
 * county party committee for a county-managed cadre). The record moves drafted → submitted →
 * decided; a party committee's decision on a record the commission has not submitted is refused
 * (`requireSubmittedForCommittee` in sanctions.decision.ts), and the direct path stays where the commission itself approves.
 * The submission meets timer 17's first leg (within 15 days of the commission standing committee's
 * vote, PZ 第十七条). One transaction with its trail event and audit event.
 */
import { APPROVING_BODY_LABELS, type ApprovingBody, type PartySanction } from '../../shared/sanctions.codes.js';
import type { CadreAuthority } from '../../shared/org.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { recordAudit } from '../audit/index.js';
import { meetClock } from '../deadlines/index.js';
import { clock as submissionClock } from './sanctions.clocks.js';
import { commissionVoteOf, openSanctionClocks } from './sanctions.decision.js';
import { postOf, requireSanctionStatus } from './sanctions.records.js';
import { requiredApprover } from './sanctions.rules.js';
import { SANCTION_RESOURCE, addSanctionEvent, loadSanction, touchSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The party committee a record goes to for approval, or null when a commission approves it. */
export function approvingCommitteeOf(row: SanctionRow): ApprovingBody | null {
  if (row.system !== 'party') return null;
  const need = requiredApprover({
    subject: row.authority as CadreAuthority,
    sanction: row.kind as PartySanction,
    importantOrComplex: Number(row.important_or_complex) === 1,
    inPlaceOfPostRemoval: Number(row.in_place_of_post_removal) === 1,
  });
  return need.required.endsWith('_party_committee') ? need.required : null;
}

/**
 * Submits a drafted party sanction to the party committee that approves it, on `on` (not after
 * today, not before the commission standing committee's vote): refused with SANCTION_TRANSITION
 * when the record is not drafted or a commission approves it itself (nothing to submit); with
 * SANCTION_NO_BRANCH_RESOLUTION when neither a passed branch meeting nor a direct decision's reason
 * is recorded (PZ 第十三条: the branch's resolution goes up with it); 撤销党内职务 needs the person's
 * party post recorded (SANCTION_NO_PARTY_POST when none). Meets timer 17's first leg. Needs `manage`.
 */
export async function submitSanction(
  ctx: Ctx,
  id: string,
  input: { version: number; on: string; note?: string | null | undefined },
) {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'manage', { version: input.version, forUpdate: true });
    requireSanctionStatus(row, ['drafted'], 'submit');
    const committee = approvingCommitteeOf(row);
    if (!committee)
      throw domainError(
        'SANCTION_TRANSITION',
        { status: row.status, action: 'submit' },
        row.system === 'party'
          ? `该处分由${APPROVING_BODY_LABELS[row.required_body as ApprovingBody] ?? '纪委'}批准，不需要报送党委审批`
          : '只有需经党委批准的党纪处分才报送党委审批',
      );
    if (row.kind === 'post_removal') {
      const held = postOf(row);
      if (held === null) throw errors.validation({ field: 'holdsPartyPost' }, '请先写明被处分人是否担任党内职务');
      if (!held) throw domainError('SANCTION_NO_PARTY_POST');
    }
    if (input.on > toShanghaiDate(nowIso(tx))) throw errors.validation({ field: 'on' }, '报送日期不能晚于今天');
    const vote = await commissionVoteOf(tx, row.review_id);
    if (vote && input.on < vote) throw errors.validation({ field: 'on' }, '报送日期不能早于纪委常委会审议日期');
    const passed = await tx.db
      .selectFrom('sanction_branch_meetings')
      .select('id')
      .where('sanction_id', '=', id)
      .where('passed', '=', 1)
      .where('purpose', '=', 'sanction')
      .executeTakeFirst();
    if (!passed && !row.direct_reason) throw domainError('SANCTION_NO_BRANCH_RESOLUTION', { sanctionId: id });
    const version = await touchSanction(tx, id, row.version, { status: 'submitted', submitted_on: input.on });
    // Timer 17's first leg, from the vote, met by this submission (the decision does not open it again).
    if (vote) {
      await openSanctionClocks(tx, row, [submissionClock('committee_submission', vote, 'to_party_committee')]);
      const leg = await tx.db
        .selectFrom('deadlines')
        .select('id')
        .where('resource_type', '=', SANCTION_RESOURCE)
        .where('resource_id', '=', id)
        .where('kind', '=', 'committee_submission')
        .where('met_at', 'is', null)
        .orderBy('seq')
        .executeTakeFirst();
      if (leg) await meetClock(tx, leg.id);
    }
    const note = input.note?.trim() || null;
    await addSanctionEvent(
      tx,
      id,
      'submitted',
      `${input.on}报送${APPROVING_BODY_LABELS[committee]}${note ? `：${note}` : ''}`,
    );
    await recordAudit(tx, {
      action: 'sanction.submit',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { status: [row.status, 'submitted'], submittedOn: [null, input.on] },
    });
    return { version, status: 'submitted' as const, committee };
  });
}
