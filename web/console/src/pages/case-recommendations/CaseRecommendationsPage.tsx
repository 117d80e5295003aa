/**
 * 以案促改: the recommendations of every case the reader sees in full (一案一剖析's follow-up),
 * the soonest due first, with filters (status, overdue only, mine: those whose person answerable
 * is the reader) and the owner's actions (mark done with a note, open again) for readers who may
 * work the case. Each line links to its case's 协作区 tab.
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type RecommendationFilters, type RecommendationLine, listRecommendations } from '../../api/case-zone.js';
import { RECOMMENDATION_STATUSES, type RecommendationStatus } from '../../api/cases.js';
import { useSession } from '../../auth/session.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { RecommendationAction, RecommendationStatusTag } from './RecommendationParts.js';

interface FilterForm {
  status?: RecommendationStatus;
  overdue?: boolean;
  mine?: boolean;
}

function toFilters(v: FilterForm): RecommendationFilters {
  return { status: v.status || undefined, overdue: v.overdue ? true : undefined, mine: v.mine ? true : undefined };
}

/** The page. */
export function CaseRecommendationsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<FilterForm>();
  const [error, setError] = useState<string | null>(null);
  // The workbench's card (待落实的以案促改建议) opens the page on mine (`?mine=1`).
  const [search] = useSearchParams();
  const initialMine = search.get('mine') === '1';
  const list = useListPage({
    fetchPage: listRecommendations,
    initialFilters: toFilters({ status: 'open', mine: initialMine }),
  });
  useEffect(() => {
    form.setFieldsValue({ status: 'open', mine: initialMine });
  }, [form, initialMine]);
  const me = session.user?.displayName;
  const mayWork = session.can('case.manage');
  const columns: TableColumnsType<RecommendationLine> = [
    {
      title: t('caseRecommendations.case'),
      dataIndex: 'caseNumber',
      width: 200,
      render: (n: string | null, r) => (
        <Space direction="vertical" size={0}>
          <Link to={`/cases/${r.caseId}?tab=zone`} data-testid="recommendation-case">
            {n ?? t('case.pendingNumber')}
          </Link>
          <Typography.Text type="secondary">{r.subjectNames}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('caseRecommendations.measure'),
      dataIndex: 'measure',
      render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>,
    },
    { title: t('caseRecommendations.unit'), dataIndex: 'unitName', width: 170 },
    {
      title: t('caseRecommendations.owner'),
      dataIndex: 'ownerName',
      width: 200,
      render: (v: string) => (
        <Space size={4}>
          {v}
          {v === me ? <Tag color="gold">{t('caseRecommendations.me')}</Tag> : null}
        </Space>
      ),
    },
    { title: t('caseRecommendations.dueOn'), dataIndex: 'dueOn', width: 110, render: (d: string) => formatDate(d) },
    {
      title: t('caseRecommendations.status.label'),
      dataIndex: 'status',
      width: 150,
      render: (_, r) => <RecommendationStatusTag rec={r} />,
    },
    ...(mayWork
      ? [
          {
            title: t('caseRecommendations.action'),
            key: 'action',
            width: 110,
            render: (_: unknown, r: RecommendationLine) => (
              <RecommendationAction
                caseId={r.caseId}
                rec={r}
                onDone={() => {
                  setError(null);
                  list.reload();
                }}
                onError={setError}
              />
            ),
          },
        ]
      : []),
  ];
  return (
    <PageContainer title={t('caseRecommendations.title')}>
      <Typography.Paragraph type="secondary">{t('caseRecommendations.hint')}</Typography.Paragraph>
      <FilterBar<FilterForm>
        form={form}
        onSearch={(v) => list.setFilters(toFilters(v))}
        onReset={() => list.setFilters(toFilters({ status: 'open' }))}
      >
        <Form.Item name="status" initialValue="open">
          <Select
            allowClear
            placeholder={t('caseRecommendations.status.label')}
            options={RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t(`caseRecommendations.status.${s}`) }))}
            style={{ width: 130 }}
            data-testid="recommendations-status"
          />
        </Form.Item>
        <Form.Item name="overdue" label={t('caseRecommendations.overdueOnly')} valuePropName="checked">
          <Switch data-testid="recommendations-overdue" />
        </Form.Item>
        <Form.Item name="mine" label={t('caseRecommendations.mine')} valuePropName="checked">
          <Switch data-testid="recommendations-mine" />
        </Form.Item>
      </FilterBar>
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="recommendations-error" />
      ) : null}
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1100}
        locale={{ emptyText: t('caseRecommendations.empty') }}
        testId="recommendations-table"
      />
    </PageContainer>
  );
}
