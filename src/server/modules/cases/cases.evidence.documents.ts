/**
 * The case team's documents rendered from the records (PDF or DOCX, audited): the talk record
 * frame of a talk (谈话笔录 / 询问笔录 / 讯问笔录), 调取证据通知书 and 调取证据清单 of an 调取 action,
 * and 查封/扣押财物文件清单 of the property register (one action's items, or the whole register).
 */
import {
  evidenceList,
  evidenceRequestNotice,
  propertyList,
  talkRecord,
} from '../../documents/case-evidence-templates.js';
import type { OfficialDocument } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import {
  CASE_MIN_OFFICERS,
  CASE_TALK_KINDS,
  PROPERTY_KIND_LABELS,
  type PropertyKind,
} from '../../shared/cases.codes.js';
import type { Ctx } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import { actionView } from './cases.actions.js';
import { registerCaseDocument } from './cases.documents.js';
import type { CaseRow } from './cases.tables.js';

/** The documents of this part, by glossary name. */
export const CASE_EVIDENCE_DOCUMENTS = ['talk_record', 'evidence_request', 'evidence_list', 'property_list'] as const;
/** A document of this part. */
export type CaseEvidenceDocument = (typeof CASE_EVIDENCE_DOCUMENTS)[number];

const TALK_TITLES: Record<string, string> = { talk: '谈话笔录', inquiry: '询问笔录', interrogation: '讯问笔录' };

async function requireAction(tx: Ctx, caseId: string, actionId: string | undefined) {
  if (!actionId) throw errors.validation({ field: 'actionId' }, '请指明是哪一次审查调查措施（actionId）');
  const row = await tx.db
    .selectFrom('case_actions')
    .selectAll()
    .where('id', '=', actionId)
    .where('case_id', '=', caseId)
    .executeTakeFirst();
  if (!row) throw errors.notFound('action');
  return actionView(row);
}

function yuan(fen: number | string | null): string {
  if (fen === null) return '待估价';
  return `${(Number(fen) / 100).toFixed(2)}元`;
}

async function model(
  tx: Ctx,
  row: CaseRow,
  kind: CaseEvidenceDocument,
  actionId: string | undefined,
): Promise<OfficialDocument> {
  const caseNumber = row.number ?? '（未编号）';
  const unit = await tx.db.selectFrom('units').select('name').where('id', '=', row.handling_unit_id).executeTakeFirst();
  if (kind === 'property_list') {
    let q = tx.db.selectFrom('case_property').selectAll().where('case_id', '=', row.id);
    if (actionId) q = q.where('action_id', '=', actionId);
    const items = await q.orderBy('seq').execute();
    if (items.length === 0) throw errors.validation({ field: 'actionId' }, '没有登记的涉案财物');
    const action = actionId ? await requireAction(tx, row.id, actionId) : null;
    const officers = action?.officers.map((o) => o.name) ?? (await teamNames(tx, row.id));
    // GZ 第四十七条: the list is signed by those present, at least two officers.
    if (officers.length < CASE_MIN_OFFICERS)
      throw domainError(
        'CASE_OFFICERS_TOO_FEW',
        { count: officers.length },
        '审查调查组尚未组建或不足2人，不能制作查封/扣押财物文件清单',
      );
    return propertyList({
      caseNumber,
      holder: [...new Set(items.map((i) => i.holder))].join('、'),
      place: action?.place ?? items[0]!.place,
      date: toShanghaiDate(action?.startedAt ?? items[0]!.seized_at),
      officers,
      items: items.map((i) => ({
        number: i.number,
        name: i.description,
        kind: PROPERTY_KIND_LABELS[i.kind as PropertyKind] ?? i.kind,
        quantity: i.quantity ?? '',
        value: yuan(i.value_fen),
        features: i.appraisal,
      })),
    });
  }
  const action = await requireAction(tx, row.id, actionId);
  const officers = action.officers.map((o) => o.name);
  if (kind === 'talk_record') {
    if (!CASE_TALK_KINDS.includes(action.kind))
      throw errors.validation({ field: 'actionId' }, '只有谈话、询问、讯问有笔录');
    return talkRecord({
      title: TALK_TITLES[action.kind]!,
      caseNumber,
      startedAt: action.startedAt,
      endedAt: action.endedAt,
      place: action.place,
      room: action.room ?? '',
      officers,
      personName: action.personName ?? '',
      personRole: action.personRole ?? '被谈话人',
      notice: action.notice,
      recordingRef: action.recordingRef,
    });
  }
  const evidence = await tx.db
    .selectFrom('case_evidence')
    .selectAll()
    .where('case_id', '=', row.id)
    .where('action_id', '=', action.id)
    .orderBy('seq')
    .execute();
  const items = evidence.map((e) => ({
    number: String(e.seq),
    name: e.title,
    quantity: Number(e.original) === 1 ? '原件' : '复制件',
    note: Number(e.original) === 1 ? e.description : `原件存放于${e.original_location ?? '（未填写）'}`,
  }));
  if (kind === 'evidence_request')
    return evidenceRequestNotice({
      caseNumber,
      recipient: action.personName ?? '',
      caseName: `${row.subject_name}涉嫌违纪违法`,
      items,
      officers,
      issuer: unit?.name ?? '',
      date: toShanghaiDate(action.startedAt),
    });
  return evidenceList({
    caseNumber,
    holder: action.personName ?? '',
    items,
    officers,
    place: action.place,
    date: toShanghaiDate(action.startedAt),
  });
}

async function teamNames(tx: Ctx, caseId: string): Promise<string[]> {
  const rows = await tx.db
    .selectFrom('case_members')
    .select('name')
    .where('case_id', '=', caseId)
    .where('removed_at', 'is', null)
    .where('role', '!=', 'drafter')
    .orderBy('added_at')
    .execute();
  return rows.map((r) => r.name);
}

// This part's documents, served by the one case-document route (`?recordId=` names the action).
for (const kind of CASE_EVIDENCE_DOCUMENTS)
  registerCaseDocument(kind, (tx, row, opts) => model(tx, row, kind, opts.recordId ?? undefined));
