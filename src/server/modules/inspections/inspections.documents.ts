/**
 * The inspection's documents, PDF or DOCX, audited: the plan (检查方案: kind, topic, targets,
 * period, team, checklists with their items) and the report (检查报告: the summary, each finding
 * with its target, responsible unit, severity and next step, the recommendations).
 */
import { type Block, type OfficialDocument, chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import {
  CHECK_RESULT_LABELS,
  EVIDENCE_LABELS,
  INSPECTION_KIND_LABELS,
  INSPECTION_TOPIC_LABELS,
  NEXT_STEP_LABELS,
} from '../../shared/inspections.codes.js';
import { PROBLEM_SEVERITY_LABELS } from '../../shared/rectification.codes.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError } from '../../shared/errors.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type InspectionAction, inspectionPolicy } from './inspections.policy.js';
import { type InspectionView, todayOf, viewOf } from './inspections.read.js';
import type { InspectionRow } from './inspections.tables.js';

/** The documents of an inspection (`/documents/{name}.pdf|docx`). */
export const INSPECTION_DOCUMENTS = ['plan', 'report'] as const;
/** A document of an inspection. */
export type InspectionDocument = (typeof INSPECTION_DOCUMENTS)[number];

function kindWords(v: InspectionView): string {
  const topic = v.topic ? `（${v.topic === 'campaign' ? (v.topicText ?? '') : INSPECTION_TOPIC_LABELS[v.topic]}）` : '';
  return `${INSPECTION_KIND_LABELS[v.kind]}${topic}`;
}

function planModel(v: InspectionView, today: string): OfficialDocument {
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `为${v.scopeText}，${v.organiserUnitName}决定开展${kindWords(v)}，现制定方案如下。`,
    },
    { kind: 'heading', level: 1, text: '一、检查对象和期间' },
    {
      kind: 'fields',
      columns: 2,
      fields: [
        { label: '检查类型', value: kindWords(v), wide: true },
        { label: '检查对象', value: v.targets.map((t) => t.label).join('、'), wide: true },
        { label: '检查期间', value: `${chineseDate(v.periodFrom)}至${chineseDate(v.periodTo)}`, wide: true },
      ],
    },
    { kind: 'heading', level: 1, text: '二、检查组' },
    {
      kind: 'paragraph',
      text: v.team.map((m) => `${m.role === 'leader' ? '组长' : '组员'}：${m.name}（${m.unitName}）`).join('；'),
    },
    { kind: 'heading', level: 1, text: '三、检查内容' },
  ];
  for (const c of v.checklists) {
    blocks.push({ kind: 'heading', level: 2, text: `${c.title}（第${c.templateVersion}版）` });
    for (const it of c.items)
      blocks.push({
        kind: 'paragraph',
        text: `${it.position}. ${it.label}。检查方式：${it.method || '查阅资料、现场查看'}；佐证：${EVIDENCE_LABELS[it.evidence]}。`,
      });
  }
  blocks.push(
    { kind: 'heading', level: 1, text: '四、工作要求' },
    {
      kind: 'paragraph',
      text: '检查组成员与检查对象存在回避情形的，应当主动申请回避。检查中发现的问题逐项记录、附佐证材料，按规定交办整改、谈话提醒、提出建议或移交问题线索。',
    },
  );
  return {
    title: `${v.title}工作方案`,
    docNumber: `检查方案：${INSPECTION_KIND_LABELS[v.kind]}`,
    confidentiality: '内部资料',
    blocks,
    issuer: v.organiserUnitName,
    date: chineseDate(today),
  };
}

function reportModel(v: InspectionView, today: string): OfficialDocument {
  const result = (checkId: string | null) => {
    const c = v.checks.find((x) => x.id === checkId);
    return c ? `${CHECK_RESULT_LABELS[c.result]}，佐证${c.files.length}份` : '';
  };
  const blocks: Block[] = [
    {
      kind: 'paragraph',
      text: `按照${v.title}工作方案，检查组于${chineseDate(v.periodFrom)}至${chineseDate(v.periodTo)}对${v.targets.map((t) => t.label).join('、')}开展了${kindWords(v)}，共检查${v.checks.length}项，发现问题${v.findings.length}个。`,
    },
    { kind: 'heading', level: 1, text: '一、基本情况' },
    { kind: 'paragraph', text: v.report?.summary ?? '' },
    { kind: 'heading', level: 1, text: '二、发现的问题及处置' },
  ];
  if (v.findings.length === 0) blocks.push({ kind: 'paragraph', text: '本次检查未发现问题。' });
  for (const f of v.findings)
    blocks.push({
      kind: 'fields',
      columns: 2,
      fields: [
        { label: `问题${f.seq}`, value: `${f.itemLabel}（${PROBLEM_SEVERITY_LABELS[f.severity]}）`, wide: true },
        { label: '具体情况', value: `${f.targetLabel}：${f.what}（${result(f.checkId)}）`, wide: true },
        {
          label: '责任单位和人员',
          value: [f.responsibleUnitName, f.responsiblePerson].filter(Boolean).join('，') || '—',
          wide: true,
        },
        {
          label: '处置',
          value: f.nextStep
            ? `${NEXT_STEP_LABELS[f.nextStep]}${f.dueOn ? `，整改期限${chineseDate(f.dueOn)}` : ''}`
            : '待处置',
          wide: true,
        },
      ],
    });
  blocks.push(
    { kind: 'heading', level: 1, text: '三、意见建议' },
    { kind: 'paragraph', text: v.report?.recommendations ?? '无。' },
  );
  return {
    title: `${v.title}情况报告`,
    docNumber: `检查报告：${INSPECTION_KIND_LABELS[v.kind]}`,
    confidentiality: '内部资料',
    blocks,
    issuer: `${v.organiserUnitName}检查组`,
    date: chineseDate(v.report ? v.report.reportedAt.slice(0, 10) : today),
  };
}

/**
 * Renders document `name` of inspection `id` (anyone who sees it; NOT_FOUND otherwise): the plan
 * at any time, the report once written (INSPECTION_STATE before). Audited (`inspection.document`).
 */
export async function inspectionDocument(
  ctx: Ctx,
  id: string,
  name: InspectionDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  const model = await inTransaction(ctx, async (tx) => {
    const row = await loadInScope<InspectionAction, InspectionRow>(tx, inspectionPolicy, id, 'read');
    const v = await viewOf(tx, row);
    if (name === 'report' && !v.report)
      throw domainError('INSPECTION_STATE', { status: row.status, action: 'report_document' });
    await recordAudit(tx, {
      action: 'inspection.document',
      resourceType: 'inspection',
      resourceId: id,
      unitId: row.owner_unit_id,
      changes: { document: [null, `${name}.${format}`] },
    });
    return name === 'plan' ? planModel(v, todayOf(tx)) : reportModel(v, todayOf(tx));
  });
  const bytes = format === 'pdf' ? await renderPdf(model) : await renderDocx(model);
  return { bytes, title: model.title };
}
