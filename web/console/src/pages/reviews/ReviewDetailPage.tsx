/**
 * 审理详情: the review's header (case number with a link to the case, subject, state, reviewing and
 * handling units, the review clock) over its tabs: 概况 (subjects, early involvement, acceptance),
 * 审理组 (and the zone's cross-review panel), 审理谈话, 集体审议, 退回, 审理时限 (the clock and its
 * extension), 审理报告, 常委会审议 and 审理过程. Each tab offers only what the review's state and the
 * reader's rights allow; the server's refusals are shown in its words. Out of scope: not found; a
 * line-only reader (the case's handling unit): the ledger line only.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Result, Space, Spin, Tabs } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type ReviewDetail, getReview } from '../../api/reviews.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant, todayInShanghai } from '../../lib/time.js';
import { ReviewCommitteeTab, ReviewReportTab } from './ReviewReportTab.js';
import { ReviewClockTab } from './ReviewClockTab.js';
import { ReviewDeliberationsTab } from './ReviewDeliberationsTab.js';
import { ReviewClock, ReviewStatusTag } from './ReviewTags.js';
import { ReviewTeamTab } from './ReviewTeamTab.js';
import { ReviewOverviewTab, ReviewReturnsTab, ReviewTalksTab, ReviewTrailTab } from './ReviewWorkTabs.js';
import type { ReviewTabProps } from './reviewTabs.js';

const TABS: { key: string; Component: (props: ReviewTabProps) => React.ReactNode }[] = [
  { key: 'overview', Component: ReviewOverviewTab },
  { key: 'team', Component: ReviewTeamTab },
  { key: 'talks', Component: ReviewTalksTab },
  { key: 'deliberations', Component: ReviewDeliberationsTab },
  { key: 'returns', Component: ReviewReturnsTab },
  { key: 'clock', Component: ReviewClockTab },
  { key: 'report', Component: ReviewReportTab },
  { key: 'committee', Component: ReviewCommitteeTab },
  { key: 'trail', Component: ReviewTrailTab },
];

/** The header's facts. */
function ReviewHeader({ review }: { review: ReviewDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="review-header">
        <Descriptions.Item label={t('review.subject')}>{review.subjectName}</Descriptions.Item>
        <Descriptions.Item label={t('review.reviewingUnit')}>
          <span data-testid="review-reviewing-unit">{review.reviewingUnit.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.handlingUnit')}>{review.handlingUnit.name}</Descriptions.Item>
        <Descriptions.Item label={t('review.route')}>{t(`review.routes.${review.route}`)}</Descriptions.Item>
        <Descriptions.Item label={t('review.transferredAt')}>
          {review.transferredAt ? formatInstant(review.transferredAt) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.clock.label')}>
          <ReviewClock clocks={review.clocks} today={todayInShanghai()} />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The review page. */
export function ReviewDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const [review, setReview] = useState<ReviewDetail | null>(null);
  const [state, setState] = useState<'loading' | 'missing' | 'line' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setReview(await getReview(id));
      setState('ok');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NEED_TO_KNOW') setState('line');
      else if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setState('missing');
      else {
        setError(errorMessage(err));
        setState('error');
      }
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Link to="/reviews" aria-label={t('common.back')}>
      <ArrowLeftOutlined />
    </Link>
  );
  if (state === 'loading') return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (state === 'missing') return <Result status="404" title={t('review.notFound')} extra={back} />;
  if (state === 'line')
    return (
      <div data-testid="review-line-only-page">
        <Result status="403" title={t('review.lineOnlyPage')} extra={back} />
      </div>
    );
  if (state === 'error' || !review)
    return (
      <PageContainer title={t('review.detail')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );

  const requested = search.get('tab');
  const active = TABS.some((tab) => tab.key === requested) ? requested! : 'overview';
  return (
    <PageContainer
      title={
        <Space wrap>
          {back}
          <span data-testid="review-case-number">{review.caseNumber ?? t('review.pendingNumber')}</span>
          <ReviewStatusTag status={review.status} />
        </Space>
      }
      extra={
        <Link to={`/cases/${review.caseId}`} data-testid="review-case-link">
          {t('review.openCase')}
        </Link>
      }
    >
      <ReviewHeader review={review} />
      <Tabs
        activeKey={active}
        onChange={(key) => setSearch({ tab: key }, { replace: true })}
        items={TABS.map(({ key, Component }) => ({
          key,
          label: <span data-testid={`review-tab-${key}`}>{t(`review.tabs.${key}`)}</span>,
          children: <Component review={review} reload={() => void load()} />,
        }))}
      />
    </PageContainer>
  );
}
