/**
 * Small pieces the measures tab and the measures ledger share: the clock tag (hour clocks with
 * their due instant, overdue in red), the state tag, instants typed in China Standard Time, the
 * pickers of an approver from the posts register, and what the rules say per measure (which
 * approval it needs, which clock an extension lengthens, which documents it has).
 */
import { useEffect, useState } from 'react';
import { Select, Tag } from 'antd';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import { useTranslation } from 'react-i18next';
import { listApprovalPosts } from '../../api/approvals.js';
import type { MeasureClock, MeasureKind, MeasureStatus } from '../../api/case-measures.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { APPROVAL_POST_LABELS } from '../../../../../src/server/shared/approvals.codes.js';

dayjs.extend(utc);

/** How a measure is approved (domain rules §3.1): organs for 留置 and 限制出境, a named account otherwise. */
export function approvalRuleOf(kind: MeasureKind): 'detention' | 'provincial' | 'account' {
  if (kind === 'detention') return 'detention';
  if (kind === 'exit_ban') return 'provincial';
  return 'account';
}

/** The clock an extension lengthens, per measure (none: the measure has no extendable period). */
export const MAIN_CLOCK: Partial<Record<MeasureKind, string>> = {
  custody: 'custody_decision',
  detention: 'detention',
  freeze: 'freeze',
  technical_investigation: 'technical_investigation',
  exit_ban: 'exit_ban',
};

/** The documents each measure prints (glossary names under `case.measure.doc.*`). */
export const MEASURE_DOCS: Partial<Record<MeasureKind, string[]>> = {
  detention: ['detention_decision', 'detention_notice'],
  standby: ['standby_decision'],
  custody: ['custody_decision'],
};

/** The measures whose unit and family are notified within 24 hours. */
export const NOTICE_24H: readonly MeasureKind[] = ['detention', 'custody'];

const STATUS_COLORS: Record<MeasureStatus, string> = { approved: 'gold', running: 'processing', lifted: 'default' };

/** A measure's state as a tag. */
export function MeasureStatusTag({ status }: { status: MeasureStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="measure-status">
      {t(`case.measure.status.${status}`)}
    </Tag>
  );
}

/** The due time of a clock: the instant (China Standard Time) for hour clocks, else the date. */
export function dueText(c: Pick<MeasureClock, 'dueAt' | 'dueOn'>): string {
  return c.dueAt ? formatInstant(c.dueAt) : formatDate(c.dueOn);
}

/** A clock's state as the clocks tab shows it: done, paused, restarted, overdue (red), due. */
export function ClockTag({ clock }: { clock: MeasureClock }) {
  const { t } = useTranslation();
  if (clock.state === 'restarted')
    return <Tag>{t('case.measure.clock.restarted', { at: formatInstant(clock.metAt) })}</Tag>;
  if (clock.metAt) return <Tag color="green">{t('case.clocks.met', { at: formatInstant(clock.metAt) })}</Tag>;
  if (clock.state === 'paused') return <Tag>{t('case.clocks.paused')}</Tag>;
  if (clock.overdue)
    return (
      <Tag color="red" data-testid="clock-overdue">
        {t('case.measure.clock.overdue', { at: dueText(clock) })}
      </Tag>
    );
  return <Tag color={clock.dueSoon ? 'orange' : 'blue'}>{t('case.measure.clock.due', { at: dueText(clock) })}</Tag>;
}

/** `YYYY-MM-DD HH:mm` China Standard Time, as the instant fields take it. */
export const INSTANT_PATTERN = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/;

/** Now, as an instant field shows it (China Standard Time). */
export function nowText(): string {
  return formatInstant(new Date().toISOString());
}

/** The UTC instant of a `YYYY-MM-DD HH:mm` China Standard Time text. */
export function instantOf(text: string): string {
  return dayjs
    .utc(`${text.trim().replace(' ', 'T')}:00Z`)
    .subtract(8, 'hour')
    .toISOString();
}

/** The form rule of an instant field. */
export function instantRule(message: string) {
  return { pattern: INSTANT_PATTERN, message };
}

/**
 * A select of the accounts holding a post of the approval register (主要负责人, 分管领导,
 * 承办部门负责人), each once with its posts; the server checks the post and level again.
 */
export function PostHolderSelect({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange?: (value: string | undefined) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<{ value: string; label: string }[] | null>(null);
  useEffect(() => {
    let live = true;
    listApprovalPosts().then(
      ({ items }) => {
        const byUser = new Map<string, { name: string; posts: string[] }>();
        for (const p of items) {
          if (!p.userId) continue;
          const entry = byUser.get(p.userId) ?? { name: p.holderName ?? '', posts: [] };
          const post = `${p.unitName}${APPROVAL_POST_LABELS[p.post]}`;
          if (!entry.posts.includes(post)) entry.posts.push(post);
          byUser.set(p.userId, entry);
        }
        if (live)
          setOptions(
            [...byUser].map(([id, e]) => ({
              value: id,
              label: `${e.name}（${e.posts.slice(0, 2).join('、')}${e.posts.length > 2 ? '…' : ''}）`,
            })),
          );
      },
      () => live && setOptions([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return (
    <Select
      allowClear
      showSearch
      optionFilterProp="label"
      value={value}
      onChange={onChange}
      loading={options === null}
      placeholder={t('case.measure.approverPlaceholder')}
      options={options ?? []}
      data-testid={testId}
    />
  );
}
