/**
 * A unit's rectification page (单位整改情况): its items by status, how many are overdue, its open
 * items (soonest due first), every escalation rung it has reached — 督促提醒, 约谈, 通报, 问责 —
 * with the record's documents, and beside them its own 问责 records (a recommendation refused
 * without good reason) with their 问责记录. Linked from the ledger's unit column and an item's page.
 */
import { useEffect, useState } from 'react';
import { Card, Col, Empty, Flex, Result, Row, Space, Spin, Statistic, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  RECTIFICATION_STATUSES,
  type UnitRectification,
  getUnitRectification,
  unitEscalationDocumentUrl,
} from '../../api/rectification.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { DocLinks, EscalationList } from './RectificationItemPage.js';
import { DueOn, EscalationTag, RectificationStatusTag } from './RectificationTags.js';

type OpenItem = UnitRectification['openItems'][number];
type UnitRecord = UnitRectification['unitEscalations'][number];

/** The unit page. */
export function UnitRectificationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const [page, setPage] = useState<UnitRectification | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const ac = new AbortController();
    getUnitRectification(id, ac.signal)
      .then((p) => {
        setPage(p);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!ac.signal.aborted) setError(errorMessage(err));
      });
    return () => ac.abort();
  }, [id]);

  if (error && !page) return <Result status="404" title={error} data-testid="unit-rectification-not-found" />;
  if (!page) return <Spin style={{ display: 'block', margin: 48 }} />;

  const columns: TableColumnsType<OpenItem> = [
    {
      title: t('rectification.problem'),
      dataIndex: 'problem',
      ellipsis: true,
      render: (p: string, r) => (
        <Link to={`/rectification/${r.id}`} data-testid="unit-rectification-item">
          {p}
        </Link>
      ),
    },
    {
      title: t('rectification.sourceLabel'),
      dataIndex: 'source',
      width: 130,
      render: (s: string) => t(`rectification.source.${s}`),
    },
    {
      title: t('rectification.statusLabel'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => <RectificationStatusTag status={s} />,
    },
    {
      title: t('rectification.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      render: (d: string, r) => <DueOn dueOn={d} overdue={r.overdue} />,
    },
    {
      title: t('rectification.escalation'),
      dataIndex: 'escalation',
      width: 100,
      render: (e: string | null) => (e ? <EscalationTag rung={e} /> : '—'),
    },
  ];

  return (
    <PageContainer
      title={t('rectification.unitPage', { unit: page.unitName })}
      extra={<Link to={`/rectification?unitId=${page.unitId}`}>{t('rectification.unitInLedger')}</Link>}
    >
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }} data-testid="unit-rectification-counts">
        {RECTIFICATION_STATUSES.map((s) => (
          <Col key={s} xs={12} md={4}>
            <Card size="small">
              <Statistic title={t(`rectification.status.${s}`)} value={page.byStatus[s]} />
            </Card>
          </Col>
        ))}
        <Col xs={12} md={4}>
          <Card size="small">
            <Statistic
              title={t('rectification.overdue')}
              value={page.overdue}
              valueStyle={page.overdue > 0 ? { color: '#b71c1c' } : undefined}
              data-testid="unit-rectification-overdue"
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('rectification.openItems')} style={{ marginBottom: 12 }}>
        <Table<OpenItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={page.openItems}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          scroll={{ x: 700 }}
          locale={{ emptyText: t('rectification.noOpenItems') }}
          data-testid="unit-rectification-open"
        />
      </Card>
      {page.unitEscalations.length > 0 ? (
        <Card
          size="small"
          title={t('rectification.unitEscalations')}
          style={{ marginBottom: 12 }}
          data-testid="unit-rectification-refusals"
        >
          <UnitEscalationList records={page.unitEscalations} />
        </Card>
      ) : null}
      <Card size="small" title={t('rectification.escalations')} data-testid="unit-rectification-escalations">
        {page.escalations.length === 0 ? (
          <Empty description={t('rectification.noEscalations')} />
        ) : (
          <EscalationList
            itemId={(r) => r.itemId}
            records={page.escalations}
            problemOf={(r) => (r as { problem?: string }).problem ?? null}
          />
        )}
      </Card>
    </PageContainer>
  );
}

/** A unit's own 问责 records (recommendations refused without good reason), with their 问责记录. */
function UnitEscalationList({ records }: { records: UnitRecord[] }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      {records.map((r) => (
        <div key={r.id} data-testid="unit-escalation-refusal">
          <Space wrap>
            <EscalationTag rung={r.rung} />
            <Typography.Text>{t(`rectification.unitReason.${r.reason}`)}</Typography.Text>
            <Typography.Text type="secondary">
              {formatInstant(r.at)} {r.recordedByName ?? t('rectification.byRefusal')}
            </Typography.Text>
          </Space>
          <div>
            {t('rectification.unitEscalationRecommendation')}：
            <Link to={`/recommendations/${r.content.recommendationId}`} data-testid="unit-escalation-recommendation">
              {r.content.recommendationSubject}
              {r.content.recommendationNumber ? `（${r.content.recommendationNumber}）` : ''}
            </Link>
          </div>
          <Typography.Paragraph style={{ margin: '4px 0' }}>{r.content.text}</Typography.Paragraph>
          {r.content.refusalReason ? (
            <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
              {r.content.refusalReason}
              {r.content.rulingNote ? ` · ${r.content.rulingNote}` : ''}
            </Typography.Paragraph>
          ) : null}
          {r.documents.map((kind) => (
            <DocLinks
              key={kind}
              label={t(`rectification.escalationDoc.${kind}`, { defaultValue: kind })}
              href={(f) => unitEscalationDocumentUrl(r.id, kind, f)}
              testId={`unit-escalation-doc-${kind}`}
            />
          ))}
        </div>
      ))}
    </Flex>
  );
}
