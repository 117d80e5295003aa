/**
 * Shared pieces of the clue-stage templates (`clue-templates.ts`, `clue-verification-templates.ts`):
 * the subject and allegation entries every clue document prints, and small text builders.
 * Internal to the documents library: `index.ts` exports only the entry types, through the templates.
 */
import { type Block, toChineseDate } from './official.js';

/** An empty value: a box left to fill in by hand. */
export const EMPTY = '';
/** A body paragraph (first line indented). */
export const p = (text: string): Block => ({ kind: 'paragraph', text });
/** A level-1 heading ("一、…" in 黑体). */
export const h1 = (text: string): Block => ({ kind: 'heading', level: 1, text });
const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
/** "一、", "二、" … for the n-th (0-based) level-1 heading. */
export const ordinal = (n: number): string => `${CN_NUMBERS[n] ?? String(n + 1)}、`;
/** "（一）", "（二）" … for the n-th (0-based) item. */
export const item = (n: number): string => `（${CN_NUMBERS[n] ?? String(n + 1)}）`;
/** An optional ISO or Chinese date as Chinese text, or empty. */
export const optDate = (value: string | undefined): string => (value ? toChineseDate(value) : EMPTY);

/** A person a clue is about, as printed on the clue documents. */
export interface ClueSubjectEntry {
  /** 姓名. */
  name: string;
  /** 工作单位及职务, e.g. "坡头乡张村党支部书记". */
  position: string;
  /** 干部管理权限, e.g. "乡党委管理" or "县委管理". */
  cadreAuthority: string;
  /** 政治面貌, e.g. "中共党员"; omitted when unknown. */
  politicalStatus?: string;
}

/** One allegation of a clue, by category. */
export interface ClueAllegationEntry {
  /** 问题类别, e.g. "违反廉洁纪律". */
  category: string;
  /** 主要问题, e.g. "收受村民所送购物卡约2000元". */
  summary: string;
}

/** "李四（坡头乡张村党支部书记，中共党员，乡党委管理）" for each subject, one per line. */
export function subjectsText(subjects: readonly ClueSubjectEntry[]): string {
  return subjects
    .map((s) => `${s.name}（${[s.position, s.politicalStatus, s.cadreAuthority].filter(Boolean).join('，')}）`)
    .join('\n');
}

/** "1.违反廉洁纪律：收受……" lines, one per allegation. */
export function allegationsText(allegations: readonly ClueAllegationEntry[]): string {
  return allegations.map((a, i) => `${i + 1}.${a.category}：${a.summary}`).join('\n');
}
