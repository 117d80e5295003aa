/**
 * A sanction's documents as PDF or DOCX (issue 14 §7), built from the record (and its branch
 * meeting) by the templates of documents/sanction-templates.ts: 处分决定 (party), 政务处分决定书
 * (state), 通报材料, 支部大会决议 and 恢复党员权利决定. Needs `read` in scope (404 outside); a
 * document the record does not have (a state decision for a party sanction, a resolution with no
 * meeting, a restoration not decided) is SANCTION_DOCUMENT_UNAVAILABLE. Audited (`sanction.document`).
 */
import {
  type BranchResolutionData,
  branchResolution,
  circular,
  partyDecision,
  restorationDecision,
  stateDecision,
} from '../../documents/sanction-templates.js';
import { type OfficialDocument, renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { sanctionLabel } from '../../shared/sanctions.codes.js';
import { recordAudit } from '../audit/index.js';
import type { SanctionDocumentName } from './sanctions.after.schemas.js';
import { periodOfRow, sanctionOfRow } from './sanctions.import.js';
import { SANCTION_RESOURCE, loadSanction } from './sanctions.service.js';
import type { SanctionRow } from './sanctions.tables.js';

/** The documents' Chinese names (file names and the audit). */
export const SANCTION_DOCUMENT_LABELS: Record<SanctionDocumentName, string> = {
  party_decision: '处分决定',
  state_decision: '政务处分决定书',
  circular: '通报材料',
  branch_resolution: '支部大会决议',
  restoration: '恢复党员权利决定',
};

function unavailable(name: SanctionDocumentName, row: SanctionRow): never {
  throw domainError('SANCTION_DOCUMENT_UNAVAILABLE', { document: name, system: row.system, status: row.status });
}

/** The record's sanction in words (党内警告, 记过 …). */
function labelOf(row: SanctionRow): string {
  return sanctionLabel(sanctionOfRow(row));
}

async function build(tx: Ctx, row: SanctionRow, name: SanctionDocumentName): Promise<OfficialDocument> {
  const units = await tx.db
    .selectFrom('units')
    .select(['id', 'name', 'parent_id'])
    .where('id', '=', row.owner_unit_id)
    .execute();
  const owner = units[0];
  const parent = owner?.parent_id
    ? await tx.db.selectFrom('units').select('name').where('id', '=', owner.parent_id).executeTakeFirst()
    : undefined;
  const issuer = owner?.name ?? '';
  const person = {
    name: row.person_name,
    position: [row.person_employer, row.person_position].filter(Boolean).join(''),
    partyMember: row.party_member === 1,
  };
  const decided = row.status === 'decided' && row.decided_on !== null;
  const today = toShanghaiDate(nowIso(tx));
  switch (name) {
    case 'party_decision': {
      if (row.system !== 'party' || !decided) unavailable(name, row);
      const period = periodOfRow(row);
      return partyDecision({
        issuer: row.approving_body_name ?? issuer,
        docNumber: row.decision_ref,
        person,
        facts: row.summary,
        sanction: labelOf(row),
        approvingBody: row.approving_body_name ?? issuer,
        decidedOn: row.decided_on!,
        periodStart: period?.startsOn ?? null,
        periodEnd: period?.endsOn ?? null,
        periodName: row.kind === 'probation' ? '留党察看期' : row.kind === 'expulsion' ? '不得重新入党期限' : '影响期',
        date: row.decided_on!,
      });
    }
    case 'state_decision': {
      if (row.system !== 'state' || !decided) unavailable(name, row);
      const period = periodOfRow(row);
      return stateDecision({
        issuer,
        upperOrgan: parent?.name ?? '上一级监察机关',
        docNumber: row.decision_ref,
        person,
        facts: row.summary,
        defence: row.defence_summary,
        sanction: labelOf(row),
        decidedOn: row.decided_on!,
        months: row.effect_months,
        periodEnd: period?.endsOn ?? null,
        liftsOn: period?.liftsOn ?? null,
        rankNotRestored: row.kind === 'demotion' || row.kind === 'removal',
        date: row.decided_on!,
      });
    }
    case 'circular': {
      if ((row.system !== 'party' && row.system !== 'state') || !decided) unavailable(name, row);
      return circular({
        issuer,
        person,
        facts: row.summary,
        outcome: `经${row.approving_body_name ?? issuer}研究，给予${row.person_name}${labelOf(row)}处分`,
        addressee: '各乡镇（街道）纪（工）委，县直各单位：',
        date: today,
      });
    }
    case 'branch_resolution': {
      const meetings = await tx.db
        .selectFrom('sanction_branch_meetings')
        .selectAll()
        .where('sanction_id', '=', row.id)
        .orderBy('held_on', 'desc')
        .orderBy('created_at', 'desc')
        .execute();
      const m = meetings.find((x) => x.purpose === 'sanction') ?? meetings[0];
      if (!m) unavailable(name, row);
      const data: BranchResolutionData = {
        branchName: m.branch_name,
        heldOn: m.held_on,
        matter:
          m.purpose === 'restoration' ? `恢复${row.person_name}党员权利` : `给予${row.person_name}${labelOf(row)}处分`,
        shouldAttend: m.should_attend,
        present: m.present_voting,
        yes: m.votes_for,
        no: m.votes_against,
        abstain: m.abstentions,
        quorate: m.quorate === 1,
        passed: m.passed === 1,
        resolution: m.resolution,
        personName: row.person_name,
        personOpinion: m.person_opinion,
        personSignature: m.person_signature as BranchResolutionData['personSignature'],
      };
      return branchResolution(data);
    }
    case 'restoration': {
      if (row.probation_outcome !== 'restore' || !row.restored_on || !row.restriction_end) unavailable(name, row);
      const meeting = await tx.db
        .selectFrom('sanction_branch_meetings')
        .select(['branch_name', 'held_on'])
        .where('sanction_id', '=', row.id)
        .where('purpose', '=', 'restoration')
        .orderBy('held_on', 'desc')
        .executeTakeFirst();
      return restorationDecision({
        issuer: row.approving_body_name ?? issuer,
        docNumber: row.probation_outcome_ref,
        person,
        probation: labelOf(row),
        probationDecidedOn: row.decided_on!,
        branchHeldOn: meeting?.held_on ?? null,
        branchName: meeting?.branch_name ?? null,
        decidedOn: row.probation_outcome_on!,
        restoredOn: row.restored_on,
        restrictionEnd: row.restriction_end,
        date: row.probation_outcome_on!,
      });
    }
  }
}

/** Renders sanction `id`'s document `name` as `format`; audited. Returns the bytes and a file title. */
export async function sanctionDocument(ctx: Ctx, id: string, name: SanctionDocumentName, format: 'pdf' | 'docx') {
  return inTransaction(ctx, async (tx) => {
    const row = await loadSanction(tx, id, 'read');
    const doc = await build(tx, row, name);
    await recordAudit(tx, {
      action: 'sanction.document',
      resourceType: SANCTION_RESOURCE,
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { document: [null, `${name}.${format}`] },
    });
    const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
    return { bytes, title: `${SANCTION_DOCUMENT_LABELS[name]}（${row.person_name}）` };
  });
}
