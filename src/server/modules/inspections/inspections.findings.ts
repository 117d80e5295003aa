/**
 * Findings (发现问题) and what happens next, decided by the team leader or the organiser's side:
 * a rectification item in the one ledger (`openRectificationItem`, same transaction), a talk of
 * the first form recorded in `inspection_talks` and shown on the person's integrity file, a
 * draft 监察建议书 to the unit (`createRecommendation`, same transaction: the issuer side completes
 * and issues it), or a clue handed to
 * the clue module with the evidence (`registerClue`, source `inspection`, same transaction).
 */
import { NEXT_STEP_LABELS, type NextStep, TALK_KIND_LABELS, type TalkKind } from '../../shared/inspections.codes.js';
import type { ProblemSeverity } from '../../shared/rectification.codes.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { registerClue } from '../clues/index.js';
import { commissionOf } from '../numbering/index.js';
import { createRecommendation, openRectificationItem } from '../rectification/index.js';
import { type InspectionAction, inspectionPolicy } from './inspections.policy.js';
import {
  type InspectionView,
  isOrganiser,
  requireStatus,
  teamRole,
  todayOf,
  touchInspection,
  viewOf,
} from './inspections.read.js';
import type { InspectionRow } from './inspections.tables.js';

/** What deciding a finding's next step takes. */
export interface DecisionInput {
  /** The finding's version read. */
  version: number;
  nextStep: NextStep;
  severity?: ProblemSeverity | undefined;
  /** A corrected description of the problem. */
  what?: string | undefined;
  /** The responsible unit (rectification: 责任单位; recommendation: its recipient). */
  responsibleUnitId?: string | null | undefined;
  responsiblePerson?: string | null | undefined;
  /** The registry person concerned (talk: required; clue: the subject, or `responsiblePerson`). */
  subjectId?: string | null | undefined;
  /** The rectification deadline (YYYY-MM-DD). */
  dueOn?: string | null | undefined;
  measures?: string | null | undefined;
  talk?: { kind: TalkKind; talkedOn: string; note?: string | null | undefined } | undefined;
  /** The clue's categories (`CLUE_CATEGORIES` codes). */
  clueCategories?: readonly string[] | undefined;
  note?: string | null | undefined;
}

/**
 * Decides finding `findingId` of inspection `id` (the team leader or the organiser's side, while
 * in progress), once. Refusals: INSPECTION_NOT_LEADER, INSPECTION_STATE (inspection not in
 * progress, finding already decided), CONFLICT (stale finding), VALIDATION_FAILED naming the
 * missing field (rectification: responsible unit and deadline; talk: person, kind and date;
 * recommendation: recipient unit; clue: a person), and those of `openRectificationItem`.
 * Audited (`inspection.finding_decide`), with the produced record's own audit event.
 */
export async function decideFinding(
  ctx: Ctx,
  id: string,
  findingId: string,
  input: DecisionInput,
): Promise<InspectionView> {
  return inTransaction(ctx, async (tx) => {
    const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read');
    if ((await teamRole(tx, id)) !== 'leader' && !(await isOrganiser(tx, id)))
      throw domainError('INSPECTION_NOT_LEADER', { action: 'decide' });
    requireStatus(row, ['in_progress'], 'decide');
    const finding = await tx.db
      .selectFrom('inspection_findings')
      .selectAll()
      .where('id', '=', findingId)
      .where('inspection_id', '=', id)
      .executeTakeFirst();
    if (!finding) throw errors.notFound('inspection_finding');
    if (Number(finding.version) !== input.version) throw errors.conflict({ version: Number(finding.version) });
    if (finding.next_step) throw domainError('INSPECTION_STATE', { action: 'decide', nextStep: finding.next_step });
    const target = await tx.db
      .selectFrom('inspection_targets')
      .selectAll()
      .where('id', '=', finding.target_id)
      .executeTakeFirstOrThrow();
    const what = input.what?.trim() || finding.what;
    const severity = input.severity ?? (finding.severity as ProblemSeverity);
    const unitId = input.responsibleUnitId ?? finding.responsible_unit_id;
    const person = input.responsiblePerson?.trim() || finding.responsible_person;
    const subject = input.subjectId
      ? await tx.db
          .selectFrom('subjects')
          .select(['id', 'name', 'position', 'employer', 'region_code', 'region_path', 'county_code'])
          .where('id', '=', input.subjectId)
          .executeTakeFirst()
      : undefined;
    if (input.subjectId && !subject) throw errors.validation({ field: 'subjectId' }, '所选人员不在监督对象名录中');
    const now = nowIso(tx);
    const set: Record<string, unknown> = {};
    let produced: string | null = null;
    switch (input.nextStep) {
      case 'rectification': {
        if (!unitId) throw errors.validation({ field: 'responsibleUnitId' }, '交办整改须写明整改责任单位');
        if (!input.dueOn) throw errors.validation({ field: 'dueOn' }, '交办整改须写明整改期限');
        const item = await openRectificationItem(tx, {
          source: 'inspection_finding',
          sourceId: finding.id,
          sourceDocument: row.title,
          problem: `${finding.item_label}：${what}`,
          severity,
          measures: input.measures ?? null,
          ownerUnitId: unitId,
          responsiblePerson: person ?? subject?.name ?? null,
          issuerUnitId: row.owner_unit_id,
          dueOn: input.dueOn,
        });
        set.rectification_item_id = item.id;
        set.due_on = input.dueOn;
        produced = item.id;
        break;
      }
      case 'talk': {
        if (!subject) throw errors.validation({ field: 'subjectId' }, '谈话提醒须选定谈话对象（监督对象名录中的人员）');
        if (!input.talk) throw errors.validation({ field: 'talk' }, '请写明谈话方式和日期');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(input.talk.talkedOn) || input.talk.talkedOn > todayOf(tx))
          throw errors.validation({ field: 'talk.talkedOn' }, '谈话日期不能晚于今天');
        const organiser = await tx.db
          .selectFrom('units')
          .select(['id', 'path'])
          .where('id', '=', row.owner_unit_id)
          .executeTakeFirstOrThrow();
        const talkId = newId();
        await tx.db
          .insertInto('inspection_talks')
          .values({
            id: talkId,
            inspection_id: id,
            finding_id: finding.id,
            subject_id: subject.id,
            person_name: subject.name,
            kind: input.talk.kind,
            talked_on: input.talk.talkedOn,
            note: input.talk.note?.trim() || null,
            owner_unit_id: organiser.id,
            owner_unit_path: organiser.path,
            region_path: subject.region_path,
            county_code: subject.county_code ?? row.county_code,
            created_by: tx.actor?.userId ?? null,
            created_by_name: tx.actor?.displayName ?? null,
            created_at: now,
          })
          .execute();
        await recordAudit(tx, {
          action: 'inspection.talk_record',
          resourceType: 'subject',
          resourceId: subject.id,
          unitId: row.owner_unit_id,
          changes: { talk: [null, talkId], kind: [null, input.talk.kind], finding: [null, finding.id] },
        });
        set.talk_id = talkId;
        produced = talkId;
        break;
      }
      case 'recommendation': {
        if (!unitId) throw errors.validation({ field: 'responsibleUnitId' }, '提出监察建议须写明建议对象单位');
        // A draft 监察建议书 from the organiser's commission to the unit, filled from the finding; the
        // issuer side completes the parts the rules require and issues it (recommendations API).
        const commission = await commissionOf(tx, row.owner_unit_id);
        const draft = await createRecommendation(tx, {
          kind: 'supervision',
          subject: `${row.title}发现问题的监察建议`,
          issuerUnitId: commission.id,
          recipientUnitId: unitId,
          situation: `${row.title}检查${target.label}发现：${finding.item_label}——${what}`,
          problems: what,
          deadline: input.dueOn ?? null,
          sourceKind: 'finding',
          sourceId: finding.id,
        });
        set.recommendation_id = draft.id;
        produced = draft.id;
        break;
      }
      case 'clue': {
        const name = subject?.name ?? person;
        if (!name) throw errors.validation({ field: 'subjectId' }, '移交问题线索须写明反映对象');
        const commission = await commissionOf(tx, row.owner_unit_id);
        const files = finding.check_id
          ? await tx.db
              .selectFrom('inspection_check_files')
              .select(['id', 'sha256'])
              .where('check_id', '=', finding.check_id)
              .execute()
          : [];
        const clue = await registerClue(tx, {
          reportId: null,
          sourceKind: 'inspection',
          subjectName: name,
          subjectId: subject?.id ?? null,
          subjects: [
            {
              subjectId: subject?.id ?? null,
              name,
              position: subject?.position ?? null,
              employer: subject?.employer ?? null,
              regionCode: subject?.region_code ?? target.region_code,
            },
          ],
          summary: `${row.title}检查${target.label}发现：${finding.item_label}——${what}（检查组佐证：${files.length}份照片或文件，SHA-256 ${files.map((f) => f.sha256.slice(0, 12)).join('、') || '无'}；发现问题编号${finding.id}）`,
          ownerUnitId: commission.id,
          ownerUnitPath: commission.path,
          regionPath: target.region_path,
          countyCode: commission.county_code,
          sourceRef: `${row.title}·问题${finding.seq}`,
          categories: input.clueCategories ?? [],
          regionCode: target.region_code,
        });
        set.clue_id = clue.id;
        produced = clue.id;
        break;
      }
    }
    const res = await tx.db
      .updateTable('inspection_findings')
      .set({
        ...set,
        what,
        severity,
        responsible_unit_id: unitId ?? null,
        responsible_person: person ?? subject?.name ?? null,
        subject_id: subject?.id ?? finding.subject_id,
        next_step: input.nextStep,
        decision_note: input.note?.trim() || null,
        decided_by: tx.actor?.userId ?? null,
        decided_at: now,
        version: Number(finding.version) + 1,
      })
      .where('id', '=', finding.id)
      .where('version', '=', finding.version)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw errors.conflict({ id: finding.id });
    const next = await touchInspection(tx, row);
    await recordAudit(tx, {
      action: 'inspection.finding_decide',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: {
        finding: [null, finding.id],
        nextStep: [null, input.nextStep],
        produced: [null, produced],
        label: [
          null,
          `${NEXT_STEP_LABELS[input.nextStep]}${input.talk ? `（${TALK_KIND_LABELS[input.talk.kind]}）` : ''}`,
        ],
      },
    });
    return viewOf(tx, next);
  });
}
