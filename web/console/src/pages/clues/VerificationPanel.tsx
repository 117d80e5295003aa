/**
 * 初核 panel of the clue detail page (GZ 第三十二条 to 第三十五条): the work plan with the 核查组
 * picker (conflict check per person: refusals in words, warnings confirmed with a reason), the
 * team's signatures over the report's current text, and the report form. The server decides
 * what the reader may do (`abilities`); the panel only hides what it would refuse.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CLUE_OUTCOME_LABELS, VERIFICATION_OUTCOMES } from '../../api/clues.js';
import { ApiError, errorMessage } from '../../api/request.js';
import {
  type TeamCheck,
  VERIFICATION_MEASURES,
  VERIFICATION_MEASURE_LABELS,
  VERIFICATION_STATUS_LABELS,
  VERIFICATION_TEAM_ROLE_LABELS,
  type VerificationView,
  checkTeam,
  confirmWarning,
  getVerification,
  saveReport,
  signReport,
  submitPlan,
  submitReport,
  verificationCandidates,
  verificationDocumentUrl,
} from '../../api/verification.js';
import { periodText, pickerDateString } from '../../lib/dates.js';
import { LetterPicker } from './LetterPicker.js';
import { formatInstant } from '../../lib/time.js';

type Verification = NonNullable<VerificationView['verification']>;
type Outcome = (typeof VERIFICATION_OUTCOMES)[number];

const lines = (s: string | undefined): string[] =>
  (s ?? '')
    .split('\n')
    .map((x) => x.trim())
    .filter(Boolean);

/** The plan form: objectives, measures, one schedule phase, and the team with its conflict check. */
function PlanForm({ clueId, clueVersion, onDone }: { clueId: string; clueVersion: number; onDone: () => void }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<{ id: string; name: string; unitName: string | null }[]>([]);
  const [team, setTeam] = useState<string[]>([]);
  const [leader, setLeader] = useState<string | undefined>();
  const [check, setCheck] = useState<TeamCheck | null>(null);
  const [confirmed, setConfirmed] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{
    objectives: string;
    measures: string[];
    period: [Dayjs, Dayjs];
    work: string;
    plannedEndOn: Dayjs;
  }>();
  useEffect(() => {
    void verificationCandidates(clueId).then(setPeople, () => setPeople([]));
  }, [clueId]);
  const nameOf = (id: string) => people.find((p) => p.id === id)?.name ?? id;

  async function runCheck() {
    setError(null);
    try {
      setCheck(await checkTeam(clueId, team));
      setConfirmed(new Set());
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function confirm(userId: string) {
    if (!check) return;
    try {
      await confirmWarning(check.checkId, userId, t('verification.confirmReason'));
      setConfirmed(new Set([...confirmed, userId]));
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  async function submit() {
    const v = await form.validateFields();
    if (!check) return;
    setError(null);
    try {
      await submitPlan(clueId, {
        version: clueVersion,
        objectives: v.objectives,
        measures: v.measures as never,
        // The phase's dates are picked (CST calendar days) and written as the plan prints them.
        schedule: [{ period: periodText(v.period[0], v.period[1]), work: v.work }],
        plannedEndOn: pickerDateString(v.plannedEndOn),
        team: team.map((userId) => ({ userId, role: userId === leader ? 'leader' : 'member' })),
        checkId: check.checkId,
      });
      onDone();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : errorMessage(err));
    }
  }
  const checked = check && check.people.map((p) => p.userId).join() === team.join();
  return (
    <Form form={form} layout="vertical" data-testid="verification-plan-form">
      <Form.Item name="objectives" label={t('verification.objectives')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={2} data-testid="verification-objectives" />
      </Form.Item>
      <Form.Item name="measures" label={t('verification.measures')} rules={[{ required: true }]}>
        <Checkbox.Group
          options={VERIFICATION_MEASURES.map((m) => ({ value: m, label: VERIFICATION_MEASURE_LABELS[m] }))}
          data-testid="verification-measures"
        />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="period" label={t('verification.period')} rules={[{ required: true }]} style={{ flex: 1 }}>
          <DatePicker.RangePicker data-testid="verification-period" />
        </Form.Item>
        <Form.Item name="work" label={t('verification.work')} rules={[{ required: true }]} style={{ flex: 2 }}>
          <Input data-testid="verification-work" />
        </Form.Item>
      </Space.Compact>
      <Form.Item
        name="plannedEndOn"
        label={t('verification.plannedEndOn')}
        extra={t('verification.plannedEndOnHint')}
        rules={[{ required: true }]}
      >
        <DatePicker data-testid="verification-planned-end" />
      </Form.Item>
      <Form.Item label={t('verification.team')} extra={t('verification.teamHint')}>
        <Select
          mode="multiple"
          value={team}
          onChange={(ids: string[]) => {
            setTeam(ids);
            setCheck(null);
            if (leader && !ids.includes(leader)) setLeader(undefined);
          }}
          showSearch
          optionFilterProp="label"
          options={people.map((p) => ({ value: p.id, label: `${p.name}${p.unitName ? `（${p.unitName}）` : ''}` }))}
          data-testid="verification-team"
        />
      </Form.Item>
      <Form.Item label={t('verification.leader')}>
        <Select
          value={leader}
          onChange={setLeader}
          options={team.map((id) => ({ value: id, label: nameOf(id) }))}
          data-testid="verification-leader"
        />
      </Form.Item>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => void runCheck()} disabled={team.length === 0} data-testid="verification-check">
          {t('verification.check')}
        </Button>
        <Button
          type="primary"
          onClick={() => void submit()}
          disabled={!checked || !leader}
          data-testid="verification-submit-plan"
        >
          {t('verification.submitPlan')}
        </Button>
      </Space>
      {check ? (
        <div data-testid="verification-check-result">
          {check.people.map((p) => (
            <div key={p.userId} style={{ marginBottom: 4 }}>
              <Tag color={p.outcome === 'clear' ? 'green' : p.outcome === 'warn' ? 'orange' : 'red'}>
                {p.name} · {t(`verification.outcome.${p.outcome}`)}
              </Tag>
              {p.reasons.map((r) => r.text).join('；')}
              {p.outcome === 'warn' && !confirmed.has(p.userId) ? (
                <Button size="small" type="link" onClick={() => void confirm(p.userId)}>
                  {t('verification.confirm')}
                </Button>
              ) : null}
            </div>
          ))}
        </div>
      ) : null}
      {error ? <Alert type="error" showIcon message={error} data-testid="verification-error" /> : null}
    </Form>
  );
}

interface ReportFields {
  background: string;
  basis: string;
  findings: string;
  doubts: string;
  proposal: Outcome;
  proposalReason: string;
  transferTo?: string;
}

/** The report form (a team member, while the report may be edited). */
function ReportForm({ clueId, v, onDone }: { clueId: string; v: Verification; onDone: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ReportFields>();
  const [error, setError] = useState<string | null>(null);
  const proposal = Form.useWatch('proposal', form);
  const r = v.report;
  async function save() {
    const f = await form.validateFields();
    setError(null);
    try {
      await saveReport(clueId, {
        version: v.version,
        background: lines(f.background),
        basis: lines(f.basis),
        findings: lines(f.findings),
        doubts: lines(f.doubts),
        proposal: f.proposal,
        proposalReason: f.proposalReason,
        transferTo: f.proposal === 'transferred' ? (f.transferTo ?? null) : null,
      });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  const area = (name: keyof ReportFields, required = true) => (
    <Form.Item name={name} label={t(`verification.report.${name}`)} rules={required ? [{ required: true }] : []}>
      <Input.TextArea rows={2} data-testid={`verification-${name}`} />
    </Form.Item>
  );
  return (
    <Form
      form={form}
      layout="vertical"
      data-testid="verification-report-form"
      initialValues={
        r
          ? {
              background: r.background.join('\n'),
              basis: r.basis.join('\n'),
              findings: r.findings.join('\n'),
              doubts: r.doubts.join('\n'),
              proposal: r.proposal,
              proposalReason: r.proposalReason,
              transferTo: r.transferTo ?? undefined,
            }
          : {}
      }
    >
      {area('background')}
      {area('basis')}
      {area('findings')}
      {area('doubts', false)}
      <Form.Item name="proposal" label={t('verification.report.proposal')} rules={[{ required: true }]}>
        <Select
          options={VERIFICATION_OUTCOMES.map((o) => ({ value: o, label: CLUE_OUTCOME_LABELS[o] }))}
          data-testid="verification-proposal"
        />
      </Form.Item>
      {proposal === 'transferred' ? area('transferTo') : null}
      {area('proposalReason')}
      <Typography.Paragraph type="secondary">{t('verification.report.voidHint')}</Typography.Paragraph>
      <Button onClick={() => void save()} data-testid="verification-save-report">
        {t('verification.report.save')}
      </Button>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 8 }} /> : null}
    </Form>
  );
}

/** The 初核 panel; renders nothing for a clue that never went into verification. */
export function VerificationPanel({ clueId, onChanged }: { clueId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const [view, setView] = useState<VerificationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setView(await getVerification(clueId));
    } catch {
      setView(null);
    }
  }, [clueId]);
  useEffect(() => {
    void load();
  }, [load]);
  const refresh = () => {
    void load();
    onChanged();
  };
  if (!view || (!view.verification && !view.abilities.plan)) return null;
  const v = view.verification;
  async function act(f: () => Promise<unknown>) {
    setError(null);
    try {
      await f();
      refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Card
      size="small"
      title={t('verification.title')}
      style={{ marginBottom: 16 }}
      data-testid="verification-panel"
      extra={v ? <Tag data-testid="verification-status">{VERIFICATION_STATUS_LABELS[v.status]}</Tag> : null}
    >
      {view.abilities.plan ? <PlanForm clueId={clueId} clueVersion={view.clueVersion} onDone={refresh} /> : null}
      {v ? (
        <>
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('verification.objectives')}>{v.objectives}</Descriptions.Item>
            <Descriptions.Item label={t('verification.measures')}>
              {v.measures.map((m) => VERIFICATION_MEASURE_LABELS[m]).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('verification.schedule')}>
              {v.schedule.map((s) => `${s.period}：${s.work}`).join('；')}
            </Descriptions.Item>
            <Descriptions.Item label={t('verification.plannedEndOn')}>{v.plannedEndOn ?? '—'}</Descriptions.Item>
            {v.outcome ? (
              <Descriptions.Item label={t('verification.outcomeLabel')}>
                <span data-testid="verification-outcome">{CLUE_OUTCOME_LABELS[v.outcome]}</span>
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          <Table
            rowKey="userId"
            size="small"
            pagination={false}
            dataSource={v.team}
            data-testid="verification-signatures"
            columns={[
              { title: t('verification.member'), dataIndex: 'name' },
              {
                title: t('verification.role'),
                dataIndex: 'role',
                render: (r: keyof typeof VERIFICATION_TEAM_ROLE_LABELS) => VERIFICATION_TEAM_ROLE_LABELS[r],
              },
              { title: t('verification.unit'), dataIndex: 'position' },
              {
                title: t('verification.signature'),
                dataIndex: 'signedAt',
                render: (at: string | null) =>
                  at ? (
                    <Tag color="green">{t('verification.signedAt', { at: formatInstant(at) })}</Tag>
                  ) : (
                    <Tag>{v.report ? t('verification.unsigned') : '—'}</Tag>
                  ),
              },
            ]}
          />
          {v.voidedSignatures > 0 ? (
            <Typography.Paragraph type="warning" style={{ marginTop: 8 }}>
              {t('verification.voided', { n: v.voidedSignatures })}
            </Typography.Paragraph>
          ) : null}
          <Space wrap style={{ margin: '12px 0' }}>
            {view.abilities.sign && v.reportHash ? (
              <Button
                type="primary"
                onClick={() => void act(() => signReport(clueId, v.reportHash!))}
                data-testid="verification-sign"
              >
                {t('verification.sign')}
              </Button>
            ) : null}
            {view.abilities.submit ? (
              <Button
                type="primary"
                onClick={() => void act(() => submitReport(clueId, v.version))}
                data-testid="verification-submit-report"
              >
                {t('verification.submitReport')}
              </Button>
            ) : null}
            <a href={verificationDocumentUrl(clueId, 'verification_plan', 'pdf')}>{t('verification.planPdf')}</a>
            <a href={verificationDocumentUrl(clueId, 'verification_plan', 'docx')}>DOCX</a>
            {v.report ? (
              <>
                <a href={verificationDocumentUrl(clueId, 'verification_report', 'pdf')}>
                  {t('verification.reportPdf')}
                </a>
                <a href={verificationDocumentUrl(clueId, 'verification_report', 'docx')}>DOCX</a>
              </>
            ) : null}
          </Space>
          {v.outcome === 'clarified' ? (
            <LetterPicker
              clueId={clueId}
              urlOf={(format, to) => verificationDocumentUrl(clueId, 'clarification_letter', format, to)}
              testId="clarification-letter"
              idPrefix="clarification"
              label="clarification"
            />
          ) : null}
          {view.abilities.edit ? <ReportForm key={v.version} clueId={clueId} v={v} onDone={refresh} /> : null}
        </>
      ) : null}
      {error ? <Alert type="error" showIcon message={error} data-testid="verification-error" /> : null}
    </Card>
  );
}
