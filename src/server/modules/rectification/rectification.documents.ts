/**
 * The documents of recommendations and rectification items (issue 15 §4), official layout, PDF or
 * DOCX, each download audited (`rectification.document`):
 *
 * - 监察建议书 / 纪律检查建议书: title, number (文号), addressee, the parts the rules require (the
 *   situation, the main problems and causes, the requirements and deadline, how to report back),
 *   the issuing commission and date; a draft is marked 草稿 and its missing parts 待填写.
 * - 整改通知书 of one item, addressed to the responsible unit: the problem, its source and document,
 *   the measures, the deadline, how to report back.
 * - 整改验收表 of one item: the problem, the measures, the evidence (file names and note), the
 *   acceptance result, who accepted and when, the 回头看 date; the blank form (待验收) before it closes.
 */
import { type Block, type OfficialDocument, chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { type Ctx, inTransaction, nowIso } from '../../shared/context.js';
import { RECOMMENDATION_KIND_LABELS, type RecommendationKind } from '../../shared/recommendation.codes.js';
import {
  PROBLEM_SEVERITY_LABELS,
  RECTIFICATION_SOURCE_LABELS,
  RECTIFICATION_STATUS_LABELS,
  type ProblemSeverity,
  type RectificationSource,
  type RectificationStatus,
} from '../../shared/rectification.codes.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { type RectificationAction, rectificationPolicy } from './rectification.policy.js';
import { type RecommendationAction, recommendationPolicy } from './rectification.recommendations.policy.js';
import { recommendationView } from './rectification.recommendations.js';
import { itemFiles } from './rectification.files.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** The documents of an item (`/api/rectification-items/{id}/documents/{kind}.pdf|docx`). */
export const ITEM_DOCUMENTS = ['notice', 'acceptance'] as const;
/** An item's document kind. */
export type ItemDocument = (typeof ITEM_DOCUMENTS)[number];

/** A rendered document. */
export interface RenderedDocument {
  bytes: Buffer;
  title: string;
}

const TO_FILL = '（待填写）';

async function render(model: OfficialDocument, format: 'pdf' | 'docx'): Promise<Buffer> {
  return format === 'pdf' ? renderPdf(model) : renderDocx(model);
}

/** The legal basis sentence of each kind. */
const BASIS: Record<RecommendationKind, string> = {
  supervision: '根据《中华人民共和国监察法》和《中华人民共和国监察法实施条例》有关规定',
  discipline: '根据《中国共产党纪律检查机关监督执纪工作规则》有关规定',
};

/**
 * The 监察建议书 or 纪律检查建议书 of recommendation `id` (either side: NOT_FOUND otherwise); a
 * draft is marked 草稿 (送审稿 while in the approvals chain). Audited (`rectification.document`).
 */
export async function recommendationDocument(ctx: Ctx, id: string, format: 'pdf' | 'docx'): Promise<RenderedDocument> {
  const doc = await inTransaction(ctx, async (tx) => {
    await loadInScope<RecommendationAction>(tx, recommendationPolicy, id, 'read');
    const r = await recommendationView(tx, id);
    await recordAudit(tx, {
      action: 'rectification.document',
      resourceType: 'recommendation',
      resourceId: id,
      unitId: r.recipientUnitId,
      changes: { document: [null, `recommendation.${format}`] },
    });
    const label = RECOMMENDATION_KIND_LABELS[r.kind];
    // Not issued yet: a draft, or the text in the approvals chain (送审稿).
    const unissued = r.status === 'draft' ? '草稿' : r.status === 'submitted' ? '送审稿' : null;
    const word = label.replace(/书$/, '');
    const part = (v: string | null) => v ?? TO_FILL;
    const deadline = r.deadline ? chineseDate(r.deadline) : TO_FILL;
    const blocks: Block[] = [
      {
        kind: 'paragraph',
        text: `${BASIS[r.kind]}，${r.issuerUnitName}在监督中发现你单位存在需要整改的问题。现就“${r.subject}”向你单位提出${word}如下：`,
      },
      { kind: 'heading', level: 1, text: '一、监督发现的情况' },
      { kind: 'paragraph', text: part(r.situation) },
      { kind: 'heading', level: 1, text: '二、存在的主要问题及原因' },
      { kind: 'paragraph', text: part(r.problems) },
      { kind: 'heading', level: 1, text: '三、整改建议和要求' },
      { kind: 'paragraph', text: part(r.requirements) },
      { kind: 'paragraph', text: `请于${deadline}前完成整改。` },
      { kind: 'heading', level: 1, text: '四、整改情况反馈' },
      { kind: 'paragraph', text: part(r.reportBack) },
      {
        kind: 'paragraph',
        text: `请你单位${r.recipientPrincipal ? `主要负责人${r.recipientPrincipal}同志` : '主要负责人'}认真组织落实，${
          r.replyDueOn ? `于${chineseDate(r.replyDueOn)}前` : '在规定期限内'
        }将采纳和整改情况书面回复${r.issuerUnitName}。无正当理由拒不采纳${word}的，依规依纪依法追究责任。`,
      },
    ];
    const model: OfficialDocument = {
      title: label,
      docNumber: r.number ?? `（${unissued ?? '草稿'}，未编号）`,
      recipient: `${r.recipientUnitName}：`,
      ...(unissued ? { confidentiality: unissued } : {}),
      blocks,
      issuer: r.issuerUnitName,
      date: chineseDate(toShanghaiDate(r.issuedAt ?? nowIso(tx))),
      footer: `主送单位负责人：${r.recipientPrincipal ?? TO_FILL}`,
    };
    return { model, title: `${label}（${r.number ?? '草稿'}）` };
  });
  return { bytes: await render(doc.model, format), title: doc.title };
}

/** The names of the item's evidence files (sealed in `rectification_files`), oldest first. */
async function evidenceFileNames(tx: Ctx, itemId: string): Promise<string[]> {
  return (await itemFiles(tx, itemId)).map((f) => f.name);
}

/**
 * The 整改通知书 or 整改验收表 of item `id` (either side of the item: NOT_FOUND otherwise).
 * Audited (`rectification.document`).
 */
export async function itemDocument(
  ctx: Ctx,
  id: string,
  kind: ItemDocument,
  format: 'pdf' | 'docx',
): Promise<RenderedDocument> {
  const doc = await inTransaction(ctx, async (tx) => {
    const item = await loadInScope<RectificationAction, RectificationItemRow>(tx, rectificationPolicy, id, 'read');
    const names = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [item.owner_unit_id, item.issuer_unit_id])
      .execute();
    const unitName = (uid: string) => names.find((u) => u.id === uid)?.name ?? '';
    await recordAudit(tx, {
      action: 'rectification.document',
      resourceType: 'rectification_item',
      resourceId: id,
      unitId: item.owner_unit_id,
      changes: { document: [null, `${kind}.${format}`] },
    });
    const source = RECTIFICATION_SOURCE_LABELS[item.source_kind as RectificationSource] ?? item.source_kind;
    const severity = PROBLEM_SEVERITY_LABELS[item.severity as ProblemSeverity] ?? item.severity;
    const base = {
      docNumber: `编号：${item.id.slice(-12)}`,
      docNumberAlign: 'right' as const,
      issuer: unitName(item.issuer_unit_id),
    };
    if (kind === 'notice') {
      const model: OfficialDocument = {
        ...base,
        title: '整改通知书',
        recipient: `${unitName(item.owner_unit_id)}：`,
        blocks: [
          {
            kind: 'paragraph',
            text: `根据${source}${item.source_document ? `（${item.source_document}）` : ''}，现将下列问题交你单位整改，请认真落实。`,
          },
          {
            kind: 'fields',
            columns: 2,
            fields: [
              { label: '问题', value: item.problem, wide: true },
              { label: '问题来源', value: source, wide: true },
              { label: '来源文件', value: item.source_document ?? '无', wide: true },
              { label: '严重程度', value: severity, wide: true },
              { label: '整改措施', value: item.measures ?? '由责任单位制定并报送', wide: true },
              { label: '整改责任人', value: item.responsible_person ?? '责任单位主要负责人', wide: true },
              { label: '整改期限', value: chineseDate(item.due_on), wide: true },
            ],
          },
          { kind: 'heading', level: 1, text: '整改要求和反馈方式' },
          {
            kind: 'paragraph',
            text: `请于${chineseDate(item.due_on)}前完成整改，并通过平台报送整改情况说明和佐证材料，申请验收销号，由${unitName(item.issuer_unit_id)}逐项验收。确需延期的，应在期限届满前申请并经批准。逾期未完成或整改不到位的，将依次督促提醒、约谈、通报，直至问责。`,
          },
        ],
        date: chineseDate(toShanghaiDate(item.created_at)),
      };
      return { model, title: `整改通知书（${unitName(item.owner_unit_id)}）` };
    }
    const closed = item.status === 'closed';
    const files = await evidenceFileNames(tx, id);
    const closer = item.closed_by
      ? await tx.db.selectFrom('users').select('display_name').where('id', '=', item.closed_by).executeTakeFirst()
      : undefined;
    const evidence = [
      files.length > 0 ? `佐证材料：${files.join('、')}` : '',
      item.evidence_note ? `整改情况：${item.evidence_note}` : '',
    ]
      .filter(Boolean)
      .join('\n');
    const model: OfficialDocument = {
      ...base,
      title: '整改验收表',
      blocks: [
        {
          kind: 'fields',
          columns: 2,
          fields: [
            { label: '责任单位', value: unitName(item.owner_unit_id), wide: true },
            { label: '整改责任人', value: item.responsible_person ?? '', wide: true },
            {
              label: '问题来源',
              value: `${source}${item.source_document ? `（${item.source_document}）` : ''}`,
              wide: true,
            },
            { label: '问题', value: item.problem, wide: true },
            { label: '整改措施', value: item.measures ?? '', wide: true, minLines: 2 },
            { label: '整改期限', value: chineseDate(item.due_on), wide: true },
            { label: '整改佐证材料', value: evidence || '待报送', wide: true, minLines: 2 },
            {
              label: '验收结果',
              value: closed
                ? `验收合格，同意销号。${item.acceptance_note ?? ''}`
                : `待验收（当前状态：${RECTIFICATION_STATUS_LABELS[item.status as RectificationStatus] ?? item.status}）`,
              wide: true,
              minLines: closed ? 1 : 3,
            },
            closed
              ? { label: '验收人', value: closer?.display_name ?? '', wide: true }
              : { label: '验收人', value: '', wide: true, sign: '签字' },
            {
              label: '验收时间',
              value: closed && item.closed_at ? chineseDate(toShanghaiDate(item.closed_at)) : '',
              wide: true,
            },
            { label: '回头看日期', value: item.follow_up_on ? chineseDate(item.follow_up_on) : '', wide: true },
          ],
        },
      ],
      date: chineseDate(toShanghaiDate(closed && item.closed_at ? item.closed_at : nowIso(tx))),
    };
    return { model, title: `整改验收表（${unitName(item.owner_unit_id)}）` };
  });
  return { bytes: await render(doc.model, format), title: doc.title };
}
