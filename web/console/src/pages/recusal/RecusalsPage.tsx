/** 回避申请: the recusal requests I may see, and the decision for those waiting for mine. */
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { type Recusal, createRecusal, decideRecusal, listRecusals, withdrawRecusal } from '../../api/recusal.js';
import { listReports } from '../../api/reports.js';
import { errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RemoteSelect } from '../../components/RemoteSelect.js';
import { formatInstant } from '../../lib/time.js';
import {
  RECUSAL_REQUESTER_LABELS,
  RECUSAL_STATES,
  RECUSAL_STATE_LABELS,
  type RecusalState,
} from '../../../../../src/server/shared/recusal.codes.js';

const STATE_COLOURS: Record<RecusalState, string> = {
  requested: 'orange',
  recused: 'red',
  rejected: 'default',
  withdrawn: 'default',
};

/** The recusal requests page. */
export function RecusalsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [state, setState] = useState<RecusalState | undefined>();
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ items: Recusal[]; total: number }>({ items: [], total: 0 });
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<Recusal | null>(null);
  const [form] = Form.useForm<{ decision: 'recused' | 'rejected'; note?: string }>();
  const session = useSession();
  const [filing, setFiling] = useState(false);
  const [fileForm] = Form.useForm<{ resourceId: string; reasons: string }>();

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await listRecusals({ page, pageSize: 50, ...(state ? { state } : {}) });
      setData({ items: res.items, total: res.total });
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, [page, state]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (v: { decision: 'recused' | 'rejected'; note?: string }) => {
    if (!deciding) return;
    try {
      await decideRecusal(deciding.id, { decision: v.decision, note: v.note ?? null, version: deciding.version });
      message.success(t('common.done'));
      setDeciding(null);
      await load();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  // One's own request (本人申请) about a report in one's scope; the leader who decides sees it waiting.
  const file = async (v: { resourceId: string; reasons: string }) => {
    if (!session.user) return;
    try {
      await createRecusal({
        resource: 'report',
        resourceId: v.resourceId,
        userId: session.user.id,
        requestedBy: 'self',
        reasons: v.reasons.trim(),
      });
      message.success(t('recusal.filed'));
      setFiling(false);
      await load();
    } catch (err) {
      message.error(errorMessage(err));
    }
  };

  const columns: TableColumnsType<Recusal> = [
    { title: t('recusal.person'), dataIndex: 'userName' },
    {
      title: t('recusal.requestedBy'),
      render: (_: unknown, r) => `${RECUSAL_REQUESTER_LABELS[r.requestedBy]}${r.oral ? t('recusal.oral') : ''}`,
    },
    { title: t('recusal.reasons'), dataIndex: 'reasons', ellipsis: true },
    {
      title: t('common.status'),
      render: (_: unknown, r) => (
        <Space size={4}>
          <Tag color={STATE_COLOURS[r.state]}>{RECUSAL_STATE_LABELS[r.state]}</Tag>
          {r.escalated && <Tag color="purple">{t('recusal.escalated')}</Tag>}
        </Space>
      ),
    },
    { title: t('recusal.recordedAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
    { title: t('recusal.decidedBy'), render: (_: unknown, r) => r.decidedByName ?? '—' },
    {
      title: t('common.actions'),
      render: (_: unknown, r) => (
        <Space>
          {r.canDecide && (
            <Button size="small" type="primary" onClick={() => setDeciding(r)} data-testid={`recusal-decide-${r.id}`}>
              {t('recusal.decide')}
            </Button>
          )}
          {r.canWithdraw && (
            <Button
              size="small"
              onClick={async () => {
                try {
                  await withdrawRecusal(r.id, r.version);
                  await load();
                } catch (err) {
                  message.error(errorMessage(err));
                }
              }}
            >
              {t('recusal.withdraw')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <PageContainer
      title={t('recusal.recusalsTitle')}
      extra={
        session.can('report.read') ? (
          <Button type="primary" onClick={() => setFiling(true)} data-testid="recusal-file">
            {t('recusal.file')}
          </Button>
        ) : null
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <Select<RecusalState>
          allowClear
          style={{ width: 160 }}
          placeholder={t('common.status')}
          value={state}
          onChange={(v) => {
            setState(v);
            setPage(1);
          }}
          options={RECUSAL_STATES.map((s) => ({ value: s, label: RECUSAL_STATE_LABELS[s] }))}
        />
      </Space>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<Recusal>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data.items}
        pagination={{ current: page, pageSize: 50, total: data.total, onChange: setPage }}
        data-testid="recusals-table"
      />
      <Modal
        open={deciding !== null}
        title={t('recusal.decide')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setDeciding(null)}
        destroyOnClose
      >
        <Form form={form} layout="vertical" initialValues={{ decision: 'recused' }} onFinish={decide}>
          <Form.Item name="decision" label={t('recusal.decision')} rules={[{ required: true }]}>
            <Radio.Group>
              <Radio value="recused">{RECUSAL_STATE_LABELS.recused}</Radio>
              <Radio value="rejected">{RECUSAL_STATE_LABELS.rejected}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="note" label={t('recusal.note')}>
            <Input.TextArea maxLength={2000} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={filing}
        title={t('recusal.fileTitle')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        onOk={() => fileForm.submit()}
        onCancel={() => setFiling(false)}
        okButtonProps={{ 'data-testid': 'recusal-file-submit' }}
        destroyOnClose
      >
        <Form form={fileForm} layout="vertical" onFinish={file} preserve={false} data-testid="recusal-file-form">
          <Form.Item name="resourceId" label={t('recusal.fileRecord')} rules={[{ required: true }]}>
            <RemoteSelect<string>
              data-testid="recusal-file-record"
              placeholder={t('recusal.fileRecordHint')}
              fetchOptions={async (q, signal) => {
                const found = await listReports({ q: q || undefined, page: 1, pageSize: 20 }, signal);
                return found.items.map((r) => ({
                  value: r.id,
                  label: `${r.number ?? t('recusal.unnumbered')} ${r.subjectName}`,
                }));
              }}
            />
          </Form.Item>
          <Form.Item
            name="reasons"
            label={t('recusal.reasons')}
            rules={[{ required: true, whitespace: true, max: 2000 }]}
          >
            <Input.TextArea rows={3} maxLength={2000} data-testid="recusal-file-reasons" />
          </Form.Item>
        </Form>
      </Modal>
    </PageContainer>
  );
}
