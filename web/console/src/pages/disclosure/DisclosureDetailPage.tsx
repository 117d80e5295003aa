/**
 * A version of a village's disclosure: its totals and balances, the review (who signed, when, the
 * opinion), the correction's reason and the lines marked against the version before, the lines as
 * published (masked) exported to Excel; a quarter's general items with their 名单 (names masked);
 * the clerk submits a draft, the supervision committee signs (publishes) or returns a submitted one
 * with its reason.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Input, Modal, Space, Table, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type Batch, getBatch, linesExportUrl, returnBatch, signBatch, submitBatch } from '../../api/disclosure.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { yuan } from './DisclosurePage.js';

type Line = Batch['lines'][number];
type Entry = Batch['entries'][number];

/** A quarter's general items as the committee reads them before signing: in order, 名单 masked. */
function GeneralEntries({ entries }: { entries: Entry[] }) {
  const { t } = useTranslation();
  return (
    <div data-testid="disclosure-entries">
      {entries.map((e) => (
        <Card
          key={e.id}
          size="small"
          style={{ marginBottom: 12 }}
          title={`${e.seq}. ${e.title}`}
          extra={<Tag>{t(`disclosure.topics.${e.topic}`)}</Tag>}
        >
          {e.text ? <p style={{ whiteSpace: 'pre-wrap', marginTop: 0 }}>{e.text}</p> : null}
          {e.roster.length ? (
            <Table
              size="small"
              rowKey="seq"
              pagination={e.roster.length > 50 ? { pageSize: 50 } : false}
              dataSource={e.roster}
              columns={[
                { title: '#', dataIndex: 'seq', width: 50 },
                { title: t('disclosure.rosterName'), dataIndex: 'name', width: 120 },
                {
                  title: t('disclosure.rosterAmount'),
                  dataIndex: 'amount',
                  width: 120,
                  align: 'right' as const,
                  render: (v: number | null) => (v === null ? '—' : yuan(v)),
                },
                { title: t('disclosure.rosterReason'), dataIndex: 'reason' },
              ]}
              footer={() => t('disclosure.rosterCount', { count: e.roster.length, total: yuan(e.rosterTotal) })}
            />
          ) : null}
        </Card>
      ))}
    </div>
  );
}

/** One version. */
export function DisclosureDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [batch, setBatch] = useState<Batch | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'sign' | 'return' | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    getBatch(id)
      .then(setBatch)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [id]);
  useEffect(load, [load]);

  const act = async (write: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await write();
      setDialog(null);
      setText('');
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!batch)
    return (
      <PageContainer title={t('disclosure.title')}>
        {error ? <Alert type="error" message={error} /> : null}
      </PageContainer>
    );
  const columns = [
    { title: t('disclosure.voucher'), dataIndex: 'voucherNo', width: 90 },
    { title: t('disclosure.date'), dataIndex: 'occurredOn', width: 100 },
    {
      title: t('disclosure.direction'),
      dataIndex: 'direction',
      width: 60,
      render: (v: string) => t(`disclosure.directions.${v}`),
    },
    { title: t('disclosure.counterparty'), dataIndex: 'counterparty', width: 140 },
    {
      title: t('disclosure.partyNumber'),
      dataIndex: 'partyNumber',
      width: 170,
      render: (v: string | null) => v ?? '—',
    },
    { title: t('disclosure.amount'), dataIndex: 'amount', width: 110, align: 'right' as const, render: yuan },
    {
      title: t('disclosure.method'),
      dataIndex: 'paymentMethod',
      width: 60,
      render: (v: string) => t(`disclosure.methods.${v}`),
    },
    { title: t('disclosure.purpose'), dataIndex: 'purpose' },
    { title: t('disclosure.category'), dataIndex: 'category', width: 100 },
    {
      title: t('disclosure.approval'),
      dataIndex: 'approvalPath',
      width: 160,
      render: (_: unknown, l: Line) => [l.approvalPath, l.approvers].filter(Boolean).join(' · ') || '—',
    },
    {
      title: '',
      dataIndex: 'change',
      width: 90,
      render: (v: string | null) => (v ? <Tag color="orange">{t(`disclosure.changes.${v}`)}</Tag> : null),
    },
  ];
  return (
    <PageContainer
      title={`${batch.villageName} ${batch.periodLabel}`}
      extra={
        <Space wrap>
          {batch.kind !== 'general' ? (
            <Button
              icon={<DownloadOutlined />}
              href={linesExportUrl(batch.id)}
              download
              data-testid="disclosure-lines-export"
            >
              {t('common.exportExcel')}
            </Button>
          ) : null}
          {batch.abilities.submit ? (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void act(() => submitBatch(batch.id))}
              data-testid="disclosure-submit"
            >
              {t('disclosure.submit')}
            </Button>
          ) : null}
          {batch.abilities.review ? (
            <>
              <Button onClick={() => setDialog('return')} data-testid="disclosure-return">
                {t('disclosure.return')}
              </Button>
              <Button type="primary" onClick={() => setDialog('sign')} data-testid="disclosure-sign">
                {t('disclosure.sign')}
              </Button>
            </>
          ) : null}
        </Space>
      }
    >
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="disclosure-error" />
      ) : null}
      {batch.returnReason && batch.status === 'draft' ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('disclosure.returned', { reason: batch.returnReason })}
        />
      ) : null}
      {batch.carriedBalance !== null ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('disclosure.carriedDiffers', { carried: yuan(batch.carriedBalance) })}
        />
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} data-testid="disclosure-summary">
          <Descriptions.Item label={t('disclosure.status')}>
            {t(`disclosure.statuses.${batch.status}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('disclosure.version')}>{batch.version}</Descriptions.Item>
          {batch.kind === 'finance' ? (
            <>
              <Descriptions.Item label={t('disclosure.openingBalance')}>{yuan(batch.openingBalance)}</Descriptions.Item>
              <Descriptions.Item label={t('disclosure.closingBalance')}>{yuan(batch.closingBalance)}</Descriptions.Item>
              <Descriptions.Item label={t('disclosure.income')}>{yuan(batch.incomeTotal)}</Descriptions.Item>
              <Descriptions.Item label={t('disclosure.expense')}>{yuan(batch.expenseTotal)}</Descriptions.Item>
            </>
          ) : (
            <Descriptions.Item label={t('disclosure.kind')}>{t(`disclosure.kinds.${batch.kind}`)}</Descriptions.Item>
          )}
          <Descriptions.Item label={t('disclosure.signedBy')}>{batch.signedByName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('disclosure.publishedAt')}>{formatInstant(batch.publishedAt)}</Descriptions.Item>
          {batch.reviewOpinion ? (
            <Descriptions.Item label={t('disclosure.opinion')} span={2}>
              {batch.reviewOpinion}
            </Descriptions.Item>
          ) : null}
          {batch.correctionReason ? (
            <Descriptions.Item label={t('disclosure.correctionReason')} span={2}>
              {batch.correctionReason}
            </Descriptions.Item>
          ) : null}
          {batch.supersededAt ? (
            <Descriptions.Item label={t('disclosure.supersededAt')}>
              {formatInstant(batch.supersededAt)}
            </Descriptions.Item>
          ) : null}
          {batch.removedVouchers.length ? (
            <Descriptions.Item label={t('disclosure.removed')} span={2}>
              {batch.removedVouchers.join('、')}
            </Descriptions.Item>
          ) : null}
          {batch.decisionRecord ? (
            <Descriptions.Item label={t('disclosure.decisionRecord')} span={4}>
              {batch.decisionRecord}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </Card>
      {batch.kind === 'general' ? (
        <GeneralEntries entries={batch.entries} />
      ) : batch.kind === 'finance' || batch.lines.length ? (
        <Table<Line>
          size="small"
          rowKey="id"
          columns={columns}
          dataSource={batch.lines}
          pagination={{ pageSize: 100 }}
          scroll={{ x: 'max-content' }}
          data-testid="disclosure-lines"
        />
      ) : null}
      <Modal
        open={dialog !== null}
        title={dialog === 'sign' ? t('disclosure.sign') : t('disclosure.return')}
        okText={dialog === 'sign' ? t('disclosure.signOk') : t('disclosure.return')}
        okButtonProps={{ disabled: !text.trim(), loading: busy, 'data-testid': 'disclosure-dialog-ok' }}
        onOk={() => void act(() => (dialog === 'sign' ? signBatch(batch.id, text) : returnBatch(batch.id, text)))}
        onCancel={() => setDialog(null)}
      >
        <p>{dialog === 'sign' ? t('disclosure.signHint') : t('disclosure.returnHint')}</p>
        <Input.TextArea
          rows={3}
          maxLength={1000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="disclosure-dialog-text"
        />
      </Modal>
    </PageContainer>
  );
}
