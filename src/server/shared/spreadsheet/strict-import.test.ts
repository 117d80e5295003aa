import { describe, expect, it } from 'vitest';
import { cellDate, cellFen, cellText } from './strict-import.js';

describe('strict import cells', () => {
  it('reads dates as typed and refuses days that do not exist', () => {
    expect(cellDate(new Date(Date.UTC(2026, 9, 5)))).toBe('2026-10-05');
    expect(cellDate('2026/10/5')).toBe('2026-10-05');
    expect(cellDate('2026年10月5日')).toBe('2026-10-05');
    expect(cellDate('2026.1.31')).toBe('2026-01-31');
    expect(cellDate('2026-02-30')).toBeNull();
    expect(cellDate('2026-13-01')).toBeNull();
    expect(cellDate('十月五日')).toBeNull();
    expect(cellDate(null)).toBeNull();
  });

  it('reads yuan as whole fen, blank as null, anything else as undefined', () => {
    expect(cellFen(1200.5)).toBe(120_050);
    expect(cellFen('1,200.50')).toBe(120_050);
    expect(cellFen('0.1')).toBe(10);
    expect(cellFen('')).toBeNull();
    expect(cellFen(undefined)).toBeNull();
    expect(cellFen('1.005')).toBeUndefined();
    expect(cellFen('-5')).toBeUndefined();
    expect(cellFen('十元')).toBeUndefined();
    expect(cellFen(1e21)).toBeUndefined();
  });

  it('reads text trimmed, a date as its day', () => {
    expect(cellText('  记-001 ')).toBe('记-001');
    expect(cellText(42)).toBe('42');
    expect(cellText(new Date(Date.UTC(2026, 0, 2)))).toBe('2026-01-02');
    expect(cellText(null)).toBe('');
  });
});
