/**
 * 审查终结 tab of the case page (from 审查调查中 on): the facts material shown to the person (their
 * signed opinion or the refusal noted), the team's collective discussion, the 审查调查报告 (its
 * text, the evidence it cites picked from the register, where an item without complete provenance
 * cannot be picked and says what it lacks, and the server's refusal in words when one is cited
 * anyway), the signatures over the text's hash, the submission to review with its three
 * attachments, and after closing the filing with the higher organ and its due date (timer 34).
 */
import { useCallback, useEffect, useState } from 'react';
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
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type CaseConclusion,
  type CaseEvidenceItem,
  type ReportSubmissionBody,
  getConclusion,
  listCaseEvidence,
  recordDiscussion,
  recordFactsShown,
  recordHigherFiling,
  saveReport,
  signReport,
  submitReport,
} from '../../api/case-plans.js';
import {
  CASE_REPORT_ATTACHMENTS,
  CASE_REPORT_ATTACHMENT_LABELS,
  CASE_REPORT_STATUS_LABELS,
  type CaseDetail,
  type CaseReportAttachment,
} from '../../api/cases.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import type { CaseTabProps } from './caseTabs.js';

type Report = NonNullable<CaseConclusion['report']>;

/** The states in which the tab shows (the facts are shown while the case is under investigation). */
export const CONCLUSION_STATES: readonly string[] = [
  'investigating',
  'facts_shown',
  'reported',
  'transferred',
  'closed',
];

const REPORT_COLORS: Record<Report['status'], string> = {
  draft: 'default',
  pending: 'processing',
  returned: 'warning',
  approved: 'success',
};

/** The non-empty lines of a text area. */
function lines(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The team as it stands (the filing request's drafter is not a member). */
function members(kase: CaseDetail) {
  return kase.team.filter((m) => m.role !== 'drafter');
}

/** A section's error or success line. */
function Outcome({ error, done, id }: { error: string | null; done: string | null; id: string }) {
  if (error)
    return <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid={`${id}-error`} />;
  if (done)
    return <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} data-testid={`${id}-done`} />;
  return null;
}

/** Runs a write: clears the outcome, shows the error in words or the success line, then reloads. */
function useWrite(after: () => void) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  async function run(write: () => Promise<string>, onError?: (err: unknown) => string | null) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await write());
      after();
    } catch (err) {
      setError(onError?.(err) ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, done, run, setError };
}

interface FactsValues {
  subjectId: string;
  shownOn: Dayjs;
  shownBy: string[];
  materialRef?: string;
  outcome: 'signed' | 'refused';
  opinion?: string;
  refusalNote?: string;
}

/** 事实材料见面: the records, and the form while the case is under investigation. */
function FactsCard({ kase, conclusion, reload }: CaseTabProps & { conclusion: CaseConclusion }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<FactsValues>();
  const outcome = Form.useWatch('outcome', form);
  const w = useWrite(reload);
  const may = kase.can.manage && ['investigating', 'facts_shown'].includes(kase.status);
  const [adding, setAdding] = useState(false);
  const showForm = may && (conclusion.factsShown.length === 0 || adding);
  const required = [{ required: true, message: t('case.conclusion.required') }];
  return (
    <Card size="small" title={t('case.conclusion.facts.title')} style={{ marginBottom: 16 }} data-testid="case-facts">
      {conclusion.factsShown.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('case.conclusion.facts.none')}</Typography.Paragraph>
      ) : (
        conclusion.factsShown.map((f) => (
          <Descriptions
            key={f.id}
            size="small"
            bordered
            column={{ xs: 1, md: 2 }}
            style={{ marginBottom: 12 }}
            data-testid="case-facts-record"
          >
            <Descriptions.Item label={t('case.conclusion.facts.subject')}>{f.subjectName}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.facts.shownOn')}>{formatDate(f.shownOn)}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.facts.shownBy')}>{f.shownBy.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.facts.materialRef')}>{f.materialRef ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.facts.outcome')} span={2}>
              {f.refused ? (
                <Space direction="vertical" size={0}>
                  <Tag color="orange">{t('case.conclusion.facts.refused')}</Tag>
                  <span>{f.refusalNote}</span>
                </Space>
              ) : (
                <Space direction="vertical" size={0}>
                  <Tag color="green">{t('case.conclusion.facts.signed')}</Tag>
                  <span>{f.opinion ?? '—'}</span>
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
        ))
      )}
      <Outcome error={w.error} done={w.done} id="case-facts" />
      {may && !showForm ? (
        <Button size="small" onClick={() => setAdding(true)} data-testid="case-facts-again">
          {t('case.conclusion.facts.again')}
        </Button>
      ) : null}
      {showForm ? (
        <>
          <Typography.Title level={5}>{t('case.conclusion.facts.record')}</Typography.Title>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ subjectId: kase.subjects[0]?.id, outcome: 'signed', shownBy: [] }}
            onFinish={(v) =>
              void w.run(async () => {
                await recordFactsShown(kase.id, {
                  version: kase.version,
                  subjectId: v.subjectId,
                  shownOn: fromPickerDate(v.shownOn) ?? '',
                  shownBy: v.shownBy,
                  materialRef: v.materialRef?.trim() || null,
                  signed: v.outcome === 'signed',
                  opinion: v.outcome === 'signed' ? v.opinion?.trim() || null : null,
                  refused: v.outcome === 'refused',
                  refusalNote: v.outcome === 'refused' ? v.refusalNote?.trim() || null : null,
                });
                setAdding(false);
                return t('case.conclusion.facts.recorded');
              })
            }
          >
            <Space wrap align="start">
              <Form.Item name="subjectId" label={t('case.conclusion.facts.subject')} rules={required}>
                <Select
                  style={{ width: 200 }}
                  data-testid="case-facts-subject"
                  options={kase.subjects.map((s) => ({ value: s.id, label: s.name }))}
                />
              </Form.Item>
              <Form.Item name="shownOn" label={t('case.conclusion.facts.shownOn')} rules={required}>
                <DatePicker data-testid="case-facts-date" />
              </Form.Item>
              <Form.Item
                name="shownBy"
                label={t('case.conclusion.facts.shownBy')}
                extra={t('case.conclusion.facts.shownByHint')}
                rules={required}
              >
                <Checkbox.Group
                  data-testid="case-facts-shown-by"
                  options={members(kase).map((m) => ({ value: m.userId, label: m.name }))}
                />
              </Form.Item>
            </Space>
            <Form.Item name="materialRef" label={t('case.conclusion.facts.materialRef')}>
              <Input maxLength={200} data-testid="case-facts-material" />
            </Form.Item>
            <Form.Item name="outcome" label={t('case.conclusion.facts.outcome')}>
              <Radio.Group data-testid="case-facts-outcome">
                <Radio value="signed" data-testid="case-facts-outcome-signed">
                  {t('case.conclusion.facts.signed')}
                </Radio>
                <Radio value="refused" data-testid="case-facts-outcome-refused">
                  {t('case.conclusion.facts.refused')}
                </Radio>
              </Radio.Group>
            </Form.Item>
            {outcome === 'refused' ? (
              <Form.Item
                name="refusalNote"
                label={t('case.conclusion.facts.refusalNote')}
                extra={t('case.conclusion.facts.refusalHint')}
              >
                <Input.TextArea rows={2} maxLength={2000} data-testid="case-facts-refusal" />
              </Form.Item>
            ) : (
              <Form.Item name="opinion" label={t('case.conclusion.facts.opinion')}>
                <Input.TextArea rows={2} maxLength={4000} data-testid="case-facts-opinion" />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" loading={w.busy} data-testid="case-facts-save">
              {t('case.conclusion.facts.save')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

interface DiscussionValues {
  heldOn: Dayjs;
  present: string[];
  absent?: Record<string, string>;
  conclusion: string;
}

/** 集体讨论: the records, and the form once the facts were shown. */
function DiscussionCard({ kase, conclusion, reload }: CaseTabProps & { conclusion: CaseConclusion }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<DiscussionValues>();
  const team = members(kase);
  const present: string[] = Form.useWatch('present', form) ?? [];
  const w = useWrite(reload);
  const may = kase.can.manage && kase.status === 'facts_shown';
  const [adding, setAdding] = useState(false);
  const showForm = may && (conclusion.discussions.length === 0 || adding);
  return (
    <Card
      size="small"
      title={t('case.conclusion.discussion.title')}
      style={{ marginBottom: 16 }}
      data-testid="case-discussion"
    >
      {conclusion.discussions.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('case.conclusion.discussion.none')}</Typography.Paragraph>
      ) : (
        conclusion.discussions.map((d) => (
          <Descriptions
            key={d.id}
            size="small"
            bordered
            column={1}
            style={{ marginBottom: 12 }}
            data-testid="case-discussion-record"
          >
            <Descriptions.Item label={t('case.conclusion.discussion.heldOn')}>{formatDate(d.heldOn)}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.discussion.present')}>
              {d.present.join('、') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.discussion.absent')}>
              {d.absent.length === 0 ? '—' : d.absent.map((a) => `${a.name}（${a.reason}）`).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.discussion.conclusion')}>{d.conclusion}</Descriptions.Item>
          </Descriptions>
        ))
      )}
      <Outcome error={w.error} done={w.done} id="case-discussion" />
      {may && !showForm ? (
        <Button size="small" onClick={() => setAdding(true)} data-testid="case-discussion-again">
          {t('case.conclusion.discussion.again')}
        </Button>
      ) : null}
      {showForm ? (
        <>
          <Typography.Title level={5}>{t('case.conclusion.discussion.record')}</Typography.Title>
          <Form
            form={form}
            layout="vertical"
            initialValues={{ present: team.map((m) => m.userId) }}
            onFinish={(v) =>
              void w.run(async () => {
                await recordDiscussion(kase.id, {
                  version: kase.version,
                  heldOn: fromPickerDate(v.heldOn) ?? '',
                  present: v.present,
                  absent: team
                    .filter((m) => !v.present.includes(m.userId))
                    .map((m) => ({ userId: m.userId, reason: v.absent?.[m.userId]?.trim() ?? '' })),
                  conclusion: v.conclusion.trim(),
                });
                setAdding(false);
                return t('case.conclusion.discussion.recorded');
              })
            }
          >
            <Form.Item
              name="heldOn"
              label={t('case.conclusion.discussion.heldOn')}
              rules={[{ required: true, message: t('case.conclusion.required') }]}
            >
              <DatePicker data-testid="case-discussion-date" />
            </Form.Item>
            <Form.Item
              name="present"
              label={t('case.conclusion.discussion.present')}
              extra={t('case.conclusion.discussion.presentHint')}
            >
              <Checkbox.Group
                data-testid="case-discussion-present"
                options={team.map((m) => ({ value: m.userId, label: m.name }))}
              />
            </Form.Item>
            {team
              .filter((m) => !present.includes(m.userId))
              .map((m) => (
                <Form.Item
                  key={m.userId}
                  name={['absent', m.userId]}
                  label={t('case.conclusion.discussion.absentReason', { name: m.name })}
                  rules={[{ required: true, whitespace: true, message: t('case.conclusion.required') }]}
                >
                  <Input maxLength={500} data-testid={`case-discussion-absent-${m.userId}`} />
                </Form.Item>
              ))}
            <Form.Item
              name="conclusion"
              label={t('case.conclusion.discussion.conclusion')}
              rules={[{ required: true, whitespace: true, message: t('case.conclusion.required') }]}
            >
              <Input.TextArea rows={3} maxLength={4000} data-testid="case-discussion-conclusion" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={w.busy} data-testid="case-discussion-save">
              {t('case.conclusion.discussion.save')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

/** The refusal of a report citing uncitable evidence, item by item, or null for another error. */
function uncitableWords(err: unknown, evidence: CaseEvidenceItem[], lead: string): string | null {
  if (!(err instanceof ApiError) || err.code !== 'CASE_EVIDENCE_UNCITABLE') return null;
  const items = (err.details as { items?: { id: string; reason: string }[] } | null)?.items ?? [];
  const words = items.map((i) => {
    const known = evidence.find((e) => e.id === i.id);
    return i.reason.includes('“') || !known ? i.reason : `证据${known.seq}“${known.title}”：${i.reason}`;
  });
  return `${lead}${words.join('；')}`;
}

interface ReportValues {
  background?: string;
  facts: string;
  attitude?: string;
  proposal: string;
}

/** The evidence picker: complete items may be cited; the others are shown disabled with what they lack. */
function EvidencePicker({
  evidence,
  selected,
  onChange,
  disabled,
}: {
  evidence: CaseEvidenceItem[];
  selected: string[];
  onChange: (ids: string[]) => void;
  disabled: boolean;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CaseEvidenceItem> = [
    {
      title: t('case.conclusion.report.cite'),
      dataIndex: 'id',
      width: 60,
      render: (id: string, e) => (
        <Checkbox
          checked={selected.includes(id)}
          disabled={disabled || !e.complete}
          onChange={(ev) => onChange(ev.target.checked ? [...selected, id] : selected.filter((x) => x !== id))}
          data-testid={`case-report-cite-${e.seq}`}
          aria-label={e.title}
        />
      ),
    },
    { title: t('case.conclusion.report.evidenceSeq'), dataIndex: 'seq', width: 60 },
    { title: t('case.conclusion.report.evidenceTitle'), dataIndex: 'title' },
    { title: t('case.conclusion.report.evidenceType'), dataIndex: 'typeLabel', width: 100 },
    {
      title: t('case.conclusion.report.provenance'),
      dataIndex: 'missing',
      render: (missing: CaseEvidenceItem['missing'], e) =>
        e.complete ? (
          <Tag color="green">{t('case.conclusion.report.complete')}</Tag>
        ) : (
          <span data-testid={`case-report-missing-${e.seq}`}>
            <Tag color="red">{t('case.conclusion.report.incomplete')}</Tag>
            {t('case.conclusion.report.missing', { what: missing.map((m) => m.label).join('、') })}
          </span>
        ),
    },
  ];
  return (
    <Table
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={evidence}
      columns={columns}
      locale={{ emptyText: t('case.conclusion.report.noEvidence') }}
      rowClassName={(e) => (e.complete ? '' : 'case-evidence-uncitable')}
      data-testid="case-report-evidence"
    />
  );
}

/** 审查调查报告: the draft with its citations, the signatures over its hash, and its submission. */
function ReportCard({
  kase,
  conclusion,
  reload,
  evidence,
  loadEvidence,
}: CaseTabProps & {
  conclusion: CaseConclusion;
  evidence: CaseEvidenceItem[];
  loadEvidence: () => Promise<CaseEvidenceItem[]>;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const report = conclusion.report;
  const [form] = Form.useForm<ReportValues>();
  const [selected, setSelected] = useState<string[]>(report?.text.evidenceIds ?? []);
  const w = useWrite(reload);
  const sign = useWrite(reload);
  const [editing, setEditing] = useState(false);
  const editable =
    kase.status === 'facts_shown' &&
    kase.can.onTeam &&
    (!report || report.status === 'draft' || report.status === 'returned');

  const me = session.user?.id;
  const mine = report?.signatures.find((s) => s.userId === me);
  const cited = report ? evidence.filter((e) => report.text.evidenceIds.includes(e.id)) : [];

  async function save(v: ReportValues) {
    await w.run(
      async () => {
        const r = await saveReport(kase.id, {
          background: lines(v.background),
          facts: lines(v.facts),
          attitude: lines(v.attitude),
          proposal: v.proposal.trim(),
          evidenceIds: selected,
          ...(report ? { version: report.version } : {}),
        });
        return r.voided > 0
          ? t('case.conclusion.report.savedVoided', { n: r.voided })
          : t('case.conclusion.report.saved');
      },
      (err) => {
        const words = uncitableWords(err, evidence, t('case.conclusion.report.uncitable'));
        if (words)
          // The register changed under the picker: read it again, and drop what may no longer be cited.
          void loadEvidence().then((items) =>
            setSelected((ids) => ids.filter((id) => items.find((e) => e.id === id)?.complete)),
          );
        return words;
      },
    );
  }

  return (
    <Card
      size="small"
      title={
        <Space>
          <span>{t('case.conclusion.report.title')}</span>
          {report ? (
            <Tag color={REPORT_COLORS[report.status]} data-testid="case-report-status">
              {CASE_REPORT_STATUS_LABELS[report.status]}
            </Tag>
          ) : null}
        </Space>
      }
      style={{ marginBottom: 16 }}
      data-testid="case-report"
    >
      {report ? (
        <>
          <Descriptions size="small" bordered column={1} style={{ marginBottom: 12 }} data-testid="case-report-view">
            <Descriptions.Item label={t('case.conclusion.report.background')}>
              {report.text.background.join('；') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.report.facts')}>
              {report.text.facts.join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.report.attitude')}>
              {report.text.attitude.join('；') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.report.proposal')}>{report.text.proposal}</Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.report.cited')}>
              <span data-testid="case-report-cited">
                {cited.length === 0 ? '—' : cited.map((e) => `证据${e.seq}“${e.title}”`).join('、')}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('case.conclusion.report.hash')}>
              <Typography.Text code copyable data-testid="case-report-hash">
                {report.contentHash}
              </Typography.Text>
            </Descriptions.Item>
            {report.approvalId ? (
              <Descriptions.Item label={t('case.conclusion.report.approval')}>
                <Link to={`/approvals/${report.approvalId}`} data-testid="case-report-approval-link">
                  {t('case.conclusion.report.openApproval')}
                </Link>{' '}
                {report.submittedAt ? formatInstant(report.submittedAt) : null}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Typography.Title level={5}>{t('case.conclusion.report.signatures')}</Typography.Title>
          <Typography.Paragraph type="secondary">{t('case.conclusion.report.signHint')}</Typography.Paragraph>
          <Outcome error={sign.error} done={sign.done} id="case-report-sign" />
          <Space wrap style={{ marginBottom: 12 }} data-testid="case-report-signatures">
            {report.signatures.map((s) => (
              <Tag
                key={s.userId}
                color={s.signedAt ? 'green' : 'default'}
                data-testid={`case-report-signature-${s.userId}`}
              >
                {s.signedAt
                  ? t('case.conclusion.report.signedBy', { name: s.name, at: formatInstant(s.signedAt) })
                  : t('case.conclusion.report.unsigned', { name: s.name })}
              </Tag>
            ))}
            {mine && !mine.signedAt && kase.status === 'facts_shown' && report.status !== 'pending' ? (
              <Button
                size="small"
                type="primary"
                loading={sign.busy}
                onClick={() =>
                  void sign.run(async () => {
                    await signReport(kase.id, report.contentHash);
                    return t('case.conclusion.report.signed');
                  })
                }
                data-testid="case-report-sign"
              >
                {t('case.conclusion.report.sign')}
              </Button>
            ) : null}
          </Space>
        </>
      ) : (
        <Typography.Paragraph type="secondary">
          {kase.status === 'investigating' ? t('case.conclusion.report.afterFacts') : t('case.conclusion.report.none')}
        </Typography.Paragraph>
      )}
      {editable && report && !editing ? (
        <Button onClick={() => setEditing(true)} style={{ marginBottom: 12 }} data-testid="case-report-edit">
          {t('case.conclusion.report.edit')}
        </Button>
      ) : null}
      {editable && (!report || editing) ? (
        <>
          <Typography.Title level={5}>
            {report ? t('case.conclusion.report.edit') : t('case.conclusion.report.draft')}
          </Typography.Title>
          <Outcome error={w.error} done={w.done} id="case-report" />
          <Form
            form={form}
            layout="vertical"
            initialValues={
              report
                ? {
                    background: report.text.background.join('\n'),
                    facts: report.text.facts.join('\n'),
                    attitude: report.text.attitude.join('\n'),
                    proposal: report.text.proposal,
                  }
                : {}
            }
            onFinish={(v) => void save(v)}
          >
            <Form.Item
              name="background"
              label={t('case.conclusion.report.background')}
              extra={t('case.conclusion.oneALine')}
            >
              <Input.TextArea rows={2} data-testid="case-report-background" />
            </Form.Item>
            <Form.Item
              name="facts"
              label={t('case.conclusion.report.facts')}
              extra={t('case.conclusion.oneALine')}
              rules={[{ required: true, whitespace: true, message: t('case.conclusion.required') }]}
            >
              <Input.TextArea rows={3} data-testid="case-report-facts" />
            </Form.Item>
            <Form.Item
              name="attitude"
              label={t('case.conclusion.report.attitude')}
              extra={t('case.conclusion.oneALine')}
            >
              <Input.TextArea rows={2} data-testid="case-report-attitude" />
            </Form.Item>
            <Form.Item
              name="proposal"
              label={t('case.conclusion.report.proposal')}
              rules={[{ required: true, whitespace: true, message: t('case.conclusion.required') }]}
            >
              <Input.TextArea rows={2} maxLength={8000} data-testid="case-report-proposal" />
            </Form.Item>
            <Typography.Text strong>{t('case.conclusion.report.evidence')}</Typography.Text>
            <Typography.Paragraph type="secondary">{t('case.conclusion.report.evidenceHint')}</Typography.Paragraph>
            <EvidencePicker evidence={evidence} selected={selected} onChange={setSelected} disabled={w.busy} />
            <Button
              type="primary"
              htmlType="submit"
              loading={w.busy}
              style={{ marginTop: 12 }}
              data-testid="case-report-save"
            >
              {t('case.conclusion.report.save')}
            </Button>
          </Form>
        </>
      ) : null}
      {report && kase.status === 'facts_shown' && kase.can.onTeam && report.status !== 'pending' ? (
        <SubmissionForm kase={kase} report={report} reload={reload} />
      ) : null}
    </Card>
  );
}

type AttachmentValues = Record<CaseReportAttachment, { attached: boolean; text?: string }>;

/** 报送: the three attachments noted, then the report goes to the principal leader. */
function SubmissionForm({ kase, report, reload }: { kase: CaseDetail; report: Report; reload: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<AttachmentValues>();
  const values = Form.useWatch([], form) as AttachmentValues | undefined;
  const w = useWrite(reload);
  const unsigned = report.signatures.filter((s) => !s.signedAt).map((s) => s.name);
  return (
    <div data-testid="case-report-submission">
      <Typography.Title level={5}>{t('case.conclusion.submission.title')}</Typography.Title>
      {unsigned.length > 0 ? (
        <Typography.Paragraph type="warning" data-testid="case-report-unsigned">
          {t('case.conclusion.submission.unsigned', { names: unsigned.join('、') })}
        </Typography.Paragraph>
      ) : null}
      <Outcome error={w.error} done={w.done} id="case-report-submit" />
      <Form
        form={form}
        layout="vertical"
        initialValues={Object.fromEntries(CASE_REPORT_ATTACHMENTS.map((k) => [k, { attached: true }]))}
        onFinish={(v) =>
          void w.run(async () => {
            await submitReport(kase.id, {
              version: report.version,
              caseVersion: kase.version,
              attachments: Object.fromEntries(
                CASE_REPORT_ATTACHMENTS.map((k) => [
                  k,
                  v[k].attached
                    ? { attached: true, reference: v[k].text?.trim() || null }
                    : { attached: false, note: v[k].text?.trim() || null },
                ]),
              ) as ReportSubmissionBody['attachments'],
            });
            return t('case.conclusion.submission.submitted');
          })
        }
      >
        {CASE_REPORT_ATTACHMENTS.map((k) => (
          <Space key={k} align="start" style={{ display: 'flex' }}>
            <Form.Item name={[k, 'attached']} valuePropName="checked" style={{ width: 200 }}>
              <Checkbox data-testid={`case-report-attached-${k}`}>{CASE_REPORT_ATTACHMENT_LABELS[k]}</Checkbox>
            </Form.Item>
            <Form.Item name={[k, 'text']}>
              <Input
                style={{ width: 360 }}
                maxLength={200}
                data-testid={`case-report-attachment-${k}`}
                placeholder={
                  values?.[k]?.attached === false
                    ? t('case.conclusion.submission.whyNot')
                    : t('case.conclusion.submission.reference')
                }
              />
            </Form.Item>
          </Space>
        ))}
        <div>
          <Button type="primary" htmlType="submit" loading={w.busy} data-testid="case-report-submit">
            {t('case.conclusion.submission.submit')}
          </Button>
        </div>
      </Form>
    </div>
  );
}

/** 结案报备: the closing and the filing with the higher organ within 7 working days (timer 34). */
function ClosingCard({ kase, conclusion, reload }: CaseTabProps & { conclusion: CaseConclusion }) {
  const { t } = useTranslation();
  const closing = conclusion.closing;
  const [form] = Form.useForm<{ filedOn: Dayjs; documentNumber: string }>();
  const w = useWrite(reload);
  if (!closing) return null;
  return (
    <Card
      size="small"
      title={t('case.conclusion.closing.title')}
      style={{ marginBottom: 16 }}
      data-testid="case-closing"
    >
      <Descriptions size="small" bordered column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('case.conclusion.closing.closedOn')}>
          {formatDate(closing.closedOn)}
        </Descriptions.Item>
        <Descriptions.Item label={t('case.conclusion.closing.dueOn')}>
          <span data-testid="case-closing-due">{formatDate(closing.higherDueOn) || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.conclusion.closing.filed')}>
          {closing.higherFiledOn ? (
            <span data-testid="case-closing-filed">
              {t('case.conclusion.closing.filedOn', {
                on: formatDate(closing.higherFiledOn),
                number: closing.higherDocumentNumber ?? '',
              })}{' '}
              {closing.late ? <Tag color="red">{t('case.conclusion.closing.late')}</Tag> : null}
            </span>
          ) : (
            <span data-testid="case-closing-not-filed">
              <Tag color={closing.overdue ? 'red' : 'orange'}>
                {closing.overdue ? t('case.conclusion.closing.overdue') : t('case.conclusion.closing.notFiled')}
              </Tag>
            </span>
          )}
        </Descriptions.Item>
      </Descriptions>
      {!closing.higherFiledOn && kase.can.manage ? (
        <>
          <Outcome error={w.error} done={w.done} id="case-closing" />
          <Form
            form={form}
            layout="inline"
            onFinish={(v) =>
              void w.run(async () => {
                await recordHigherFiling(kase.id, {
                  version: closing.version,
                  filedOn: fromPickerDate(v.filedOn) ?? '',
                  documentNumber: v.documentNumber.trim(),
                });
                return t('case.conclusion.closing.recorded');
              })
            }
          >
            <Form.Item
              name="filedOn"
              label={t('case.conclusion.closing.filedOnLabel')}
              rules={[{ required: true, message: t('case.conclusion.required') }]}
            >
              <DatePicker data-testid="case-closing-date" />
            </Form.Item>
            <Form.Item
              name="documentNumber"
              label={t('case.conclusion.closing.documentNumber')}
              rules={[{ required: true, whitespace: true, message: t('case.conclusion.required') }]}
            >
              <Input maxLength={100} data-testid="case-closing-number" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={w.busy} data-testid="case-closing-save">
              {t('case.conclusion.closing.record')}
            </Button>
          </Form>
        </>
      ) : null}
    </Card>
  );
}

/** The tab. */
export function CaseConclusionTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [conclusion, setConclusion] = useState<CaseConclusion | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<CaseEvidenceItem[]>([]);
  const loadEvidence = useCallback(async () => {
    const items = await listCaseEvidence(kase.id);
    setEvidence(items);
    return items;
  }, [kase.id]);
  const load = useCallback(async () => {
    try {
      const [read] = await Promise.all([getConclusion(kase.id), loadEvidence()]);
      setConclusion(read);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [kase.id, loadEvidence]);
  useEffect(() => {
    void load();
  }, [load, kase.version]);
  const again = () => {
    reload();
    void load();
  };
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!conclusion) return null;
  return (
    <div data-testid="case-conclusion">
      <FactsCard kase={kase} conclusion={conclusion} reload={again} />
      <DiscussionCard kase={kase} conclusion={conclusion} reload={again} />
      <ReportCard
        key={conclusion.report?.version ?? 0}
        kase={kase}
        conclusion={conclusion}
        reload={again}
        evidence={evidence}
        loadEvidence={loadEvidence}
      />
      <ClosingCard kase={kase} conclusion={conclusion} reload={again} />
      {conclusion.factsShown.length === 0 && !conclusion.report ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('case.conclusion.hint')} />
      ) : null}
    </div>
  );
}
