import { describe, expect, it } from 'vitest';
import { parseKeepRule, selectRetained } from './retention.js';

const name = (iso: string) => `qingfeng-${iso.replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')}-sqlite.qfbak`;

describe('backup retention', () => {
  it('parses 7d,4w,12m and refuses malformed or empty rules', () => {
    expect(parseKeepRule('7d,4w,12m')).toEqual({ days: 7, weeks: 4, months: 12 });
    expect(parseKeepRule('3d')).toEqual({ days: 3, weeks: 0, months: 0 });
    for (const bad of ['', '7x', '7d,7d', '0d', 'd7', '7d;4w']) expect(parseKeepRule(bad), bad).toBeUndefined();
  });

  it('keeps the newest archive of each of the last days, weeks and months and nothing else of its own', () => {
    // One archive a day at 02:00 for 400 days, two on the newest day.
    const names: string[] = [];
    const end = Date.parse('2026-12-08T02:00:00Z');
    for (let d = 0; d < 400; d++) names.push(name(new Date(end - d * 86_400_000).toISOString()));
    names.push(name('2026-12-08T01:00:00.000Z'), 'notes.txt', 'qingfeng-other.qfbak');
    const { keep, remove } = selectRetained(names, { days: 7, weeks: 4, months: 12 });
    // 7 days (Dec 2–8); 4 ISO weeks reach back to Sunday Nov 22 (Dec 8 and Dec 6 are already kept),
    // adding Nov 29 and Nov 22; 12 months reach back to January 2026, adding the last day of 11 months.
    expect(keep).toContain(name('2026-12-08T02:00:00.000Z'));
    expect(keep).not.toContain(name('2026-12-08T01:00:00.000Z'));
    expect(keep).toContain(name('2026-12-02T02:00:00.000Z'));
    expect(keep).toContain(name('2026-11-30T02:00:00.000Z')); // end of November (month bucket)
    expect(keep).toContain(name('2026-11-22T02:00:00.000Z'));
    expect(keep).not.toContain(name('2026-11-21T02:00:00.000Z'));
    expect(keep).toContain(name('2026-01-31T02:00:00.000Z')); // the 12th month
    expect(keep).not.toContain(name('2025-12-31T02:00:00.000Z'));
    expect(keep.length).toBe(7 + 2 + 11);
    expect(remove.length).toBe(401 - keep.length);
    expect([...keep, ...remove]).not.toContain('notes.txt');
    expect([...keep, ...remove]).not.toContain('qingfeng-other.qfbak');
  });
});
