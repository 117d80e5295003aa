/**
 * Backup retention by rule (`QF_BACKUP_KEEP`, default `7d,4w,12m`): the newest archive of each of
 * the last N days, N ISO weeks and N months is kept, every other archive this tool made is
 * deleted. Files whose names this tool does not make are never touched.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_NAME } from './backup.js';

/** How many daily, weekly and monthly archives to keep. */
export interface KeepRule {
  days: number;
  weeks: number;
  months: number;
}

/** The default rule: 7 daily, 4 weekly, 12 monthly. */
export const DEFAULT_KEEP: KeepRule = { days: 7, weeks: 4, months: 12 };

/** Parses `7d,4w,12m` (any order, each part optional, at least one); undefined when malformed. */
export function parseKeepRule(text: string): KeepRule | undefined {
  const rule: KeepRule = { days: 0, weeks: 0, months: 0 };
  const seen = new Set<string>();
  for (const part of text.split(',').map((p) => p.trim())) {
    const m = /^(\d{1,4})([dwm])$/.exec(part);
    if (!m || seen.has(m[2]!)) return undefined;
    seen.add(m[2]!);
    const n = Number(m[1]);
    if (m[2] === 'd') rule.days = n;
    else if (m[2] === 'w') rule.weeks = n;
    else rule.months = n;
  }
  return rule.days + rule.weeks + rule.months > 0 ? rule : undefined;
}

/** The ISO week (e.g. `2026-W49`) of a UTC date. */
function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const year = t.getUTCFullYear();
  const week = Math.ceil(((t.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which of `names` (archive file names) to keep under `rule`: per period the newest archive, for
 * the newest `days` days, `weeks` weeks and `months` months that hold one. Names that are not
 * this tool's archives are neither kept nor deleted (not returned in either list).
 */
export function selectRetained(names: string[], rule: KeepRule): { keep: string[]; remove: string[] } {
  const archives = names
    .map((name) => ({ name, m: ARCHIVE_NAME.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null)
    .map(({ name, m }) => {
      const s = m[1]!;
      const at = new Date(
        `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`,
      );
      return { name, at };
    })
    .sort((a, b) => b.at.getTime() - a.at.getTime() || (a.name < b.name ? 1 : -1));
  const keep = new Set<string>();
  const bucket = (n: number, periodOf: (d: Date) => string) => {
    const periods = new Set<string>();
    for (const a of archives) {
      const p = periodOf(a.at);
      if (periods.has(p)) continue;
      if (periods.size >= n) break;
      periods.add(p);
      keep.add(a.name);
    }
  };
  bucket(rule.days, (d) => d.toISOString().slice(0, 10));
  bucket(rule.weeks, isoWeek);
  bucket(rule.months, (d) => d.toISOString().slice(0, 7));
  return {
    keep: archives.filter((a) => keep.has(a.name)).map((a) => a.name),
    remove: archives.filter((a) => !keep.has(a.name)).map((a) => a.name),
  };
}

/** Applies `rule` to the archives in `dir`; returns the names deleted. */
export async function applyRetention(dir: string, rule: KeepRule): Promise<string[]> {
  const { remove } = selectRetained(await readdir(dir), rule);
  for (const name of remove) await rm(join(dir, name), { force: true });
  return remove;
}
