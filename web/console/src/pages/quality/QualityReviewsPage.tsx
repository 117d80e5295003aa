/**
 * 案件质量评查: the reviews the reader may see; the one chosen shows its panel, each case with its
 * examiner, score and grade, the automatic findings (evidence provenance, clocks, documents) and
 * the examiner's results, the problem list's downloads, and the problems addressed to the
 * handling units with their due dates and state (overdue first).
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  QUALITY_CASE_STATUS_LABELS,
  QUALITY_GRADE_LABELS,
  QUALITY_OUTCOME_LABELS,
  QUALITY_PROBLEM_STATUS_LABELS,
  QUALITY_REVIEW_KIND_LABELS,
  QUALITY_SEVERITY_LABELS,
  type QualityItemResult,
  type QualityProblem,
  type QualityReview,
  type QualityReviewCase,
  type QualityReviewLine,
  getQualityReview,
  listQualityProblems,
  listQualityReviews,
  problemListUrl,
} from '../../api/quality.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate } from '../../lib/time.js';

function OutcomeTag({ r }: { r: QualityItemResult }) {
  const { t } = useTranslation();
  if (!r.outcome) return <Tag>{t('qualityReviews.notRecorded')}</Tag>;
  return (
    <Tag color={r.outcome === 'fault' ? 'red' : 'green'} data-testid={`quality-outcome-${r.code}`}>
      {QUALITY_OUTCOME_LABELS[r.outcome]}
    </Tag>
  );
}

function CaseCard({ review, kase }: { review: QualityReview; kase: QualityReviewCase }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<QualityItemResult> = [
    { title: t('qualityReviews.item'), dataIndex: 'label', width: 220 },
    {
      title: t('qualityReviews.checkedBy'),
      dataIndex: 'automatic',
      width: 90,
      render: (auto: boolean) =>
        auto ? <Tag color="blue">{t('qualityReviews.auto')}</Tag> : t('qualityReviews.manual'),
    },
    { title: t('qualityReviews.outcome'), key: 'outcome', width: 110, render: (_, r) => <OutcomeTag r={r} /> },
    {
      title: t('qualityReviews.findings'),
      key: 'findings',
      render: (_, r) =>
        r.details.length > 0 ? (
          <ul style={{ margin: 0, paddingLeft: 18 }}>
            {r.details.map((d) => (
              <li key={d.id}>{d.text}</li>
            ))}
          </ul>
        ) : (
          (r.note ?? '')
        ),
    },
  ];
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="quality-case"
      title={
        <Space wrap>
          <span>{kase.caseNumber ?? kase.caseTitle}</span>
          <Typography.Text type="secondary">{kase.handlingUnitName}</Typography.Text>
          <Tag>{QUALITY_CASE_STATUS_LABELS[kase.status]}</Tag>
          {kase.score !== null && kase.grade ? (
            <Tag color={kase.grade === 'unqualified' ? 'red' : 'green'} data-testid="quality-case-grade">
              {kase.score}
              {t('qualityReviews.points')} · {QUALITY_GRADE_LABELS[kase.grade]}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        kase.status === 'concluded' ? (
          <Space>
            <a href={problemListUrl(review.id, kase.caseId, 'pdf')} data-testid="quality-problem-list-pdf">
              {t('qualityReviews.problemList')} PDF
            </a>
            <a href={problemListUrl(review.id, kase.caseId, 'docx')}>DOCX</a>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('qualityReviews.examiner')}：{kase.examinerName}
      </Typography.Paragraph>
      <Table rowKey="code" size="small" pagination={false} columns={columns} dataSource={kase.results} />
    </Card>
  );
}

/** The page. */
export function QualityReviewsPage() {
  const { t } = useTranslation();
  const [reviews, setReviews] = useState<QualityReviewLine[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [review, setReview] = useState<QualityReview | null>(null);
  const [problems, setProblems] = useState<QualityProblem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    listQualityReviews(controller.signal)
      .then((page) => {
        setReviews(page.items);
        setSelected((s) => s ?? page.items[0]?.id ?? null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      })
      .finally(() => setLoading(false));
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    // Without a review (a handling unit sees none of the reviews' side): every problem addressed to it.
    Promise.all([
      selected ? getQualityReview(selected, controller.signal) : Promise.resolve(null),
      listQualityProblems(selected ? { reviewId: selected, pageSize: 200 } : { pageSize: 200 }, controller.signal),
    ])
      .then(([r, p]) => {
        setReview(r);
        setProblems(p.items);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(errorMessage(err));
      });
    return () => controller.abort();
  }, [selected]);

  const reviewColumns: TableColumnsType<QualityReviewLine> = [
    { title: t('qualityReviews.reviewTitle'), dataIndex: 'title' },
    {
      title: t('qualityReviews.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: QualityReviewLine['kind']) => QUALITY_REVIEW_KIND_LABELS[k],
    },
    { title: t('qualityReviews.period'), dataIndex: 'periodLabel', width: 140 },
    { title: t('qualityReviews.cases'), dataIndex: 'cases', width: 80 },
    {
      title: t('qualityReviews.status'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => (s === 'open' ? t('qualityReviews.open') : t('qualityReviews.concluded')),
    },
  ];
  const problemColumns: TableColumnsType<QualityProblem> = [
    { title: t('qualityReviews.case'), key: 'case', width: 190, render: (_, p) => p.caseNumber ?? p.caseTitle },
    { title: t('qualityReviews.item'), dataIndex: 'itemLabel', width: 160 },
    {
      title: t('qualityReviews.severity'),
      dataIndex: 'severity',
      width: 100,
      render: (s: QualityProblem['severity']) => QUALITY_SEVERITY_LABELS[s],
    },
    { title: t('qualityReviews.description'), dataIndex: 'description' },
    {
      title: t('qualityReviews.owner'),
      key: 'owner',
      width: 190,
      render: (_, p) => `${p.unitName}${p.ownerUserName ? `（${p.ownerUserName}）` : ''}`,
    },
    {
      title: t('qualityReviews.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      render: (d: string, p) => (
        <Space size={4}>
          {formatDate(d)}
          {p.overdue ? <Tag color="red">{t('qualityReviews.overdue')}</Tag> : null}
        </Space>
      ),
    },
    {
      title: t('qualityReviews.problemStatus'),
      dataIndex: 'status',
      width: 130,
      render: (s: QualityProblem['status'], p) => (
        <Space size={4}>
          {QUALITY_PROBLEM_STATUS_LABELS[s]}
          {p.rectificationItemId ? (
            <Link to={`/rectification/${p.rectificationItemId}`} data-testid="quality-problem-ledger-link">
              {t('qualityReviews.ledgerLink')}
            </Link>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer title={t('qualityReviews.title')}>
      <Typography.Paragraph type="secondary">{t('qualityReviews.hint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey="id"
        size="small"
        loading={loading}
        columns={reviewColumns}
        dataSource={reviews}
        pagination={false}
        data-testid="quality-reviews-table"
        locale={{ emptyText: t('qualityReviews.empty') }}
        rowClassName={(r) => (r.id === selected ? 'ant-table-row-selected' : '')}
        onRow={(r) => ({ onClick: () => setSelected(r.id), style: { cursor: 'pointer' } })}
        style={{ marginBottom: 16 }}
      />
      {review ? (
        <div data-testid="quality-review">
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }} bordered>
            <Descriptions.Item label={t('qualityReviews.reviewTitle')}>{review.title}</Descriptions.Item>
            <Descriptions.Item label={t('qualityReviews.panel')}>
              {review.panel.map((m) => `${m.name}（${m.unitName}）`).join('、')}
            </Descriptions.Item>
          </Descriptions>
          {review.cases.length === 0 ? <Empty description={t('qualityReviews.noCases')} /> : null}
          {review.cases.map((k) => (
            <CaseCard key={k.caseId} review={review} kase={k} />
          ))}
        </div>
      ) : null}
      <Flex justify="space-between" align="center" style={{ margin: '16px 0 8px' }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('qualityReviews.problems')}
        </Typography.Title>
      </Flex>
      <Table
        rowKey="id"
        size="small"
        columns={problemColumns}
        dataSource={problems}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="quality-problems-table"
        locale={{ emptyText: t('qualityReviews.noProblems') }}
      />
    </PageContainer>
  );
}
