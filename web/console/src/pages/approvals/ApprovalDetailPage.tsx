/** One approval: its content, integrity, the chain as a timeline, and approve / return / reject. */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type ApprovalDetail,
  type ApprovalStep,
  approvalFormUrl,
  decideApproval,
  getApproval,
  recordOfflineStep,
  withdrawApproval,
} from '../../api/approvals.js';
import { errorMessage } from '../../api/request.js';
import { FullPageSpin } from '../../components/FullPageSpin.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import {
  APPROVAL_ACTION_LABELS,
  APPROVAL_POST_LABELS,
  type ApprovalDecision,
  SKIP_REASON_LABELS,
  STEP_STATUS_LABELS,
  TARGET_LEVEL_LABELS,
} from '../../../../../src/server/shared/approvals.codes.js';
import { ApprovalStatusTag } from './ApprovalsPage.js';

const STEP_COLORS: Record<ApprovalStep['status'], string> = {
  waiting: 'gray',
  current: 'blue',
  approved: 'green',
  returned: 'orange',
  rejected: 'red',
  skipped: 'gray',
  cancelled: 'gray',
};

function StepLine({ step }: { step: ApprovalStep }) {
  const { t } = useTranslation();
  return (
    <div data-testid={`approval-step-${step.round}-${step.seq}`}>
      <Space wrap>
        <Typography.Text strong>{APPROVAL_POST_LABELS[step.post]}</Typography.Text>
        <span>{step.holderName ?? '—'}</span>
        <Tag>{STEP_STATUS_LABELS[step.status]}</Tag>
        {step.offline ? <Tag color="purple">{t('approval.offlineTag')}</Tag> : null}
      </Space>
      {step.skipReason ? <div>{SKIP_REASON_LABELS[step.skipReason]}</div> : null}
      {step.opinion ? <div>{step.opinion}</div> : null}
      {step.decidedAt ? (
        <Typography.Text type="secondary">
          {step.signedOn ?? formatInstant(step.decidedAt)}
          {step.offline && step.decidedByName ? `（${step.decidedByName}登记）` : ''}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** The page. */
export function ApprovalDetailPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const { id = '' } = useParams();
  const [approval, setApproval] = useState<ApprovalDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ opinion?: string }>();
  const [offline] = Form.useForm<{
    decision: ApprovalDecision;
    opinion?: string;
    signerName: string;
    signedOn: { format: (f: string) => string };
  }>();

  const load = useCallback(async () => {
    try {
      setApproval(await getApproval(id));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (decision: ApprovalDecision) => {
    if (!approval) return;
    const opinion = (form.getFieldValue('opinion') as string | undefined)?.trim() || null;
    if (decision !== 'approve' && !opinion) {
      setError(t('approval.opinionRequired'));
      return;
    }
    setSaving(true);
    try {
      setApproval(await decideApproval(approval.id, { decision, opinion, version: approval.version }));
      setError(null);
      form.resetFields();
      message.success(t('approval.decided'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const record = async (values: {
    decision: ApprovalDecision;
    opinion?: string;
    signerName: string;
    signedOn: { format: (f: string) => string };
  }) => {
    if (!approval) return;
    setSaving(true);
    try {
      setApproval(
        await recordOfflineStep(approval.id, {
          decision: values.decision,
          opinion: values.opinion?.trim() || null,
          signerName: values.signerName.trim(),
          signedOn: values.signedOn.format('YYYY-MM-DD'),
          version: approval.version,
        }),
      );
      setError(null);
      message.success(t('approval.decided'));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const withdraw = () => {
    if (!approval) return;
    modal.confirm({
      title: t('approval.confirmWithdraw'),
      onOk: async () => {
        try {
          setApproval(await withdrawApproval(approval.id, approval.version));
          message.success(t('approval.withdrawn'));
        } catch (err) {
          setError(errorMessage(err));
        }
      },
    });
  };

  if (!approval) return error ? <Alert type="error" showIcon message={error} /> : <FullPageSpin />;
  const rounds = [...new Set(approval.steps.map((s) => s.round))].sort((a, b) => b - a);
  const content = approval.content as Record<string, unknown>;
  return (
    <PageContainer
      title={`${t('approval.detail')} ${approval.number}`}
      extra={
        <Space>
          <Button href={approvalFormUrl(approval.id, 'pdf')} data-testid="approval-pdf">
            {t('approval.pdf')}
          </Button>
          <Button href={approvalFormUrl(approval.id, 'docx')}>{t('approval.docx')}</Button>
          {approval.abilities.withdraw ? (
            <Button danger onClick={withdraw} data-testid="approval-withdraw">
              {t('approval.withdraw')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        {error ? <Alert type="error" showIcon message={error} data-testid="approval-error" /> : null}
        <Alert
          type={approval.integrity === 'intact' ? 'success' : 'error'}
          showIcon
          message={approval.integrity === 'intact' ? t('approval.integrityOk') : t('approval.integrityBad')}
          description={`${t('approval.hash')}：${approval.contentHash}`}
          data-testid="approval-integrity"
        />
        <Card>
          <Descriptions column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 2, xxl: 2 }} size="small" bordered>
            <Descriptions.Item label={t('approval.subject')} span={2}>
              {approval.title}
            </Descriptions.Item>
            <Descriptions.Item label={t('approval.action')}>
              {APPROVAL_ACTION_LABELS[approval.action]}
            </Descriptions.Item>
            <Descriptions.Item label={t('approval.targetLevel')}>
              {TARGET_LEVEL_LABELS[approval.targetLevel]}
            </Descriptions.Item>
            <Descriptions.Item
              label={t('approval.drafter')}
            >{`${approval.drafterName}（${approval.draftingUnitName}）`}</Descriptions.Item>
            <Descriptions.Item label={t('approval.status')}>
              <span data-testid="approval-status">
                <ApprovalStatusTag status={approval.status} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('approval.submittedAt')}>
              {formatInstant(approval.submittedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('approval.decidedAt')}>{formatInstant(approval.decidedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('approval.content')} span={2}>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {typeof content.summary === 'string' ? content.summary : JSON.stringify(content, null, 2)}
              </Typography.Paragraph>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('approval.chain')}>
          {rounds.map((round) => (
            <div key={round}>
              {rounds.length > 1 ? (
                <Typography.Title level={5}>{t('approval.round', { round })}</Typography.Title>
              ) : null}
              <Timeline
                items={approval.steps
                  .filter((s) => s.round === round)
                  .map((s) => ({ key: s.id, color: STEP_COLORS[s.status], children: <StepLine step={s} /> }))}
              />
            </div>
          ))}
          {approval.status === 'returned' ? (
            <Typography.Text type="secondary">{t('approval.resubmitHint')}</Typography.Text>
          ) : null}
        </Card>
        {approval.abilities.decide ? (
          <Card title={t('approval.opinion')} data-testid="approval-decision">
            <Form form={form} layout="vertical">
              <Form.Item name="opinion" label={t('approval.opinion')}>
                <Input.TextArea rows={3} maxLength={2000} data-testid="approval-opinion" />
              </Form.Item>
              <Space>
                <Button
                  type="primary"
                  loading={saving}
                  onClick={() => void decide('approve')}
                  data-testid="approval-approve"
                >
                  {t('approval.approve')}
                </Button>
                <Button loading={saving} onClick={() => void decide('return')} data-testid="approval-return">
                  {t('approval.return')}
                </Button>
                <Button danger loading={saving} onClick={() => void decide('reject')} data-testid="approval-reject">
                  {t('approval.reject')}
                </Button>
              </Space>
            </Form>
          </Card>
        ) : null}
        {approval.abilities.recordOffline ? (
          <Card title={t('approval.recordOffline')} data-testid="approval-offline">
            <Form
              form={offline}
              layout="vertical"
              onFinish={(v) => void record(v)}
              initialValues={{ decision: 'approve' }}
            >
              <Form.Item name="decision" label={t('approval.decision')} rules={[{ required: true }]}>
                <Radio.Group
                  options={(['approve', 'return', 'reject'] as const).map((d) => ({
                    value: d,
                    label: t(`approval.${d}`),
                  }))}
                />
              </Form.Item>
              <Form.Item name="signerName" label={t('approval.signerName')} rules={[{ required: true, max: 40 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="signedOn" label={t('approval.signedOn')} rules={[{ required: true }]}>
                <DatePicker />
              </Form.Item>
              <Form.Item name="opinion" label={t('approval.opinion')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={saving}>
                {t('approval.recordOffline')}
              </Button>
            </Form>
          </Card>
        ) : null}
      </Space>
    </PageContainer>
  );
}
