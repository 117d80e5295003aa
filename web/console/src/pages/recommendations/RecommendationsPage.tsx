/**
 * 监察建议: the recommendations issued by or addressed to units in scope (overdue replies first),
 * filtered by kind, status and overdue reply, exported to Excel with those filters (导出Excel); a
 * new draft is written from here.
 */
import { useState } from 'react';
import { Button, Checkbox, Form, Select, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  RECOMMENDATION_KINDS,
  RECOMMENDATION_STATUSES,
  type Recommendation,
  type RecommendationQuery,
  createRecommendation,
  listRecommendations,
  recommendationsExportUrl,
} from '../../api/recommendations.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { RecommendationFormDrawer } from './RecommendationForm.js';
import { RecommendationStatusTag } from './RecommendationTags.js';

/** The recommendations list. */
export function RecommendationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSession();
  const list = useListPage<Recommendation, RecommendationQuery>({
    fetchPage: listRecommendations,
    exportUrl: recommendationsExportUrl,
  });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const columns: TableColumnsType<Recommendation> = [
    {
      title: t('recommendation.subject'),
      dataIndex: 'subject',
      render: (v: string, r) => (
        <Link to={`/recommendations/${r.id}`} data-testid="rec-link">
          {v}
        </Link>
      ),
    },
    {
      title: t('recommendation.kind'),
      dataIndex: 'kind',
      width: 140,
      render: (v: string) => t(`recommendation.kinds.${v}`, { defaultValue: v }),
    },
    { title: t('recommendation.number'), dataIndex: 'number', width: 200, render: (v: string | null) => v ?? '—' },
    { title: t('recommendation.issuer'), dataIndex: 'issuerUnitName', width: 180 },
    { title: t('recommendation.recipient'), dataIndex: 'recipientUnitName', width: 180 },
    {
      title: t('recommendation.status'),
      dataIndex: 'status',
      width: 150,
      render: (_: string, r) => (
        <Space size={2} wrap>
          <RecommendationStatusTag status={r.status} />
          {r.replyOverdue ? <Tag color="red">{t('recommendation.replyOverdue')}</Tag> : null}
          {r.accountabilityFlaggedAt ? <Tag color="volcano">{t('recommendation.flagged')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('recommendation.replyDueOn'),
      dataIndex: 'replyDueOn',
      width: 110,
      render: (v: string | null) => formatDate(v),
    },
  ];

  return (
    <PageContainer
      title={t('recommendation.title')}
      extra={
        <Space wrap>
          <ExportButton href={list.exportHref} testId="rec-export" />
          {session.can('rectification.manage') ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setError(null);
                setOpen(true);
              }}
              data-testid="rec-create"
            >
              {t('recommendation.create')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Form<RecommendationQuery>
        layout="inline"
        style={{ marginBottom: 12, rowGap: 8 }}
        onValuesChange={(_, all) => list.search(all)}
      >
        <Form.Item name="kind" label={t('recommendation.kind')}>
          <Select
            allowClear
            style={{ width: 160 }}
            options={RECOMMENDATION_KINDS.map((k) => ({ value: k, label: t(`recommendation.kinds.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="status" label={t('recommendation.status')}>
          <Select
            allowClear
            style={{ width: 120 }}
            options={RECOMMENDATION_STATUSES.map((s) => ({ value: s, label: t(`recommendation.statuses.${s}`) }))}
          />
        </Form.Item>
        <Form.Item name="overdue" valuePropName="checked">
          <Checkbox>{t('recommendation.onlyOverdue')}</Checkbox>
        </Form.Item>
      </Form>
      <ListTable
        list={list}
        size="small"
        columns={columns}
        scrollX="max-content"
        locale={{ emptyText: t('recommendation.empty') }}
        testId="rec-table"
      />
      <RecommendationFormDrawer
        open={open}
        error={error}
        saving={saving}
        onClose={() => setOpen(false)}
        onSave={async (values) => {
          setSaving(true);
          try {
            const { id } = await createRecommendation(values);
            setOpen(false);
            void navigate(`/recommendations/${id}`);
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setSaving(false);
          }
        }}
      />
    </PageContainer>
  );
}
