/**
 * A recommendation (监察建议书 / 纪律检查建议书): its content with the parts still missing, and what
 * each side may do next — the issuer edits the draft and submits it for approval (送审; the
 * approved chain issues it: numbered, the reply clock starts; a returned or rejected one comes back
 * as a draft), with a link to the approval, and rules on a refusal's reason; the recipient records its reply (each measure becomes
 * a rectification item, linked to the ledger) or a refusal. The documents download as PDF/DOCX.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Popconfirm,
  Radio,
  Space,
  Tag,
  Typography,
} from 'antd';
import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  type Recommendation,
  getRecommendation,
  recommendationDocumentUrl,
  refuseRecommendation,
  replyToRecommendation,
  ruleOnRefusal,
  submitRecommendation,
  updateRecommendation,
} from '../../api/recommendations.js';
import type { ApprovalStatus } from '../../../../../src/server/shared/approvals.codes.js';
import { errorMessage } from '../../api/request.js';
import { FullPageSpin } from '../../components/FullPageSpin.js';
import { PageContainer } from '../../components/PageContainer.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { ApprovalStatusTag } from '../approvals/ApprovalsPage.js';
import { RecommendationFormDrawer } from './RecommendationForm.js';
import { RecommendationStatusTag } from './RecommendationTags.js';

interface ReplyForm {
  note?: string;
  measures: { problem: string; measures: string; dueOn?: Dayjs | null; responsiblePerson?: string }[];
}

/** The recommendation page. */
export function RecommendationDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [r, setR] = useState<Recommendation | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getRecommendation(id)
      .then((x) => live && setR(x))
      .catch((err: unknown) => live && setLoadError(errorMessage(err)));
    return () => {
      live = false;
    };
  }, [id]);

  /** Sends one write and takes the recommendation it answers. */
  const run = useCallback(
    async (write: () => Promise<Recommendation>): Promise<boolean> => {
      setBusy(true);
      try {
        setR(await write());
        setError(null);
        void message.success(t('common.saved'));
        return true;
      } catch (err) {
        setError(errorMessage(err));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [message, t],
  );

  if (loadError) return <Alert type="error" showIcon message={loadError} data-testid="rec-load-error" />;
  if (!r) return <FullPageSpin />;

  const draft = r.status === 'draft';
  const part = (key: 'situation' | 'problems' | 'requirements' | 'reportBack') => (
    <Descriptions.Item label={t(`recommendation.parts.${key}`)} span={2}>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid={`rec-${key}`}>
        {r[key] ?? '—'}
      </Typography.Paragraph>
    </Descriptions.Item>
  );

  return (
    <PageContainer
      title={
        <Space wrap size={8}>
          <span data-testid="rec-title">{r.subject}</span>
          <RecommendationStatusTag status={r.status} />
          {r.replyOverdue ? <Tag color="red">{t('recommendation.replyOverdue')}</Tag> : null}
        </Space>
      }
      extra={
        r.canManage && draft ? (
          <>
            <Button
              onClick={() => {
                setFormError(null);
                setEditing(true);
              }}
              data-testid="rec-edit"
            >
              {t('recommendation.edit')}
            </Button>
            <Popconfirm
              title={t('recommendation.submitConfirm')}
              onConfirm={() => run(() => submitRecommendation(r.id, r.version))}
              okButtonProps={{ 'data-testid': 'rec-submit-confirm' }}
            >
              <Button type="primary" loading={busy} data-testid="rec-submit">
                {t('recommendation.submit')}
              </Button>
            </Popconfirm>
          </>
        ) : null
      }
    >
      {error ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setError(null)}
          message={error}
          style={{ marginBottom: 12 }}
          data-testid="rec-error"
        />
      ) : null}
      {draft ? (
        <Alert
          type={r.missing.length > 0 ? 'warning' : 'success'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rec-missing"
          message={
            r.missing.length > 0
              ? t('recommendation.missing', {
                  parts: r.missing.map((p) => t(`recommendation.parts.${p}`)).join('、'),
                })
              : t('recommendation.complete')
          }
        />
      ) : null}
      {r.canManage && r.approvalId && (r.status === 'draft' || r.status === 'submitted') ? (
        <Alert
          type={r.status === 'submitted' ? 'info' : 'warning'}
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="rec-approval"
          message={
            <Space wrap>
              {t(r.status === 'submitted' ? 'recommendation.inApproval' : 'recommendation.backFromApproval')}
              {r.approvalStatus ? <ApprovalStatusTag status={r.approvalStatus as ApprovalStatus} /> : null}
              <Link to={`/approvals/${r.approvalId}`} data-testid="rec-approval-link">
                {t('recommendation.openApproval')}
              </Link>
            </Space>
          }
        />
      ) : null}
      {r.accountabilityFlaggedAt ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('recommendation.accountability')}
          description={
            <Link to={`/units/${r.recipientUnitId}/rectification`} data-testid="rec-accountability-unit">
              {t('recommendation.accountabilityOnUnit', { unit: r.recipientUnitName })}
            </Link>
          }
          data-testid="rec-accountability"
        />
      ) : null}
      <Flex vertical gap={12}>
        <Card size="small" title={t('recommendation.content')}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
            <Descriptions.Item label={t('recommendation.kind')}>
              {t(`recommendation.kinds.${r.kind}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('recommendation.number')}>
              <span data-testid="rec-number">{r.number ?? '—'}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('recommendation.issuer')}>{r.issuerUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('recommendation.recipient')}>{r.recipientUnitName}</Descriptions.Item>
            <Descriptions.Item label={t('recommendation.parts.recipientPrincipal')}>
              {r.recipientPrincipal ?? '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('recommendation.parts.deadline')}>{formatDate(r.deadline)}</Descriptions.Item>
            {part('situation')}
            {part('problems')}
            {part('requirements')}
            {part('reportBack')}
            <Descriptions.Item label={t('recommendation.approval')}>
              {r.approvalId && r.canManage ? (
                <Link to={`/approvals/${r.approvalId}`} data-testid="rec-approval-detail-link">
                  {t('recommendation.openApproval')}
                </Link>
              ) : (
                '—'
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t('recommendation.issuedAt')}>{formatInstant(r.issuedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('recommendation.replyDueOn')}>
              <span data-testid="rec-reply-due">{formatDate(r.replyDueOn)}</span>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card size="small" title={t('recommendation.documents')}>
          <Space wrap>
            <Typography.Text>{t(`recommendation.kinds.${r.kind}`)}</Typography.Text>
            <Button
              icon={<DownloadOutlined />}
              href={recommendationDocumentUrl(r.id, 'pdf')}
              download
              data-testid="rec-doc-pdf"
            >
              PDF
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={recommendationDocumentUrl(r.id, 'docx')}
              download
              data-testid="rec-doc-docx"
            >
              DOCX
            </Button>
          </Space>
        </Card>
        <ReplyCard r={r} busy={busy} run={run} />
        <RefusalCard r={r} busy={busy} run={run} />
      </Flex>
      <RecommendationFormDrawer
        open={editing}
        initial={r}
        error={formError}
        saving={busy}
        onClose={() => setEditing(false)}
        onSave={async (values) => {
          setBusy(true);
          try {
            setR(await updateRecommendation(r.id, { version: r.version, ...values }));
            setEditing(false);
          } catch (err) {
            setFormError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      />
    </PageContainer>
  );
}

interface CardProps {
  r: Recommendation;
  busy: boolean;
  run: (write: () => Promise<Recommendation>) => Promise<boolean>;
}

/** The reply: its rectification items once replied; the recipient's form while waiting. */
function ReplyCard({ r, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReplyForm>();
  const answering = r.status === 'issued' && r.canRespond;
  if (r.status === 'draft') return null;
  return (
    <Card size="small" title={t('recommendation.reply.title')} data-testid="rec-reply">
      {r.repliedAt ? (
        <Typography.Paragraph>
          {t('recommendation.reply.repliedAt')}：{formatInstant(r.repliedAt)}
          {r.replyNote ? `。${r.replyNote}` : ''}
        </Typography.Paragraph>
      ) : null}
      {r.items.length > 0 ? (
        <List
          size="small"
          dataSource={r.items}
          data-testid="rec-items"
          renderItem={(item, i) => (
            <List.Item key={item.id} data-testid={`rec-item-${item.id}`}>
              <Space direction="vertical" size={0}>
                <Typography.Text strong>
                  {i + 1}. {item.problem}
                </Typography.Text>
                {item.measures ? <Typography.Text type="secondary">{item.measures}</Typography.Text> : null}
                <Space wrap size={[12, 0]}>
                  <span>
                    {t('recommendation.reply.dueOn')}：{formatDate(item.dueOn)}
                  </span>
                  <span>
                    {t('recommendation.reply.itemStatus')}：
                    {t(`meeting.actions.statuses.${item.status}`, { defaultValue: item.status })}
                  </span>
                  <Link to={`/rectification/${item.id}`}>{t('meeting.actions.ledger')}</Link>
                </Space>
              </Space>
            </List.Item>
          )}
        />
      ) : !answering ? (
        <Typography.Text type="secondary">{t('recommendation.reply.none')}</Typography.Text>
      ) : null}
      {answering ? (
        <Form<ReplyForm>
          form={form}
          layout="vertical"
          initialValues={{ measures: [{}] }}
          onFinish={(v) =>
            run(() =>
              replyToRecommendation(r.id, {
                version: r.version,
                note: v.note?.trim() || null,
                measures: v.measures.map((x) => ({
                  problem: x.problem.trim(),
                  measures: x.measures.trim(),
                  dueOn: fromPickerDate(x.dueOn ?? null),
                  responsiblePerson: x.responsiblePerson?.trim() || null,
                })),
              }),
            )
          }
        >
          <Form.List name="measures">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Card
                    key={field.key}
                    size="small"
                    type="inner"
                    style={{ marginBottom: 8 }}
                    title={`${t('recommendation.reply.measure')} ${i + 1}`}
                    extra={fields.length > 1 ? <MinusCircleOutlined onClick={() => remove(field.name)} /> : null}
                    data-testid="rec-measure"
                  >
                    <Form.Item
                      name={[field.name, 'problem']}
                      label={t('recommendation.reply.problem')}
                      rules={[{ required: true, min: 2, max: 2000 }]}
                    >
                      <Input.TextArea autoSize data-testid="rec-measure-problem" />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'measures']}
                      label={t('recommendation.reply.measures')}
                      rules={[{ required: true, min: 2, max: 4000 }]}
                    >
                      <Input.TextArea autoSize data-testid="rec-measure-measures" />
                    </Form.Item>
                    <Flex gap={8} wrap>
                      <Form.Item name={[field.name, 'dueOn']} label={t('recommendation.reply.dueOn')}>
                        <DatePicker data-testid="rec-measure-due" />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'responsiblePerson']}
                        label={t('recommendation.reply.person')}
                        rules={[{ max: 60 }]}
                      >
                        <Input data-testid="rec-measure-person" />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  block
                  data-testid="rec-measure-add"
                >
                  {t('recommendation.reply.add')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="note" label={t('recommendation.reply.note')} style={{ marginTop: 12 }}>
            <Input.TextArea autoSize={{ minRows: 2 }} maxLength={4000} data-testid="rec-reply-note" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="rec-reply-save">
            {t('recommendation.reply.record')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

/** The refusal: the recipient records it; the issuer rules on its reason. */
function RefusalCard({ r, busy, run }: CardProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [ruling, setRuling] = useState<{ justified?: boolean; note: string }>({ note: '' });
  const refusing = r.status === 'issued' && r.canRespond;
  if (!refusing && r.status !== 'refused') return null;
  return (
    <Card size="small" title={t('recommendation.refusal.title')} data-testid="rec-refusal">
      {r.status === 'refused' ? (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('recommendation.refusal.refusedAt')}>
            {formatInstant(r.refusedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('recommendation.refusal.reason')}>
            {r.refusalReason ?? t('recommendation.refusal.noReason')}
          </Descriptions.Item>
          <Descriptions.Item label={t('recommendation.refusal.ruling')}>
            {r.refusalJustified === null
              ? t('recommendation.refusal.notRuled')
              : `${r.refusalJustified ? t('recommendation.refusal.justified') : t('recommendation.refusal.unjustified')}${
                  r.refusalRulingNote ? `：${r.refusalRulingNote}` : ''
                }`}
          </Descriptions.Item>
        </Descriptions>
      ) : (
        <>
          <Input.TextArea
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('recommendation.refusal.reason')}
            autoSize={{ minRows: 2 }}
            maxLength={4000}
            data-testid="rec-refusal-reason"
          />
          <Popconfirm
            title={t('recommendation.refusal.record')}
            onConfirm={() =>
              run(() => refuseRecommendation(r.id, { version: r.version, reason: reason.trim() || null }))
            }
          >
            <Button danger loading={busy} style={{ marginTop: 8 }} data-testid="rec-refuse">
              {t('recommendation.refusal.record')}
            </Button>
          </Popconfirm>
        </>
      )}
      {r.status === 'refused' && r.canManage && r.refusalReason && r.refusalJustified === null ? (
        <Flex vertical gap={8} style={{ marginTop: 12 }}>
          <Typography.Text strong>{t('recommendation.refusal.rule')}</Typography.Text>
          <Radio.Group
            value={ruling.justified}
            onChange={(e) => setRuling((x) => ({ ...x, justified: e.target.value as boolean }))}
            data-testid="rec-ruling-justified"
          >
            <Radio value={true}>{t('recommendation.refusal.justified')}</Radio>
            <Radio value={false}>{t('recommendation.refusal.unjustified')}</Radio>
          </Radio.Group>
          <Input.TextArea
            value={ruling.note}
            onChange={(e) => setRuling((x) => ({ ...x, note: e.target.value }))}
            placeholder={t('recommendation.refusal.ruling')}
            autoSize={{ minRows: 2 }}
            maxLength={4000}
            data-testid="rec-ruling-note"
          />
          <Button
            type="primary"
            loading={busy}
            disabled={ruling.justified === undefined || ruling.note.trim().length < 2}
            onClick={() =>
              run(() =>
                ruleOnRefusal(r.id, { version: r.version, justified: ruling.justified!, note: ruling.note.trim() }),
              )
            }
            data-testid="rec-ruling-save"
          >
            {t('recommendation.refusal.rule')}
          </Button>
        </Flex>
      ) : null}
    </Card>
  );
}
