/**
 * One policy, project or fund: its particulars, its villages and allocations, its QR code (to
 * print: it opens the item's public page), and for its department: edit, publish, withdraw.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Image, Space, Table, Tag, message } from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type QrItem, getItem, qrCodeUrl, setPublished } from '../../api/qr-supervision.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { ItemDialog } from './ItemDialog.js';
import { ITEM_STATUS_COLOR, yuan } from './QrItemsPage.js';

/** The item page. */
export function QrItemPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [item, setItem] = useState<QrItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    getItem(id)
      .then(setItem)
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [id]);
  useEffect(load, [load]);

  const toggle = async (publish: boolean) => {
    setBusy(true);
    try {
      await setPublished(id, publish);
      void message.success(publish ? t('qrSupervision.published') : t('qrSupervision.withdrawn'));
      load();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (!item)
    return (
      <PageContainer title={t('qrSupervision.title')}>
        {error ? <Alert type="error" showIcon message={error} /> : null}
      </PageContainer>
    );

  return (
    <PageContainer
      title={item.title}
      extra={
        item.canManage ? (
          <Space wrap>
            <Button onClick={() => setEditing(true)} data-testid="qr-item-edit">
              {t('qrSupervision.edit')}
            </Button>
            {item.status === 'published' ? (
              <Button danger loading={busy} onClick={() => void toggle(false)} data-testid="qr-item-withdraw">
                {t('qrSupervision.withdraw')}
              </Button>
            ) : (
              <Button type="primary" loading={busy} onClick={() => void toggle(true)} data-testid="qr-item-publish">
                {t('qrSupervision.publish')}
              </Button>
            )}
          </Space>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Space align="start" wrap style={{ width: '100%' }}>
        <Card style={{ minWidth: 320, maxWidth: 720 }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('qrSupervision.status')}>
              <Tag color={ITEM_STATUS_COLOR[item.status]} data-testid="qr-item-status">
                {t(`qrSupervision.statuses.${item.status}`)}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('qrSupervision.kind')}>
              {t(`qrSupervision.kinds.${item.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('qrSupervision.year')}>{item.year}</Descriptions.Item>
            <Descriptions.Item label={t('qrSupervision.department')}>{item.departmentName}</Descriptions.Item>
            <Descriptions.Item label={t('qrSupervision.summary')}>{item.summary}</Descriptions.Item>
            {item.eligibility ? (
              <Descriptions.Item label={t('qrSupervision.eligibility')}>{item.eligibility}</Descriptions.Item>
            ) : null}
            {item.standard ? (
              <Descriptions.Item label={t('qrSupervision.standard')}>{item.standard}</Descriptions.Item>
            ) : null}
            {item.applyWhere ? (
              <Descriptions.Item label={t('qrSupervision.applyWhere')}>{item.applyWhere}</Descriptions.Item>
            ) : null}
            {item.budget !== null ? (
              <Descriptions.Item label={t('qrSupervision.budget')}>{yuan(item.budget)}</Descriptions.Item>
            ) : null}
            {item.contractor ? (
              <Descriptions.Item label={t('qrSupervision.contractor')}>{item.contractor}</Descriptions.Item>
            ) : null}
            {item.progress ? (
              <Descriptions.Item label={t('qrSupervision.progress')}>{item.progress}</Descriptions.Item>
            ) : null}
            {item.acceptance ? (
              <Descriptions.Item label={t('qrSupervision.acceptance')}>{item.acceptance}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('qrSupervision.publishedAt')}>
              {formatInstant(item.publishedAt)}
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('qrSupervision.qrCode')} style={{ width: 260 }}>
          <Image src={qrCodeUrl(item.id)} width={200} alt={item.publicUrl} data-testid="qr-item-qr" />
          <div style={{ wordBreak: 'break-all', fontSize: 12, marginTop: 8 }}>{item.publicUrl}</div>
          {item.status !== 'published' ? (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('qrSupervision.qrNotYet')} />
          ) : null}
        </Card>
      </Space>
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="regionCode"
        pagination={false}
        dataSource={item.allocations}
        data-testid="qr-item-allocations"
        columns={[
          { title: t('qrSupervision.township'), dataIndex: 'townshipName', width: 160 },
          { title: t('qrSupervision.village'), dataIndex: 'villageName', width: 160 },
          { title: t('qrSupervision.amountYuan'), dataIndex: 'amount', align: 'right', width: 140, render: yuan },
          { title: t('qrSupervision.note'), dataIndex: 'note' },
        ]}
      />
      <ItemDialog
        open={editing}
        item={item}
        onClose={() => setEditing(false)}
        onDone={() => {
          setEditing(false);
          load();
        }}
      />
    </PageContainer>
  );
}
