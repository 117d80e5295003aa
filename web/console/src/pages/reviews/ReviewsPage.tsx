/**
 * 案件审理 (审理台账): the reviews the reader may see, with server paging and a state filter; the
 * review clock's due date, in red once overdue. A line the reader only sees (the case's handling
 * unit) shows its state, says 仅可见台账信息 and links nowhere.
 */
import { Form, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  REVIEW_STATUSES,
  type ReviewFilters,
  type ReviewLine,
  type ReviewStatus,
  listReviews,
} from '../../api/reviews.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, todayInShanghai } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { useSession } from '../../auth/session.js';
import { ReviewEarlyButton } from './ReviewEarlyModal.js';
import { DueDate, ReviewStatusTag } from './ReviewTags.js';

interface FilterForm {
  status?: ReviewStatus;
}

/** The ledger page. */
export function ReviewsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<FilterForm>();
  const [search] = useSearchParams();
  const initialStatus = REVIEW_STATUSES.find((s) => s === search.get('status'));
  const list = useListPage<ReviewLine, ReviewFilters>({
    fetchPage: listReviews,
    initialFilters: { status: initialStatus },
  });
  const today = todayInShanghai();

  const columns: TableColumnsType<ReviewLine> = [
    {
      title: t('review.caseNumber'),
      dataIndex: 'caseNumber',
      width: 210,
      fixed: 'left',
      render: (number: string | null, r) => {
        const text = number ?? t('review.pendingNumber');
        if (r.visibility === 'line')
          return (
            <Space size={4} direction="vertical" data-testid="review-line-only">
              <span>
                <LockOutlined style={{ marginInlineEnd: 4 }} />
                {text}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('review.lineOnly')}
              </Typography.Text>
            </Space>
          );
        return (
          <Link to={`/reviews/${r.id}`} data-testid="review-link">
            {text}
          </Link>
        );
      },
    },
    { title: t('review.subject'), dataIndex: 'subjectName', width: 150, ellipsis: true },
    { title: t('review.handlingUnit'), dataIndex: 'handlingUnitName', width: 220 },
    { title: t('review.reviewingUnit'), dataIndex: 'reviewingUnitName', width: 200 },
    {
      title: t('review.acceptedOn'),
      dataIndex: 'acceptedOn',
      width: 110,
      render: (v: string | null) => formatDate(v) || '—',
    },
    {
      title: t('review.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      render: (v: string | null, r) => (r.status === 'decided' ? '—' : <DueDate dueOn={v} today={today} />),
    },
    {
      title: t('review.status.label'),
      dataIndex: 'status',
      width: 170,
      render: (s: ReviewStatus) => <ReviewStatusTag status={s} />,
    },
  ];

  return (
    <PageContainer title={t('review.ledger')} extra={session.can('review.manage') ? <ReviewEarlyButton /> : null}>
      <Typography.Paragraph type="secondary">{t('review.hint')}</Typography.Paragraph>
      <FilterBar<FilterForm>
        form={form}
        onSearch={(v) => list.setFilters({ status: v.status || undefined })}
        onReset={list.reset}
      >
        <Form.Item name="status" initialValue={initialStatus}>
          <Select
            allowClear
            placeholder={t('review.status.label')}
            options={REVIEW_STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) }))}
            style={{ width: 200 }}
            data-testid="reviews-status"
          />
        </Form.Item>
      </FilterBar>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1150}
        locale={{ emptyText: t('review.empty') }}
        testId="reviews-table"
      />
    </PageContainer>
  );
}
