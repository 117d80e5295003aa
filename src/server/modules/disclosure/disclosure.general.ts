/**
 * General items of village affairs (村务一般事项, CWF 第三十条: at least quarterly): a quarter's
 * publication is an ordered list of entries (a topic, a title, a text) and, for the lists of
 * persons the law names (低保及特困供养名单, 救灾救济款物发放, 土地征收补偿款发放 …), a structured
 * 名单 (name, amount, reason) whose names are sealed and published masked, like a finance line's
 * private counterparty. Free text cannot be masked by the platform: the clerk writes masked forms
 * (张*三) there, and the console says so. The entries belong to their version; a correction is a
 * new version with its own entries, the old one kept.
 */
import type { Ctx } from '../../shared/context.js';
import { GENERAL_TOPIC_LABELS, type GeneralTopic } from '../../shared/disclosure.codes.js';
import { newId } from '../../shared/ids.js';
import { maskName } from '../../shared/masking.js';
import { periodDays, periodLabel, yuan } from './disclosure.lines.js';

/** One row of a 名单 as entered (amount in fen, or null). */
export interface RosterInput {
  name: string;
  amount?: number | null | undefined;
  reason: string;
}

/** One entry of a quarter's general items as entered. */
export interface GeneralEntryInput {
  topic: GeneralTopic;
  title: string;
  /** The text; may be empty when the entry is a 名单. Names in it are published as written. */
  text?: string | undefined;
  roster?: readonly RosterInput[] | undefined;
}

/** One problem of a quarter's entries: `row` is the entry's position (1-based), null for the whole. */
export interface GeneralProblem {
  row: number | null;
  field: string;
  reason: string;
}

/** A quarter: `2026-Q4`. */
export const QUARTER = /^(\d{4})-Q([1-4])$/;

/**
 * The rules a quarter's general items keep before anything is stored: a quarter already begun
 * (on `today`, Shanghai), at least one entry, each with a title and a text or a 名单, each 名单 row
 * with a name and a reason. Every problem is returned, so the clerk fixes them at once.
 */
export function checkGeneral(
  period: string | undefined,
  entries: readonly GeneralEntryInput[],
  today: string,
): GeneralProblem[] {
  const problems: GeneralProblem[] = [];
  if (!period || !QUARTER.test(period))
    problems.push({ row: null, field: 'period', reason: '村务一般事项按季度公开，期间应写作 2026-Q4' });
  else if (periodDays(period)!.from > today)
    problems.push({ row: null, field: 'period', reason: '不能公开尚未开始的季度' });
  if (entries.length === 0) problems.push({ row: null, field: 'entries', reason: '请至少填写一项公开内容' });
  entries.forEach((e, i) => {
    const row = i + 1;
    if (!e.title.trim()) problems.push({ row, field: '标题', reason: '请填写标题' });
    const roster = e.roster ?? [];
    if (!e.text?.trim() && roster.length === 0)
      problems.push({ row, field: '内容', reason: '请填写公开内容，或录入名单' });
    roster.forEach((r, j) => {
      if (!r.name.trim()) problems.push({ row, field: `名单第${j + 1}行`, reason: '姓名不能为空' });
      if (!r.reason.trim()) problems.push({ row, field: `名单第${j + 1}行`, reason: '请填写事由或标准' });
    });
  });
  return problems;
}

/**
 * Stores the entries of version `batchId` in order, the 名单 names sealed (context
 * `disclosure_general_roster.name_enc:<id>`) and masked. Returns the number of entries.
 */
export async function insertGeneralEntries(
  ctx: Ctx,
  batchId: string,
  entries: readonly GeneralEntryInput[],
): Promise<number> {
  for (const [i, e] of entries.entries()) {
    const entryId = newId();
    const roster = (e.roster ?? []).map((r, j) => {
      const id = newId();
      const name = r.name.trim();
      return {
        id,
        entry_id: entryId,
        batch_id: batchId,
        seq: j + 1,
        name_shown: maskName(name),
        name_enc: ctx.keyring.seal(name, `disclosure_general_roster.name_enc:${id}`),
        amount: r.amount ?? null,
        reason: r.reason.trim(),
      };
    });
    await ctx.db
      .insertInto('disclosure_general_entries')
      .values({
        id: entryId,
        batch_id: batchId,
        seq: i + 1,
        topic: e.topic,
        title: e.title.trim(),
        body: e.text?.trim() ?? '',
        roster_count: roster.length,
        roster_total: roster.reduce((s, r) => s + (r.amount ?? 0), 0),
      })
      .execute();
    for (let k = 0; k < roster.length; k += 500)
      await ctx.db
        .insertInto('disclosure_general_roster')
        .values(roster.slice(k, k + 500))
        .execute();
  }
  return entries.length;
}

/** A 名单 row as shown (staff and public alike: the name masked). */
export interface ShownRosterRow {
  seq: number;
  name: string;
  amount: number | null;
  reason: string;
}

/** An entry as shown. */
export interface ShownEntry {
  id: string;
  seq: number;
  topic: GeneralTopic;
  topicLabel: string;
  title: string;
  text: string;
  rosterTotal: number;
  roster: ShownRosterRow[];
}

/** The entries of version `batchId`, in order, their 名单 masked (never the sealed names). */
export async function shownEntries(ctx: Pick<Ctx, 'db'>, batchId: string): Promise<ShownEntry[]> {
  const [entries, rows] = await Promise.all([
    ctx.db
      .selectFrom('disclosure_general_entries')
      .select(['id', 'seq', 'topic', 'title', 'body', 'roster_total'])
      .where('batch_id', '=', batchId)
      .orderBy('seq')
      .execute(),
    ctx.db
      .selectFrom('disclosure_general_roster')
      .select(['entry_id', 'seq', 'name_shown', 'amount', 'reason'])
      .where('batch_id', '=', batchId)
      .orderBy('entry_id')
      .orderBy('seq')
      .execute(),
  ]);
  const byEntry = new Map<string, ShownRosterRow[]>();
  for (const r of rows) {
    const list = byEntry.get(r.entry_id) ?? [];
    list.push({
      seq: Number(r.seq),
      name: r.name_shown,
      amount: r.amount === null ? null : Number(r.amount),
      reason: r.reason,
    });
    byEntry.set(r.entry_id, list);
  }
  return entries.map((e) => ({
    id: e.id,
    seq: Number(e.seq),
    topic: e.topic as GeneralTopic,
    topicLabel: GENERAL_TOPIC_LABELS[e.topic as GeneralTopic] ?? e.topic,
    title: e.title,
    text: e.body,
    rosterTotal: Number(e.roster_total),
    roster: byEntry.get(e.id) ?? [],
  }));
}

/** The label of a published entry for a report about it: `2026年第4季度 村务一般事项：低保名单（12人，合计 3,600.00元）`. */
export function entryLabel(e: { period: string; title: string; roster_count: number; roster_total: number }): string {
  const roster =
    Number(e.roster_count) > 0
      ? `（${e.roster_count}人${Number(e.roster_total) > 0 ? `，合计 ${yuan(Number(e.roster_total))}元` : ''}）`
      : '';
  return `${periodLabel(e.period)} 村务一般事项：${e.title}${roster}`;
}

/** Resolves a report about a general entry (`disclosure_general`): only an entry of the version public now. */
export async function resolveGeneralEntry(ctx: Ctx, id: string): Promise<{ label: string; regionCode: string } | null> {
  const row = await ctx.db
    .selectFrom('disclosure_general_entries as e')
    .innerJoin('disclosure_batches as b', 'b.id', 'e.batch_id')
    .select(['b.period', 'b.region_code', 'e.title', 'e.roster_count', 'e.roster_total'])
    .where('e.id', '=', id)
    .where('b.status', '=', 'published')
    .executeTakeFirst();
  return row ? { label: entryLabel(row), regionCode: row.region_code } : null;
}
