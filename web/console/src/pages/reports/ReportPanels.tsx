/**
 * Panels of the report detail page: identity reveal (with a recorded reason), the status
 * timeline, the time limits, the files with upload, the messages with the reply box, and the
 * report's documents.
 */
import { useEffect, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import {
  DownloadOutlined,
  EyeOutlined,
  FilePdfOutlined,
  FileWordOutlined,
  PaperClipOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  attachmentUrl,
  replyToReport,
  setReviewHearing,
  reportDocumentUrl,
  revealIdentity,
  uploadAttachment,
} from '../../api/reports.js';
import type { ReporterIdentity } from '../../api/reports.js';
import { errorMessage } from '../../api/request.js';
import type { Deadline, ReplyPurpose, ReportDetail, ReportDocumentKind } from '../../api/reports.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { DeadlineTag } from './ReportTags.js';
import { UncoveredYearsTag } from '../deadlines/UncoveredYearsTag.js';

/** The 查看身份 button; the modal lives outside the fields so a re-render keeps it open. */
export function RevealIdentityButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <Button size="small" icon={<EyeOutlined />} onClick={onClick} data-testid="reveal-identity">
      {t('report.identityReveal')}
    </Button>
  );
}

/** 查看身份: asks for a written reason (≥ 10 characters), then shows the identity once. */
export function RevealIdentityModal({
  reportId,
  open,
  onClose,
}: {
  reportId: string;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [identity, setIdentity] = useState<ReporterIdentity | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();

  const close = () => {
    onClose();
    setIdentity(null);
    setError(null);
  };

  const submit = async ({ reason }: { reason: string }) => {
    setSaving(true);
    setError(null);
    try {
      setIdentity(await revealIdentity(reportId, reason.trim()));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={identity ? t('report.identityTitle') : t('report.identityReveal')}
      onCancel={close}
      destroyOnHidden
      footer={
        identity ? (
          <Button type="primary" autoFocus onClick={close} data-testid="identity-close">
            {t('common.close')}
          </Button>
        ) : (
          <Space>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="reveal-submit">
              {t('common.confirm')}
            </Button>
          </Space>
        )
      }
    >
      {identity ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="identity">
          <Alert type="warning" showIcon message={t('report.identityWarning')} />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('report.reporterName')}>
              <span data-testid="identity-name">{identity.name}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.reporterPhone')}>
              <span data-testid="identity-phone">{identity.phone}</span>
            </Descriptions.Item>
            {identity.idNumber ? (
              <Descriptions.Item label={t('report.reporterIdNumber')}>{identity.idNumber}</Descriptions.Item>
            ) : null}
            {identity.address ? (
              <Descriptions.Item label={t('report.reporterAddress')}>{identity.address}</Descriptions.Item>
            ) : null}
          </Descriptions>
        </Space>
      ) : (
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="reason"
            label={t('report.identityReason')}
            extra={t('report.identityReasonHint')}
            rules={[
              { required: true, message: t('report.identityReasonHint') },
              {
                validator: (_, value: string | undefined) =>
                  (value ?? '').trim().length >= 10
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('report.identityReasonHint'))),
              },
              { max: 500 },
            ]}
          >
            <Input.TextArea rows={3} showCount maxLength={500} data-testid="reveal-reason" />
          </Form.Item>
          {error ? <Alert type="error" showIcon message={error} /> : null}
        </Form>
      )}
    </Modal>
  );
}

/** The history, oldest first; steps the reporter also sees on the receipt page are marked. */
export function TimelineCard({ report }: { report: ReportDetail }) {
  const { t, i18n } = useTranslation();
  return (
    <Card size="small" title={t('report.timeline')} data-testid="report-timeline">
      <Timeline
        style={{ marginTop: 8, marginBottom: -16 }}
        items={report.timeline.map((step, i) => ({
          key: `${step.at}-${i}`,
          color: step.public ? 'red' : 'gray',
          children: (
            <Flex vertical gap={2}>
              <Space size={6} wrap>
                <Typography.Text strong>
                  {i18n.exists(`report.event.${step.event}`) ? t(`report.event.${step.event}`) : step.event}
                </Typography.Text>
                {step.public ? (
                  <Tag color="red" bordered={false} data-testid="step-public">
                    {t('report.publicStep')}
                  </Tag>
                ) : null}
              </Space>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatInstant(step.at)}
              </Typography.Text>
              {step.note ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{step.note}</Typography.Text> : null}
              {step.staffNote ? (
                <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }} data-testid="step-staff-note">
                  {step.staffNote}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        }))}
      />
    </Card>
  );
}

/** The report's time limits. */
export function DeadlinesCard({ deadlines }: { deadlines: Deadline[] }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Deadline> = [
    { title: t('report.deadlineKind'), dataIndex: 'kind', render: (k: Deadline['kind']) => t(`deadline.kind.${k}`) },
    { title: t('report.startsOn'), dataIndex: 'startsOn', width: 104, render: formatDate },
    {
      title: t('report.dueOn'),
      dataIndex: 'dueOn',
      width: 150,
      render: (due: string, d) => (
        <Space size={4} wrap>
          {formatDate(due)}
          {d.extended ? <Tag>{t('report.extended')}</Tag> : null}
          <UncoveredYearsTag years={d.uncoveredYears} />
        </Space>
      ),
    },
    { title: t('common.status'), key: 'state', width: 90, render: (_, d) => <DeadlineTag deadline={d} /> },
    { title: t('report.metAt'), dataIndex: 'metAt', width: 140, render: (v: string | null) => formatInstant(v) },
  ];
  return (
    <Card size="small" title={t('report.deadlines')}>
      <Table<Deadline>
        rowKey={(d) => d.id}
        size="small"
        columns={columns}
        dataSource={deadlines}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        data-testid="report-deadlines"
      />
    </Card>
  );
}

/** Human-readable size. */
function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Files with download links, and the upload of a scanned file (report.manage). */
export function AttachmentsCard({
  report,
  canUpload,
  onUploaded,
}: {
  report: ReportDetail;
  canUpload: boolean;
  onUploaded: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState(false);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      await uploadAttachment(report.id, file);
      message.success(t('report.uploaded'));
      onUploaded();
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Card
      size="small"
      title={t('report.attachments')}
      extra={
        canUpload ? (
          <>
            <input
              ref={input}
              type="file"
              accept="image/*,application/pdf,audio/*"
              style={{ display: 'none' }}
              data-testid="attachment-input"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
            <Button
              size="small"
              icon={<UploadOutlined />}
              loading={uploading}
              onClick={() => input.current?.click()}
              title={t('report.uploadHint')}
              data-testid="attachment-upload"
            >
              {t('report.upload')}
            </Button>
          </>
        ) : null
      }
    >
      <List
        size="small"
        dataSource={report.attachments}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
        data-testid="report-attachments"
        renderItem={(a) => (
          <List.Item
            actions={[
              <a key="download" href={attachmentUrl(report.id, a.id)} download data-testid="attachment-download">
                <DownloadOutlined />
              </a>,
            ]}
          >
            <List.Item.Meta
              avatar={<PaperClipOutlined />}
              title={<Typography.Text ellipsis={{ tooltip: a.name }}>{a.name}</Typography.Text>}
              description={`${a.uploadedBy === 'reporter' ? t('report.uploadedBy.reporter') : t('report.uploadedBy.staff')} · ${size(a.sizeBytes)} · ${formatInstant(a.createdAt)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The receipt-page messages and the reply box. */
export function MessagesCard({
  report,
  canReply,
  onSent,
}: {
  report: ReportDetail;
  canReply: boolean;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ purpose: ReplyPurpose; body: string; reviewerRef?: string }>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const purposes: ReplyPurpose[] = ['message'];
  if (report.closedAt) purposes.push('feedback');
  const recheck = report.recheck;
  if (recheck?.canAnswer) purposes.push('recheck_answer');
  const review = report.review;
  if (review?.canAnswer) purposes.push('review_answer');
  // After closing, the result feedback is what is due; after a re-check (or review) request, its
  // answer (when it is this caller's to give).
  const preferred: ReplyPurpose = review?.canAnswer
    ? 'review_answer'
    : recheck?.canAnswer
      ? 'recheck_answer'
      : report.closedAt
        ? 'feedback'
        : 'message';

  useEffect(() => {
    form.setFieldValue('purpose', preferred);
  }, [form, preferred]);

  const purpose = Form.useWatch('purpose', form) ?? preferred;
  const needsRef =
    (purpose === 'recheck_answer' && recheck?.forwarded === true) ||
    (purpose === 'review_answer' && review?.forwarded === true);
  const refLabel =
    purpose === 'review_answer'
      ? t('report.reviewRef', { organ: review?.by ?? '' })
      : t('report.reviewerRef', { organ: recheck?.by ?? '' });

  const send = async (values: { purpose: ReplyPurpose; body: string; reviewerRef?: string }) => {
    setSending(true);
    setError(null);
    try {
      await replyToReport(report.id, {
        purpose: values.purpose,
        body: values.body.trim(),
        ...((values.purpose === 'recheck_answer' || values.purpose === 'review_answer') && values.reviewerRef
          ? { reviewerRef: values.reviewerRef.trim() }
          : {}),
      });
      message.success(t('report.replySent'));
      form.resetFields(['body']);
      onSent();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card size="small" title={t('report.messages')}>
      {report.recheckRequestedAt ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={`${t('report.recheckRequestedAt')}：${formatInstant(report.recheckRequestedAt)}`}
          description={
            <>
              <div>{report.recheckReason}</div>
              {recheck ? (
                <div data-testid="recheck-route">
                  {t(
                    recheck.answered
                      ? 'report.recheckAnswered'
                      : recheck.forwarded
                        ? 'report.recheckForwarded'
                        : recheck.canAnswer
                          ? 'report.recheckOurs'
                          : 'report.recheckByHigher',
                    { organ: recheck.by },
                  )}
                </div>
              ) : null}
            </>
          }
        />
      ) : null}
      {review ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="review-panel"
          message={`${t('report.reviewRequestedAt')}：${formatInstant(review.requestedAt)}`}
          description={
            <>
              <div>{report.reviewReason}</div>
              <div data-testid="review-route">
                {t(
                  review.answered
                    ? 'report.reviewAnswered'
                    : review.forwarded
                      ? 'report.reviewForwarded'
                      : review.canAnswer
                        ? 'report.reviewOurs'
                        : 'report.reviewByHigher',
                  { organ: review.by },
                )}
              </div>
              {review.dueOn ? (
                <div data-testid="review-due">{t('report.reviewDueOn', { date: review.dueOn })}</div>
              ) : null}
              {review.paused ? <div data-testid="review-paused">{t('report.reviewPaused')}</div> : null}
              {review.canAnswer ? <HearingControl report={report} paused={review.paused} onDone={onSent} /> : null}
            </>
          }
        />
      ) : null}
      <Flex vertical gap={8} data-testid="report-messages" style={{ marginBottom: canReply ? 12 : 0 }}>
        {report.messages.length === 0 ? (
          <Typography.Text type="secondary">{t('report.noMessages')}</Typography.Text>
        ) : (
          report.messages.map((m, i) => (
            <div key={`${m.createdAt}-${i}`} className={`qf-message is-${m.author}`}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t(`report.author.${m.author}`)} · {formatInstant(m.createdAt)}
              </Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap' }}>{m.body}</div>
            </div>
          ))
        )}
      </Flex>
      {canReply ? (
        <Form form={form} layout="vertical" initialValues={{ purpose: preferred }} onFinish={(v) => void send(v)}>
          <Form.Item name="purpose" label={t('report.purpose.label')} style={{ marginBottom: 8 }}>
            <Select
              style={{ width: 200 }}
              options={purposes.map((p) => ({ value: p, label: t(`report.purpose.${p}`) }))}
              data-testid="reply-purpose"
            />
          </Form.Item>
          {needsRef ? (
            <Form.Item
              name="reviewerRef"
              label={refLabel}
              rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 100 }]}
              style={{ marginBottom: 8 }}
            >
              <Input maxLength={100} placeholder={t('report.reviewerRefPlaceholder')} data-testid="reviewer-ref" />
            </Form.Item>
          ) : null}
          <Form.Item
            name="body"
            rules={[{ required: true, whitespace: true, message: t('common.required') }, { max: 2000 }]}
            style={{ marginBottom: 8 }}
          >
            <Input.TextArea
              rows={3}
              maxLength={2000}
              showCount
              placeholder={t('report.replyPlaceholder')}
              data-testid="reply-body"
            />
          </Form.Item>
          {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} /> : null}
          <Button type="primary" htmlType="submit" loading={sending} data-testid="reply-submit">
            {t('report.reply')}
          </Button>
        </Form>
      ) : null}
    </Card>
  );
}

/** The documents that apply to this report now, as PDF and DOCX downloads. */
export function DocumentsCard({ report, canIdentify }: { report: ReportDetail; canIdentify: boolean }) {
  const { t } = useTranslation();
  const named = !report.anonymous;
  const kinds: ReportDocumentKind[] = [];
  if (report.channel === 'visit' || report.channel === 'video') kinds.push('visit_record');
  if (named && canIdentify && report.status !== 'received') kinds.push('acceptance_notice');
  if (report.transferredTo) kinds.push('forward_slip');
  if (named && canIdentify && report.closedAt) kinds.push('named_feedback_form');
  if (report.closedAt) kinds.push('report_closing_form');
  if (report.recheck?.forwarded) kinds.push('recheck_forward_letter');
  if (report.review?.forwarded) kinds.push('review_forward_letter');
  const href = (kind: ReportDocumentKind, format: 'pdf' | 'docx') => reportDocumentUrl(report.id, kind, format);
  return (
    <Card size="small" title={t('report.documents')}>
      {kinds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <List
          size="small"
          dataSource={kinds}
          data-testid="report-documents"
          renderItem={(kind) => (
            <List.Item
              data-testid={`doc-${kind}`}
              actions={[
                <a key="pdf" href={href(kind, 'pdf')} download>
                  <FilePdfOutlined /> PDF
                </a>,
                <a key="docx" href={href(kind, 'docx')} download>
                  <FileWordOutlined /> Word
                </a>,
              ]}
            >
              {t(`report.document.${kind}`)}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** Starts or ends a hearing (听证) on the review the caller holds: its time is not counted. */
function HearingControl({ report, paused, onDone }: { report: ReportDetail; paused: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (note.trim().length < 2) {
      setError(t('common.required'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await setReviewHearing(report.id, { state: paused ? 'ended' : 'started', note: note.trim() });
      setNote('');
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Flex gap={8} style={{ marginTop: 8 }} wrap>
      <Input
        size="small"
        style={{ width: 240 }}
        maxLength={500}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        placeholder={t('report.hearingNote')}
        data-testid="hearing-note"
      />
      <Button size="small" loading={busy} onClick={() => void submit()} data-testid="hearing-submit">
        {t(paused ? 'report.hearingEnd' : 'report.hearingStart')}
      </Button>
      {error ? <Typography.Text type="danger">{error}</Typography.Text> : null}
    </Flex>
  );
}
