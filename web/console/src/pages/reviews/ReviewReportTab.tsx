/**
 * 审理报告 and 常委会审议 tabs. The report: its text (facts, analysis, opinion, the proposed outcome
 * for each subject, prosecution), the editor while under review (a changed text voids the
 * signatures), each team member's signature on the current text, the submission for approval once
 * all have signed, and the PDF/DOCX downloads. The committee: its decisions as recorded and, once
 * the report is approved (`deliberation`), the form of the decision (members in office, present,
 * decision, the outcome for each subject) that ends the review and closes the case.
 */
import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FORM_OUTCOMES, FORM_OUTCOME_LABELS } from '../../../../../src/server/shared/sanctions.codes.js';
import {
  recordCommitteeDecision,
  reviewReportUrl,
  saveReviewReport,
  signReviewReport,
  submitReviewReport,
} from '../../api/reviews.js';
import { useSession } from '../../auth/session.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import type { ReviewTabProps } from './reviewTabs.js';

interface ReportForm {
  facts: string;
  analysis: string;
  opinion: string;
  outcomes: Record<string, string>;
  prosecution: boolean;
}

const pre = { whiteSpace: 'pre-wrap', marginBottom: 0 } as const;

/** The report's editor. */
function ReportEditor({ review, reload, onDone }: ReviewTabProps & { onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportForm>();
  const action = useSaveAction(() => {
    onDone();
    reload();
  });
  const report = review.report;
  const outcomes = Object.fromEntries(
    review.subjects.map((s) => [s.id, report?.proposedOutcomes.find((o) => o.subjectId === s.id)?.summary ?? '']),
  );
  const required = [{ required: true, whitespace: true }];
  return (
    <Card size="small" data-testid="review-report-editor">
      {report && report.signatures.length > 0 ? (
        <Alert type="warning" showIcon message={t('review.report.savedVoids')} style={{ marginBottom: 12 }} />
      ) : null}
      {action.error ? (
        <Alert type="error" showIcon message={action.error} style={{ marginBottom: 12 }} data-testid="review-error" />
      ) : null}
      <Form<ReportForm>
        form={form}
        layout="vertical"
        initialValues={{
          facts: report?.facts ?? '',
          analysis: report?.analysis ?? '',
          opinion: report?.opinion ?? '',
          outcomes,
          prosecution: report?.prosecution ?? false,
        }}
        onFinish={(v) =>
          void action.run(() =>
            saveReviewReport(review.id, {
              version: review.version,
              facts: v.facts,
              analysis: v.analysis,
              opinion: v.opinion,
              proposedOutcomes: review.subjects.map((s) => ({ subjectId: s.id, summary: v.outcomes[s.id] ?? '' })),
              prosecution: v.prosecution,
            }),
          )
        }
      >
        <Form.Item name="facts" label={t('review.report.facts')} rules={required}>
          <Input.TextArea rows={4} maxLength={20000} data-testid="review-report-facts" />
        </Form.Item>
        <Form.Item name="analysis" label={t('review.report.analysis')} rules={required}>
          <Input.TextArea rows={4} maxLength={20000} data-testid="review-report-analysis" />
        </Form.Item>
        <Form.Item name="opinion" label={t('review.report.opinion')} rules={required}>
          <Input.TextArea rows={3} maxLength={20000} data-testid="review-report-opinion" />
        </Form.Item>
        {review.subjects.map((s) => (
          <Form.Item
            key={s.id}
            name={['outcomes', s.id]}
            label={t('review.report.outcomeFor', { name: s.name })}
            rules={required}
          >
            <Input maxLength={500} data-testid="review-report-outcome" />
          </Form.Item>
        ))}
        <Form.Item name="prosecution" valuePropName="checked">
          <Checkbox>{t('review.report.prosecution')}</Checkbox>
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-report-save">
            {t('review.report.save')}
          </Button>
          {report ? <Button onClick={onDone}>{t('common.cancel')}</Button> : null}
        </Space>
      </Form>
    </Card>
  );
}

/** 审理报告. */
export function ReviewReportTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const me = useSession().user?.id;
  const [editing, setEditing] = useState(false);
  const action = useSaveAction(reload, 'common.done');
  const report = review.report;
  const working = review.can.manage && review.status === 'reviewing';
  const onTeam = review.team.some((m) => m.userId === me);
  if (working && (editing || !report))
    return <ReportEditor review={review} reload={reload} onDone={() => setEditing(false)} />;
  if (!report) return <Empty description={t('review.report.none')} />;
  const signedByMe = report.signatures.some((s) => s.userId === me);
  const allSigned =
    review.team.length > 0 && review.team.every((m) => report.signatures.some((s) => s.userId === m.userId));
  const subjectName = (id: string) => review.subjects.find((s) => s.id === id)?.name ?? '—';
  return (
    <Card
      size="small"
      data-testid="review-report"
      title={
        <Space>
          <span>{t('review.report.status')}</span>
          <Tag data-testid="review-report-status">
            {t(`review.report.statuses.${report.status}`, { defaultValue: report.status })}
          </Tag>
        </Space>
      }
      extra={
        <Space>
          <a href={reviewReportUrl(review.id, 'pdf')} data-testid="review-report-pdf">
            {t('review.report.pdf')}
          </a>
          <a href={reviewReportUrl(review.id, 'docx')} data-testid="review-report-docx">
            {t('review.report.docx')}
          </a>
        </Space>
      }
    >
      {action.error ? (
        <Alert type="error" showIcon message={action.error} style={{ marginBottom: 12 }} data-testid="review-error" />
      ) : null}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('review.report.facts')}>
          <Typography.Paragraph style={pre}>{report.facts}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.report.analysis')}>
          <Typography.Paragraph style={pre}>{report.analysis}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.report.opinion')}>
          <Typography.Paragraph style={pre}>{report.opinion}</Typography.Paragraph>
        </Descriptions.Item>
        <Descriptions.Item label={t('review.report.outcomes')}>
          {report.proposedOutcomes.map((o) => (
            <div key={o.subjectId}>
              {subjectName(o.subjectId)}：{o.summary}
            </div>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.report.prosecution')}>
          {report.prosecution ? t('case.overview.yes') : t('case.overview.no')}
        </Descriptions.Item>
        <Descriptions.Item label={t('review.report.signatures')}>
          <span data-testid="review-report-signatures">
            {t('review.report.signed', { count: report.signatures.length, total: review.team.length })}
            {report.signatures.length > 0
              ? `：${report.signatures.map((s) => `${s.name}（${formatInstant(s.signedAt)}）`).join('、')}`
              : ''}
          </span>
        </Descriptions.Item>
      </Descriptions>
      {working ? (
        <Space style={{ marginTop: 12 }}>
          <Button onClick={() => setEditing(true)} data-testid="review-report-edit">
            {t('review.report.edit')}
          </Button>
          {onTeam && !signedByMe ? (
            <Button
              type="primary"
              loading={action.saving}
              data-testid="review-report-sign"
              onClick={() => void action.run(() => signReviewReport(review.id, report.hash))}
            >
              {t('review.report.sign')}
            </Button>
          ) : null}
          <Button
            type={allSigned ? 'primary' : 'default'}
            loading={action.saving}
            data-testid="review-report-submit"
            onClick={() => void action.run(() => submitReviewReport(review.id, review.version))}
          >
            {t('review.report.submit')}
          </Button>
        </Space>
      ) : null}
    </Card>
  );
}

interface CommitteeForm {
  heldOn: Dayjs;
  membersTotal: number;
  present: string;
  decision: string;
  outcomes: Record<string, string>;
  /** The outcome codes per subject (`FORM_OUTCOMES`): each becomes a drafted sanction record. */
  codes: Record<string, string[]>;
}

/** 常委会审议. */
export function ReviewCommitteeTab({ review, reload }: ReviewTabProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<CommitteeForm>();
  const action = useSaveAction(reload);
  const decisions = review.deliberations.filter((d) => d.kind === 'committee');
  const subjectName = (id: string) => review.subjects.find((s) => s.id === id)?.name ?? '—';
  const may = review.can.manage && review.status === 'deliberation';
  const required = [{ required: true, whitespace: true }];
  return (
    <>
      {decisions.length === 0 && !may ? <Empty description={t('review.committee.none')} /> : null}
      {decisions.map((d) => (
        <Card key={d.id} size="small" style={{ marginBottom: 16 }} data-testid="review-committee-decision">
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('review.committee.heldOn')}>{formatDate(d.heldOn)}</Descriptions.Item>
            <Descriptions.Item label={t('review.committee.membersTotal')}>{d.membersTotal}</Descriptions.Item>
            <Descriptions.Item label={t('review.committee.present')}>
              {d.present.map((p) => p.name).join('、')}（{d.present.length}）
              <Tag color={d.quorate ? 'green' : 'red'} style={{ marginInlineStart: 8 }}>
                {d.quorate ? t('review.committee.quorate') : t('review.committee.notQuorate')}
              </Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('review.committee.decision')}>
              <Typography.Paragraph style={pre}>{d.decision}</Typography.Paragraph>
            </Descriptions.Item>
            <Descriptions.Item label={t('review.committee.outcomes')}>
              {(d.outcomes ?? []).map((o) => (
                <div key={o.subjectId}>
                  {subjectName(o.subjectId)}：{o.summary}
                </div>
              ))}
            </Descriptions.Item>
          </Descriptions>
        </Card>
      ))}
      {may ? (
        <Card size="small" title={t('review.committee.save')} data-testid="review-committee-form">
          {action.error ? (
            <Alert
              type="error"
              showIcon
              message={action.error}
              style={{ marginBottom: 12 }}
              data-testid="review-error"
            />
          ) : null}
          <Form<CommitteeForm>
            form={form}
            layout="vertical"
            initialValues={{
              heldOn: todayPickerDate(),
              outcomes: Object.fromEntries(
                review.subjects.map((s) => [
                  s.id,
                  review.report?.proposedOutcomes.find((o) => o.subjectId === s.id)?.summary ?? '',
                ]),
              ),
            }}
            onFinish={(v) =>
              void action.run(() =>
                recordCommitteeDecision(review.id, {
                  version: review.version,
                  heldOn: pickerDateString(v.heldOn),
                  membersTotal: v.membersTotal,
                  present: v.present
                    .split('\n')
                    .map((n) => n.trim())
                    .filter(Boolean),
                  decision: v.decision,
                  proposedOutcomes: review.subjects.map((s) => ({
                    subjectId: s.id,
                    summary: v.outcomes[s.id] ?? '',
                    codes: v.codes?.[s.id] ?? [],
                  })),
                }),
              )
            }
          >
            <Form.Item name="heldOn" label={t('review.committee.heldOn')} rules={[{ required: true }]}>
              <DatePicker />
            </Form.Item>
            <Form.Item name="membersTotal" label={t('review.committee.membersTotal')} rules={[{ required: true }]}>
              <InputNumber min={1} max={99} data-testid="review-committee-total" />
            </Form.Item>
            <Form.Item
              name="present"
              label={t('review.committee.present')}
              extra={t('review.committee.presentHint')}
              rules={required}
            >
              <Input.TextArea rows={4} data-testid="review-committee-present" />
            </Form.Item>
            <Form.Item name="decision" label={t('review.committee.decision')} rules={required}>
              <Input.TextArea rows={3} maxLength={5000} data-testid="review-committee-text" />
            </Form.Item>
            {review.subjects.map((s) => (
              <Form.Item
                key={s.id}
                name={['outcomes', s.id]}
                label={t('review.report.outcomeFor', { name: s.name })}
                rules={required}
              >
                <Input maxLength={500} />
              </Form.Item>
            ))}
            {review.subjects.map((s) => (
              <Form.Item
                key={`codes-${s.id}`}
                name={['codes', s.id]}
                label={t('review.committee.codesFor', { name: s.name })}
                extra={t('review.committee.codesHint')}
              >
                <Select
                  mode="multiple"
                  allowClear
                  optionFilterProp="label"
                  options={FORM_OUTCOMES.map((code) => ({ value: code, label: FORM_OUTCOME_LABELS[code] }))}
                  data-testid={`review-committee-codes-${s.id}`}
                />
              </Form.Item>
            ))}
            <Button type="primary" htmlType="submit" loading={action.saving} data-testid="review-committee-save">
              {t('review.committee.save')}
            </Button>
          </Form>
        </Card>
      ) : null}
    </>
  );
}
