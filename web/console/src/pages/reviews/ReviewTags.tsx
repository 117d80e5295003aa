/** The tags the review pages share: a review's state and its time limit, coloured by what they mean. */
import { Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ReviewDetail, ReviewStatus } from '../../api/reviews.js';
import { formatDate } from '../../lib/time.js';

const STATUS_COLORS: Record<ReviewStatus, string> = {
  early: 'purple',
  awaiting: 'processing',
  deferred: 'warning',
  refused: 'default',
  reviewing: 'blue',
  returned_supplementary: 'orange',
  returned_reinvestigation: 'volcano',
  reported: 'geekblue',
  deliberation: 'cyan',
  decided: 'green',
};

/** A review's state. */
export function ReviewStatusTag({ status }: { status: ReviewStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="review-status">
      {t(`review.status.${status}`)}
    </Tag>
  );
}

/** A due date, in red with 已超期 once the day has passed (`today` is the Shanghai date). */
export function DueDate({ dueOn, today, overdue }: { dueOn: string | null; today: string; overdue?: boolean }) {
  const { t } = useTranslation();
  if (!dueOn) return <>—</>;
  const late = overdue ?? dueOn < today;
  return late ? (
    <Typography.Text type="danger" data-testid="review-overdue">
      {formatDate(dueOn)} {t('review.overdue')}
    </Typography.Text>
  ) : (
    <span>{formatDate(dueOn)}</span>
  );
}

/** The review clock (timer 13) in words: due date, paused, met, extended. */
export function ReviewClock({ clocks, today }: { clocks: ReviewDetail['clocks']; today: string }) {
  const { t } = useTranslation();
  const clock = clocks.filter((c) => c.state !== 'restarted').at(-1) ?? clocks.at(-1);
  if (!clock) return <Typography.Text type="secondary">{t('review.clock.none')}</Typography.Text>;
  return (
    <span data-testid="review-clock">
      <DueDate dueOn={clock.dueOn ?? clock.legalDueOn} today={today} overdue={clock.overdue} />
      {clock.state === 'paused' ? <Tag style={{ marginInlineStart: 8 }}>{t('review.clock.paused')}</Tag> : null}
      {clock.state === 'met' ? (
        <Tag color="green" style={{ marginInlineStart: 8 }}>
          {t('review.clock.met')}
        </Tag>
      ) : null}
      {clock.extended ? <Tag style={{ marginInlineStart: 8 }}>{t('review.clock.extended')}</Tag> : null}
    </span>
  );
}
