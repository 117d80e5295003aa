/**
 * One rectification item (整改事项): what is wrong and by when, the rejection reason in red for
 * the responsible unit, and every action the reader may take on its side — the responsible unit
 * starts, adds evidence photos, submits with a note and asks for an extension; the issuer side
 * accepts (验收销号), rejects with the reason, records the 回头看, submits an extension request
 * for approval (呈批, its approval linked and its state shown) or refuses it, and records
 * the next escalation rung (督促提醒 → 约谈 → 通报 → 问责). Documents (整改通知书, 验收表, 约谈记录,
 * 通报) download here. On a phone it is one column with full-width buttons.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Radio,
  Result,
  Space,
  Spin,
  Timeline,
  Typography,
  Upload,
  App,
} from 'antd';
import { CameraOutlined, DownloadOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  FOLLOW_UP_RESULTS,
  RECTIFICATION_ESCALATIONS,
  type RectificationItem,
  acceptRectification,
  escalationDocumentUrl,
  followUpRectification,
  getRectificationItem,
  rectificationDocumentUrl,
  rectificationFileUrl,
  recordRectificationEscalation,
  refuseRectificationExtension,
  rejectRectification,
  requestRectificationExtension,
  startRectification,
  submitRectification,
  submitRectificationExtension,
  uploadRectificationFile,
} from '../../api/rectification.js';
import { errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import type { ApprovalStatus } from '../../../../../src/server/shared/approvals.codes.js';
import { ApprovalStatusTag } from '../approvals/ApprovalsPage.js';
import { ActionModal, plainValues, usePhone } from './RectificationForms.js';
import { DueOn, EscalationTag, RectificationStatusTag } from './RectificationTags.js';

/** The rung after `last` (the first when none), or null at the top. */
function nextRung(last: string | null): string | null {
  if (!last) return RECTIFICATION_ESCALATIONS[0] ?? null;
  const i = RECTIFICATION_ESCALATIONS.indexOf(last as (typeof RECTIFICATION_ESCALATIONS)[number]);
  return RECTIFICATION_ESCALATIONS[i + 1] ?? null;
}

/** The content fields each rung's record asks for. */
const RUNG_FIELDS: Record<string, { name: string; area?: boolean; required?: boolean }[]> = {
  reminder: [{ name: 'text', area: true, required: true }],
  admonition: [
    { name: 'principal', required: true },
    { name: 'heldAt', required: true },
    { name: 'place', required: true },
    { name: 'talkers', required: true },
    { name: 'said', area: true, required: true },
    { name: 'required', area: true, required: true },
  ],
  circular: [
    { name: 'text', area: true, required: true },
    { name: 'audience', required: true },
  ],
  accountability: [
    { name: 'person', required: true },
    { name: 'form', required: true },
    { name: 'text', area: true },
  ],
};

/** Download links of a document in both formats. */
export function DocLinks({
  label,
  href,
  testId,
}: {
  label: string;
  href: (f: 'pdf' | 'docx') => string;
  testId: string;
}) {
  const phone = usePhone();
  return (
    <Space wrap>
      {(['pdf', 'docx'] as const).map((f) => (
        <Button
          key={f}
          icon={<DownloadOutlined />}
          href={href(f)}
          download
          size={phone ? 'large' : 'middle'}
          data-testid={`${testId}-${f}`}
        >
          {label} {f.toUpperCase()}
        </Button>
      ))}
    </Space>
  );
}

/** The item page. */
export function RectificationItemPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const phone = usePhone();
  const [item, setItem] = useState<RectificationItem | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  const load = useCallback(
    (signal?: AbortSignal) =>
      getRectificationItem(id, signal)
        .then((r) => {
          setItem(r);
          setError(null);
        })
        .catch((err: unknown) => {
          if (!signal?.aborted) setError(errorMessage(err));
        }),
    [id],
  );
  useEffect(() => {
    const ac = new AbortController();
    void load(ac.signal);
    return () => ac.abort();
  }, [load]);
  const reload = useCallback(() => void load(), [load]);

  if (error && !item) return <Result status="404" title={error} data-testid="rectification-not-found" />;
  if (!item) return <Spin style={{ display: 'block', margin: 48 }} />;

  const { owner, issuer } = item.sides;
  const outstanding = item.status !== 'closed';
  // Waiting for the issuer side's 呈批 (pending), or for the chain too (in_approval): no new request.
  const pendingExtension = item.extensions.find((e) => e.status === 'pending');
  const waitingExtension = item.extensions.find((e) => e.status === 'pending' || e.status === 'in_approval');
  const rung = outstanding ? nextRung(item.escalation) : null;
  const big = phone ? ('large' as const) : ('middle' as const);

  async function start() {
    setActionError(null);
    try {
      await startRectification(id, item!.version);
      message.success(t('rectification.started'));
      reload();
    } catch (err) {
      setActionError(errorMessage(err));
    }
  }

  async function upload(file: File) {
    setUploading(true);
    setActionError(null);
    try {
      await uploadRectificationFile(id, file);
      message.success(t('rectification.uploaded'));
      reload();
    } catch (err) {
      setActionError(errorMessage(err));
    } finally {
      setUploading(false);
    }
  }

  const ownerActions = owner ? (
    <>
      {item.status === 'open' ? (
        <Button type="primary" size={big} block={phone} onClick={() => void start()} data-testid="rectification-start">
          {t('rectification.start')}
        </Button>
      ) : null}
      {item.status === 'open' || item.status === 'in_progress' ? (
        <div data-testid="rectification-upload" style={phone ? { width: '100%' } : undefined}>
          <Upload
            accept="image/*,application/pdf"
            showUploadList={false}
            customRequest={({ file }) => void upload(file as File)}
            className={phone ? 'qf-block-upload' : undefined}
          >
            <Button
              icon={<CameraOutlined />}
              size={big}
              block={phone}
              loading={uploading}
              data-testid="rectification-upload-button"
            >
              {t('rectification.upload')}
            </Button>
          </Upload>
        </div>
      ) : null}
      {item.status === 'in_progress' ? (
        <ActionModal<{ evidenceNote: string; noFilesReason?: string }>
          testId="rectification-submit"
          title={t('rectification.submit')}
          primary
          onSubmit={(v) =>
            submitRectification(id, { version: item.version, ...(plainValues(v) as { evidenceNote: string }) })
          }
          onDone={reload}
          intro={
            <Typography.Paragraph type="secondary">
              {t('rectification.filesAttached', { count: item.files.length })}
            </Typography.Paragraph>
          }
        >
          <Form.Item name="evidenceNote" label={t('rectification.evidenceNote')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={4} maxLength={8000} data-testid="rectification-submit-note" />
          </Form.Item>
          {item.files.length === 0 ? (
            <Form.Item name="noFilesReason" label={t('rectification.noFilesReason')}>
              <Input.TextArea rows={2} maxLength={1000} data-testid="rectification-submit-no-files" />
            </Form.Item>
          ) : null}
        </ActionModal>
      ) : null}
      {outstanding && !waitingExtension ? (
        <ActionModal<{ dueOn: unknown; reason: string }>
          testId="rectification-extension"
          title={t('rectification.askExtension')}
          onSubmit={(v) =>
            requestRectificationExtension(id, {
              version: item.version,
              ...(plainValues(v) as { dueOn: string; reason: string }),
            })
          }
          onDone={reload}
        >
          <Form.Item name="dueOn" label={t('rectification.extensionDueOn')} rules={[{ required: true }]}>
            <DatePicker style={{ width: '100%' }} data-testid="rectification-extension-due" />
          </Form.Item>
          <Form.Item name="reason" label={t('rectification.extensionReason')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-extension-reason" />
          </Form.Item>
        </ActionModal>
      ) : null}
    </>
  ) : null;

  const issuerActions = issuer ? (
    <>
      {item.status === 'submitted' ? (
        <>
          <ActionModal<{ note: string; followUpOn?: unknown }>
            testId="rectification-accept"
            title={t('rectification.accept')}
            primary
            onSubmit={(v) =>
              acceptRectification(id, { version: item.version, ...(plainValues(v) as { note: string }) })
            }
            onDone={reload}
          >
            <Form.Item name="note" label={t('rectification.acceptanceNote')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-accept-note" />
            </Form.Item>
            <Form.Item
              name="followUpOn"
              label={t('rectification.followUpOn')}
              extra={t('rectification.followUpOnHint')}
            >
              <DatePicker style={{ width: '100%' }} data-testid="rectification-accept-follow-up" />
            </Form.Item>
          </ActionModal>
          <ActionModal<{ reason: string }>
            testId="rectification-reject"
            title={t('rectification.reject')}
            danger
            onSubmit={(v) => rejectRectification(id, { version: item.version, reason: v.reason })}
            onDone={reload}
          >
            <Form.Item name="reason" label={t('rectification.rejectReason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-reject-reason" />
            </Form.Item>
          </ActionModal>
        </>
      ) : null}
      {item.status === 'closed' && !item.followedUpAt ? (
        <ActionModal<{ result: string; note: string; dueOn?: unknown }>
          testId="rectification-follow-up"
          title={t('rectification.followUp')}
          primary
          initialValues={{ result: 'holds' }}
          onSubmit={(v) =>
            followUpRectification(id, {
              version: item.version,
              ...(plainValues(v) as { result: 'holds' | 'relapsed'; note: string }),
            })
          }
          onDone={reload}
        >
          {(form) => (
            <>
              <Form.Item name="result" label={t('rectification.followUpResultLabel')} rules={[{ required: true }]}>
                <Radio.Group data-testid="rectification-follow-up-result">
                  {FOLLOW_UP_RESULTS.map((r) => (
                    <Radio key={r} value={r}>
                      {t(`rectification.followUpResult.${r}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="note" label={t('rectification.followUpNote')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-follow-up-note" />
              </Form.Item>
              <Form.Item noStyle shouldUpdate>
                {() =>
                  form.getFieldValue('result') === 'relapsed' ? (
                    <Form.Item name="dueOn" label={t('rectification.relapseDueOn')} rules={[{ required: true }]}>
                      <DatePicker style={{ width: '100%' }} data-testid="rectification-follow-up-due" />
                    </Form.Item>
                  ) : null
                }
              </Form.Item>
            </>
          )}
        </ActionModal>
      ) : null}
      {pendingExtension && outstanding ? (
        <>
          <ActionModal<{ opinion: string }>
            testId="rectification-extension-submission"
            title={t('rectification.submitExtension')}
            primary
            intro={
              <>
                <Typography.Paragraph>
                  {t('rectification.extensionAsked', {
                    from: pendingExtension.fromDueOn,
                    to: pendingExtension.requestedDueOn,
                    reason: pendingExtension.reason,
                  })}
                </Typography.Paragraph>
                <Typography.Paragraph type="secondary">{t('rectification.submitExtensionHint')}</Typography.Paragraph>
              </>
            }
            onSubmit={(v) =>
              submitRectificationExtension(id, pendingExtension.id, { version: item.version, opinion: v.opinion })
            }
            onDone={reload}
          >
            <Form.Item name="opinion" label={t('rectification.submitOpinion')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-extension-opinion" />
            </Form.Item>
          </ActionModal>
          <ActionModal<{ note: string }>
            testId="rectification-extension-refusal"
            title={t('rectification.refuseExtension')}
            danger
            onSubmit={(v) =>
              refuseRectificationExtension(id, pendingExtension.id, { version: item.version, note: v.note })
            }
            onDone={reload}
          >
            <Form.Item name="note" label={t('rectification.refusalNote')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={3} maxLength={4000} data-testid="rectification-extension-refusal-note" />
            </Form.Item>
          </ActionModal>
        </>
      ) : null}
      {rung ? (
        <ActionModal<Record<string, string>>
          // One dialog per rung: a fresh form, or the 通报's words stayed in the 问责's 内容.
          key={rung}
          testId="rectification-escalate"
          title={t('rectification.escalateTo', { rung: t(`rectification.rung.${rung}`) })}
          danger={item.escalationDue}
          onSubmit={(v) =>
            recordRectificationEscalation(id, {
              version: item.version,
              rung: rung as 'reminder',
              content: plainValues(v),
            })
          }
          onDone={reload}
        >
          {(RUNG_FIELDS[rung] ?? []).map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={t(`rectification.content.${f.name}`)}
              rules={f.required ? [{ required: true }] : []}
            >
              {f.area ? (
                <Input.TextArea rows={3} maxLength={8000} data-testid={`rectification-escalate-field-${f.name}`} />
              ) : (
                <Input maxLength={200} data-testid={`rectification-escalate-field-${f.name}`} />
              )}
            </Form.Item>
          ))}
        </ActionModal>
      ) : null}
    </>
  ) : null;

  // Whether any button shows: the fragments above are empty when no condition holds.
  const hasActions =
    (owner && outstanding && (item.status !== 'submitted' || !waitingExtension)) ||
    (issuer &&
      (item.status === 'submitted' ||
        (item.status === 'closed' && !item.followedUpAt) ||
        (!!pendingExtension && outstanding) ||
        !!rung));

  return (
    <PageContainer
      title={
        <Space wrap>
          {t('rectification.item')}
          <RectificationStatusTag status={item.status} />
          <EscalationTag rung={item.escalation} />
        </Space>
      }
      extra={phone ? null : <Link to="/rectification">{t('rectification.backToLedger')}</Link>}
    >
      {item.lastRejection && item.status !== 'closed' ? (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12, fontSize: phone ? 16 : undefined }}
          message={t('rectification.rejectedBanner', { count: item.rejections })}
          description={<Typography.Text strong>{item.lastRejection}</Typography.Text>}
          data-testid="rectification-rejection"
        />
      ) : null}
      {item.escalationDue && item.nextEscalation ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('rectification.escalationDueBanner', {
            rung: t(`rectification.rung.${item.nextEscalation}`),
            on: item.nextEscalationOn ?? '',
          })}
          data-testid="rectification-escalation-due"
        />
      ) : null}
      {actionError ? (
        <Alert
          type="error"
          showIcon
          message={actionError}
          style={{ marginBottom: 12 }}
          data-testid="rectification-action-error"
        />
      ) : null}
      {hasActions ? (
        <Card
          size="small"
          title={t('rectification.actions')}
          style={{ marginBottom: 12 }}
          data-testid="rectification-actions"
        >
          <Flex vertical={phone} gap={8} wrap>
            {ownerActions}
            {issuerActions}
          </Flex>
        </Card>
      ) : null}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions
          column={phone ? 1 : 2}
          size="small"
          bordered={!phone}
          layout={phone ? 'vertical' : 'horizontal'}
          data-testid="rectification-detail"
          items={[
            {
              key: 'problem',
              label: t('rectification.problem'),
              span: phone ? 1 : 2,
              children: <span data-testid="rectification-problem">{item.problem}</span>,
            },
            {
              key: 'source',
              label: t('rectification.sourceLabel'),
              children: t(`rectification.source.${item.source}`),
            },
            { key: 'doc', label: t('rectification.sourceDocument'), children: item.sourceDocument ?? '—' },
            {
              key: 'unit',
              label: t('rectification.ownerUnit'),
              children: <Link to={`/units/${item.ownerUnitId}/rectification`}>{item.ownerUnitName}</Link>,
            },
            { key: 'person', label: t('rectification.responsiblePerson'), children: item.responsiblePerson ?? '—' },
            { key: 'issuer', label: t('rectification.issuerUnit'), children: item.issuerUnitName },
            {
              key: 'severity',
              label: t('rectification.severityLabel'),
              children: t(`rectification.severity.${item.severity}`),
            },
            {
              key: 'due',
              label: t('rectification.dueOn'),
              children: (
                <span data-testid="rectification-due">
                  <DueOn dueOn={item.dueOn} overdue={item.overdue} />
                  {item.dueOn !== item.originalDueOn ? (
                    <Typography.Text type="secondary">
                      {' '}
                      {t('rectification.originalDue', { date: item.originalDueOn })}
                    </Typography.Text>
                  ) : null}
                </span>
              ),
            },
            { key: 'created', label: t('rectification.createdAt'), children: formatInstant(item.createdAt) },
            ...(item.relapseOf
              ? [
                  {
                    key: 'relapseOf',
                    label: t('rectification.relapseOf'),
                    span: phone ? 1 : 2,
                    children: (
                      <Link to={`/rectification/${item.relapseOf}`} data-testid="rectification-relapse-of">
                        {t('rectification.relapseOfLink')}
                      </Link>
                    ),
                  },
                ]
              : []),
            ...(item.relapses.length > 0
              ? [
                  {
                    key: 'relapses',
                    label: t('rectification.relapses'),
                    span: phone ? 1 : 2,
                    children: (
                      <Flex vertical gap={4}>
                        {item.relapses.map((r) => (
                          <span key={r.id}>
                            <Link to={`/rectification/${r.id}`} data-testid="rectification-relapse-link">
                              {r.problem}
                            </Link>{' '}
                            <RectificationStatusTag status={r.status} /> <DueOn dueOn={r.dueOn} overdue={r.overdue} />
                          </span>
                        ))}
                      </Flex>
                    ),
                  },
                ]
              : []),
            {
              key: 'measures',
              label: t('rectification.measures'),
              span: phone ? 1 : 2,
              children: item.measures ?? '—',
            },
            ...(item.evidenceNote
              ? [
                  {
                    key: 'evidence',
                    label: t('rectification.evidenceNote'),
                    span: phone ? 1 : 2,
                    children: item.evidenceNote,
                  },
                ]
              : []),
            ...(item.closedAt
              ? [
                  { key: 'closed', label: t('rectification.closedAt'), children: formatInstant(item.closedAt) },
                  { key: 'acceptance', label: t('rectification.acceptanceNote'), children: item.acceptanceNote ?? '—' },
                  { key: 'followUpOn', label: t('rectification.followUpOn'), children: item.followUpOn ?? '—' },
                  {
                    key: 'followUp',
                    label: t('rectification.followUpResultLabel'),
                    children: item.followUpResult ? (
                      <span data-testid="rectification-follow-up-shown">
                        {t(`rectification.followUpResult.${item.followUpResult}`)}：{item.followUpNote}
                      </span>
                    ) : (
                      '—'
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>

      <Card size="small" title={t('rectification.documents')} style={{ marginBottom: 12 }}>
        <Flex vertical gap={8}>
          <DocLinks
            label={t('rectification.notice')}
            href={(f) => rectificationDocumentUrl(id, 'notice', f)}
            testId="rectification-doc-notice"
          />
          {item.status === 'closed' ? (
            <DocLinks
              label={t('rectification.acceptanceForm')}
              href={(f) => rectificationDocumentUrl(id, 'acceptance', f)}
              testId="rectification-doc-acceptance"
            />
          ) : null}
        </Flex>
      </Card>

      <Card size="small" title={t('rectification.files', { count: item.files.length })} style={{ marginBottom: 12 }}>
        {item.files.length === 0 ? (
          <Typography.Text type="secondary">{t('rectification.noFiles')}</Typography.Text>
        ) : (
          <Flex vertical gap={4} data-testid="rectification-files">
            {item.files.map((f) => (
              <a key={f.id} href={rectificationFileUrl(id, f.id)} download data-testid="rectification-file">
                {f.name}（{Math.max(1, Math.round(f.sizeBytes / 1024))} KB，{formatInstant(f.createdAt)}）
              </a>
            ))}
          </Flex>
        )}
      </Card>

      {item.escalations.length > 0 ? (
        <Card
          size="small"
          title={t('rectification.escalations')}
          style={{ marginBottom: 12 }}
          data-testid="rectification-escalations"
        >
          <EscalationList itemId={id} records={item.escalations} />
        </Card>
      ) : null}

      {item.extensions.length > 0 ? (
        <Card size="small" title={t('rectification.extensions')} style={{ marginBottom: 12 }}>
          <Flex vertical gap={8} data-testid="rectification-extensions">
            {item.extensions.map((e) => (
              <div key={e.id} data-testid={`rectification-extension-${e.status}`}>
                {t('rectification.extensionLine', {
                  from: e.fromDueOn,
                  to: e.requestedDueOn,
                  status: t(`rectification.extensionStatus.${e.status}`),
                })}
                <Typography.Text type="secondary">
                  {' '}
                  {e.reason}
                  {e.submitOpinion ? ` · ${t('rectification.submitOpinion')}：${e.submitOpinion}` : ''}
                  {e.decisionNote ? ` · ${e.decisionNote}` : ''}
                </Typography.Text>
                {e.approvalId ? (
                  <Space size={4} style={{ marginLeft: 8 }}>
                    {e.approvalStatus ? <ApprovalStatusTag status={e.approvalStatus as ApprovalStatus} /> : null}
                    {/* The approval is the commission's paper: the issuer side opens it, the unit sees its state. */}
                    {issuer ? (
                      <Link to={`/approvals/${e.approvalId}`} data-testid="rectification-extension-approval-link">
                        {t('rectification.extensionApproval')}
                      </Link>
                    ) : null}
                  </Space>
                ) : null}
              </div>
            ))}
          </Flex>
        </Card>
      ) : null}

      <Card size="small" title={t('rectification.history')}>
        <Timeline
          data-testid="rectification-history"
          items={item.events.map((e) => ({
            color: e.kind === 'rejected' ? 'red' : e.kind === 'accepted' ? 'green' : 'blue',
            children: (
              <>
                <Typography.Text strong>{t(`rectification.event.${e.kind}`, { defaultValue: e.kind })}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {formatInstant(e.at)} {e.userName ?? ''}
                </Typography.Text>
                {e.note ? <div>{e.note}</div> : null}
              </>
            ),
          }))}
        />
      </Card>
    </PageContainer>
  );
}

/** Escalation records with their documents (约谈记录, 通报), newest first. */
export function EscalationList({
  itemId,
  records,
  problemOf,
}: {
  itemId: string | ((r: RectificationItem['escalations'][number]) => string);
  records: RectificationItem['escalations'];
  problemOf?: (r: RectificationItem['escalations'][number]) => string | null;
}) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      {records.map((r) => {
        const item = typeof itemId === 'string' ? itemId : itemId(r);
        const c = r.content;
        const detail = [c.principal, c.heldAt, c.place, c.audience, c.person, c.form, c.text, c.required]
          .filter(Boolean)
          .join(' · ');
        const problem = problemOf?.(r);
        return (
          <div key={r.id} data-testid={`escalation-${r.rung}`}>
            <Space wrap>
              <EscalationTag rung={r.rung} />
              <Typography.Text>{t(`rectification.reason.${r.reason}`)}</Typography.Text>
              <Typography.Text type="secondary">
                {formatInstant(r.at)} {r.recordedByName ?? t('rectification.byJob')}
              </Typography.Text>
            </Space>
            {problem ? (
              <div>
                <Link to={`/rectification/${item}`}>{problem}</Link>
              </div>
            ) : null}
            {detail ? <Typography.Paragraph style={{ margin: '4px 0' }}>{detail}</Typography.Paragraph> : null}
            {r.documents.map((kind) => (
              <DocLinks
                key={kind}
                label={t(`rectification.escalationDoc.${kind}`, { defaultValue: kind })}
                href={(f) => escalationDocumentUrl(item, r.id, kind, f)}
                testId={`escalation-doc-${kind}`}
              />
            ))}
          </div>
        );
      })}
    </Flex>
  );
}
