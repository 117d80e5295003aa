import { describe, expect, it } from 'vitest';
import {
  agendaInput,
  editedAgendaInput,
  holidaySpans,
  isAccepted,
} from '../../web/console/src/pages/meetings/meetingHelpers.js';

describe('meeting page helpers', () => {
  it('groups the month’s special days into spans of one name and kind', () => {
    expect(
      holidaySpans([
        { date: '2026-10-02', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-03', kind: 'holiday', name: '国庆节' },
        { date: '2026-10-10', kind: 'workday', name: '国庆节调休' },
        { date: '2026-10-11', kind: 'holiday', name: '别的节日' },
      ]),
    ).toEqual([
      { first: '2026-10-01', last: '2026-10-03', kind: 'holiday', name: '国庆节' },
      { first: '2026-10-10', last: '2026-10-10', kind: 'workday', name: '国庆节调休' },
      { first: '2026-10-11', last: '2026-10-11', kind: 'holiday', name: '别的节日' },
    ]);
    // A gap splits a span of the same name.
    expect(
      holidaySpans([
        { date: '2026-09-20', kind: 'workday', name: '国庆节调休' },
        { date: '2026-09-22', kind: 'workday', name: '国庆节调休' },
      ]),
    ).toHaveLength(2);
  });

  it('sends an accepted item with its source and record, not as 其他议题', () => {
    const proposed = {
      source: 'rectification' as const,
      refId: 'item-1',
      title: '村务公开栏未按季度更新',
      detail: '责任单位：某镇纪委',
      dueOn: '2026-12-31',
      overdue: false,
    };
    expect(agendaInput(proposed)).toEqual({
      title: '村务公开栏未按季度更新',
      detail: '责任单位：某镇纪委',
      source: 'rectification',
      refId: 'item-1',
    });
    expect(isAccepted([{ source: 'rectification', refId: 'item-1', title: '改过的标题' }], proposed)).toBe(true);
    expect(isAccepted([{ source: 'custom', refId: null, title: '村务公开栏未按季度更新' }], proposed)).toBe(false);
  });

  it('keeps an edited row’s source unless a count without a record was reworded', () => {
    expect(editedAgendaInput({ title: ' 改写 ', source: 'clue', refId: 'clue-1', originalTitle: '原题' })).toEqual({
      title: '改写',
      detail: null,
      source: 'clue',
      refId: 'clue-1',
    });
    expect(
      editedAgendaInput({
        title: '甲镇：超期未办结时限2项',
        source: 'clock',
        refId: null,
        originalTitle: '甲镇：超期未办结时限2项',
      }),
    ).toMatchObject({ source: 'clock', refId: null });
    expect(
      editedAgendaInput({
        title: '甲镇超期时限',
        source: 'clock',
        refId: null,
        originalTitle: '甲镇：超期未办结时限2项',
      }),
    ).toMatchObject({ source: 'custom', refId: null });
    expect(editedAgendaInput({ title: '新议题', detail: '  ' })).toEqual({
      title: '新议题',
      detail: null,
      source: 'custom',
      refId: null,
    });
  });
});
