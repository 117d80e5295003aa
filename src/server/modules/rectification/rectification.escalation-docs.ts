/**
 * The documents of the escalation rungs: the 约谈记录 (admonition record: who was talked to, when,
 * where, by whom, what was said and required), the 通报 (circular: the text and to whom) and the
 * 问责记录 (accountability record: who, in what form, why), each as PDF or DOCX, rendered from the
 * recorded rung and audited. `accountabilityRecord` lays out a 问责记录 for a unit's own records
 * too (a recommendation refused without good reason).
 */
import { type Block, type OfficialDocument, chineseDate, renderDocx, renderPdf } from '../../documents/index.js';
import { type Ctx, inTransaction } from '../../shared/context.js';
import { domainError, errors } from '../../shared/errors.js';
import {
  ESCALATION_REASON_LABELS,
  RECTIFICATION_SOURCE_LABELS,
  type RectificationSource,
} from '../../shared/rectification.codes.js';
import { toShanghaiDate } from '../../shared/calendar/calendar.js';
import { loadInScope } from '../access/index.js';
import { recordAudit } from '../audit/index.js';
import { documentOfRung, presentEscalation } from './rectification.escalation.js';
import { type RectificationAction, rectificationPolicy } from './rectification.policy.js';
import type { RectificationItemRow } from './rectification.tables.js';

/** The document kinds of escalation rungs. */
export const ESCALATION_DOCUMENTS = ['admonition_record', 'circular', 'accountability_record'] as const;
/** An escalation document kind. */
export type EscalationDocument = (typeof ESCALATION_DOCUMENTS)[number];

/**
 * Renders document `kind` of escalation `escalationId` of item `itemId` (anyone who sees the
 * item: NOT_FOUND otherwise, and for a rung without that document). Audited
 * (`rectification.escalation_document`).
 */
export async function escalationDocument(
  ctx: Ctx,
  itemId: string,
  escalationId: string,
  kind: EscalationDocument,
  format: 'pdf' | 'docx',
): Promise<{ bytes: Buffer; title: string }> {
  const doc = await inTransaction(ctx, async (tx) => {
    const item = await loadInScope<RectificationAction, RectificationItemRow>(tx, rectificationPolicy, itemId, 'read');
    const row = await tx.db
      .selectFrom('rectification_escalations')
      .selectAll()
      .where('id', '=', escalationId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (!row) throw errors.notFound('rectification_escalation');
    if (documentOfRung(row.rung) !== kind) throw domainError('NOT_FOUND', { resource: 'document', kind });
    const esc = presentEscalation(row);
    const units = await tx.db
      .selectFrom('units')
      .select(['id', 'name'])
      .where('id', 'in', [item.owner_unit_id, item.issuer_unit_id])
      .execute();
    const nameOf = (id: string) => units.find((u) => u.id === id)?.name ?? '';
    const owner = nameOf(item.owner_unit_id);
    const issuer = nameOf(item.issuer_unit_id);
    await recordAudit(tx, {
      action: 'rectification.escalation_document',
      resourceType: 'rectification_item',
      resourceId: itemId,
      unitId: item.owner_unit_id,
      changes: { escalation: [null, escalationId], document: [null, `${kind}.${format}`] },
    });
    const source = RECTIFICATION_SOURCE_LABELS[item.source_kind as RectificationSource] ?? item.source_kind;
    const why = `${ESCALATION_REASON_LABELS[esc.reason]}（整改期限${chineseDate(item.due_on)}${Number(item.rejections) > 0 ? `，已退回${Number(item.rejections)}次` : ''}）`;
    const c = esc.content;
    const date = chineseDate(toShanghaiDate(esc.at));
    const model: OfficialDocument =
      kind === 'admonition_record'
        ? {
            title: '约谈记录',
            docNumberAlign: 'right',
            docNumber: `编号：${escalationId.slice(-8)}`,
            confidentiality: '注意保密',
            blocks: [
              {
                kind: 'fields',
                columns: 2,
                fields: [
                  { label: '约谈对象', value: c.principal ?? '', wide: true },
                  { label: '所在单位', value: owner, wide: true },
                  { label: '约谈时间', value: c.heldAt ?? '' },
                  { label: '约谈地点', value: c.place ?? '' },
                  { label: '约谈人', value: c.talkers ?? '', wide: true },
                  { label: '记录人', value: esc.recordedByName ?? '', wide: true },
                ],
              },
              { kind: 'heading', level: 1, text: '一、约谈事由' },
              {
                kind: 'paragraph',
                text: `${owner}承办的整改事项（来源：${source}${item.source_document ? `，${item.source_document}` : ''}）“${item.problem}”${why}，经督促提醒仍未完成整改，依规对该单位主要负责人进行约谈。`,
              },
              { kind: 'heading', level: 1, text: '二、约谈内容' },
              { kind: 'paragraph', text: c.said ?? '' },
              { kind: 'heading', level: 1, text: '三、提出的要求' },
              { kind: 'paragraph', text: c.required ?? '' },
              {
                kind: 'signatures',
                lines: [{ label: '约谈对象（签名）' }, { label: '约谈人（签名）' }, { label: '记录人（签名）' }],
              },
            ],
            issuer,
            date,
          }
        : kind === 'accountability_record'
          ? accountabilityRecord({
              number: escalationId,
              fields: [
                { label: '被问责人', value: c.person ?? '', wide: true },
                { label: '所在单位', value: owner, wide: true },
                { label: '问责方式', value: c.form ?? '' },
                { label: '记录人', value: esc.recordedByName ?? '' },
              ],
              cause: `${owner}承办的整改事项（来源：${source}${item.source_document ? `，${item.source_document}` : ''}）“${item.problem}”${why}，经督促提醒、约谈、通报后仍未完成整改。`,
              basis:
                '依照整改台账督办升级的规定（督促提醒、约谈、通报、问责逐级进行），对未履行整改主体责任的责任人员予以问责。',
              handling: `对${c.person ?? ''}予以${c.form ?? ''}。${c.text ?? ''}`,
              issuer,
              date,
            })
          : {
              title: '关于整改事项落实不力情况的通报',
              confidentiality: '内部资料',
              recipient: `${c.audience ?? ''}：`,
              blocks: [
                {
                  kind: 'paragraph',
                  text: `${owner}承办的整改事项（来源：${source}${item.source_document ? `，${item.source_document}` : ''}）“${item.problem}”${why}，经督促提醒、约谈后仍未完成整改。现予以通报。`,
                },
                { kind: 'paragraph', text: c.text ?? '' },
                {
                  kind: 'paragraph',
                  text: '各单位要引以为戒，对照检查，切实履行整改主体责任，确保问题整改到位。',
                },
              ],
              issuer,
              date,
            };
    return { model, title: `${model.title}（${owner}）` };
  });
  const bytes = format === 'pdf' ? await renderPdf(doc.model) : await renderDocx(doc.model);
  return { bytes, title: doc.title };
}

/** What a 问责记录 says: its number, the header fields, why, on what basis and what was done. */
export interface AccountabilityRecordParts {
  /** The record's id (its last 8 characters are the form number). */
  number: string;
  fields: { label: string; value: string; wide?: boolean }[];
  /** 一、问责事由. */
  cause: string;
  /** 二、问责依据. */
  basis: string;
  /** 三、处理意见. */
  handling: string;
  issuer: string;
  date: string;
}

/** The 问责记录 (accountability record) layout, shared by an item's 问责 rung and a unit's own records. */
export function accountabilityRecord(p: AccountabilityRecordParts): OfficialDocument {
  const blocks: Block[] = [
    { kind: 'fields', columns: 2, fields: p.fields },
    { kind: 'heading', level: 1, text: '一、问责事由' },
    { kind: 'paragraph', text: p.cause },
    { kind: 'heading', level: 1, text: '二、问责依据' },
    { kind: 'paragraph', text: p.basis },
    { kind: 'heading', level: 1, text: '三、处理意见' },
    { kind: 'paragraph', text: p.handling },
  ];
  return {
    title: '问责记录',
    docNumberAlign: 'right',
    docNumber: `编号：${p.number.slice(-8)}`,
    confidentiality: '注意保密',
    blocks,
    issuer: p.issuer,
    date: p.date,
  };
}
