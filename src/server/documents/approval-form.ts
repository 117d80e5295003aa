/**
 * The 呈批表 of the approval chain: a pure template from plain data (no database), one row per
 * signing post with its holder's opinion, name and date, or why the post was skipped, or that the
 * signature was recorded from the signed paper. Rendered by `renderPdf` / `renderDocx`.
 */
import { type Field, type OfficialDocument, chineseDate } from './official.js';

/** One signing row of the form. */
export interface ApprovalFormStep {
  /** The post, e.g. "分管领导意见". */
  label: string;
  /** The opinion (or, for a skipped post, the reason); empty when not yet signed. */
  opinion: string;
  /** The signer's name, when signed. */
  signer: string | null;
  /** When signed (ISO instant or date). */
  date: string | null;
  /** Recorded from the signed paper rather than signed on the platform. */
  offline: boolean;
}

/** What a 呈批表 shows. */
export interface ApprovalFormData {
  /** The form's title, e.g. "问题线索处置意见呈批表". */
  formTitle: string;
  /** 编号. */
  number: string;
  /** 标题: what the document is about. */
  title: string;
  /** 承办部门. */
  draftingUnit: string;
  /** 拟稿人. */
  drafter: string;
  /** 报批时间 (ISO instant). */
  submittedAt: string;
  /** 主要内容 (a summary of the content). */
  summary: string;
  steps: ApprovalFormStep[];
  /** SHA-256 of the content as approved (printed small so a paper copy can be checked). */
  contentHash: string;
  /** A warning printed when the content no longer matches its hash. */
  tampered: boolean;
}

function stepValue(s: ApprovalFormStep): string {
  const lines = [s.opinion || ''];
  if (s.signer) {
    const when = s.date ? chineseDate(s.date) : '';
    lines.push(`${s.signer}${s.offline ? '（据纸质签批登记）' : ''} ${when}`);
  }
  return lines.filter(Boolean).join('\n');
}

/** Builds the 呈批表 (official layout: a bordered two-column form, each approval level one row). */
export function approvalForm(d: ApprovalFormData): OfficialDocument {
  const fields: Field[] = [
    { label: '标题', value: d.title },
    { label: '承办部门', value: d.draftingUnit },
    { label: '拟稿人', value: d.drafter },
    { label: '报批时间', value: chineseDate(d.submittedAt) },
    { label: '主要内容', value: d.summary, minLines: 4 },
    ...d.steps.map((s) => ({ label: s.label, value: stepValue(s), minLines: 2 })),
  ];
  return {
    title: d.formTitle,
    docNumber: `编号：${d.number}`,
    docNumberAlign: 'right',
    confidentiality: '注意保密',
    blocks: [{ kind: 'fields', columns: 2, fields }],
    footer: `${d.tampered ? '【警告】内容与登记的摘要值不符，可能被篡改。' : ''}内容摘要值（SHA-256）：${d.contentHash}`,
  };
}
