/**
 * 措施: the case's investigation periods (timer 12 and the county's party-side period) with their
 * extension, and each measure on the case — kind, person, legal basis, the approval the rules
 * name, the notice served and who was present, its state and clocks (hour clocks to the minute,
 * China Standard Time; overdue in red), the steps its state allows and its documents as DOCX and
 * PDF. Requesting a measure opens `MeasureForm`; every step a `MeasureStepModal`.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd';
import { FilePdfOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { type Measure, caseMeasures, measureDocumentUrl, openPartyPeriod } from '../../api/case-measures.js';
import { CASE_WORKING_STATES } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatInstant } from '../../lib/time.js';
import { APPROVAL_POST_LABELS, type ApprovalPost } from '../../../../../src/server/shared/approvals.codes.js';
import type { CaseTabProps } from './caseTabs.js';
import { MeasureForm } from './MeasureForm.js';
import { MeasureStepModal, type StepKey } from './MeasureSteps.js';
import { ClockTag, MAIN_CLOCK, MEASURE_DOCS, MeasureStatusTag, NOTICE_24H } from './measureParts.js';

/** The steps the server allows on `m` in its current state, in the order they come. */
export function stepsOf(m: Measure): StepKey[] {
  if (m.status === 'lifted') return [];
  if (m.status === 'approved') return ['start', 'lift'];
  const steps: StepKey[] = [];
  if (NOTICE_24H.includes(m.kind) && !m.notifiedAt && !m.noticeWithheldReason) steps.push('notice');
  if (m.kind === 'custody' && !m.transferredAt) steps.push('transfer');
  const main = MAIN_CLOCK[m.kind];
  const clock = main ? m.clocks.find((c) => c.kind === main && c.state === 'running') : undefined;
  if (clock?.extendable) steps.push('extension');
  if (m.kind === 'detention' && !m.restartedAt) steps.push('restart');
  const pending = Boolean(m.changeRequestedAt && !m.changeDecidedAt);
  if (m.kind === 'detention' && !pending) steps.push('change-request');
  if (pending) steps.push('change-decision');
  steps.push('lift');
  return steps;
}

/** The approval as recorded: the named approver and post, or the collective decision and the organ. */
function ApprovalText({ m }: { m: Measure }) {
  const { t } = useTranslation();
  const a = m.approval;
  const parts: string[] = [];
  if (a.approverName) {
    const post = a.post ? (APPROVAL_POST_LABELS[a.post as ApprovalPost] ?? a.post) : '';
    parts.push(t('case.measure.approvedBy', { name: a.approverName, post }));
  }
  if (a.collectiveOn)
    parts.push(t('case.measure.collective', { on: a.collectiveOn, minutes: a.collectiveMinutes ?? '' }));
  if (a.higherOrgan)
    parts.push(t('case.measure.higher', { organ: a.higherOrgan, number: a.higherNumber ?? '', on: a.higherOn ?? '' }));
  parts.push(
    a.number
      ? t('case.measure.approvedOnText', { on: a.approvedOn, number: a.number })
      : t('case.measure.approvedOnOnly', { on: a.approvedOn }),
  );
  return <span data-testid="measure-approval">{parts.join('；')}</span>;
}

/** One measure's card. */
function MeasureCard({
  m,
  caseId,
  canAct,
  onStep,
}: {
  m: Measure;
  caseId: string;
  canAct: boolean;
  onStep: (m: Measure, step: StepKey) => void;
}) {
  const { t } = useTranslation();
  const steps = canAct ? stepsOf(m) : [];
  const main = MAIN_CLOCK[m.kind];
  const extensions = m.clocks.find((c) => c.kind === main && c.state === 'running')?.extensions ?? 0;
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid={`measure-${m.seq}`}
      title={
        <Space wrap>
          <Typography.Text strong data-testid="measure-kind-label">
            {t(`case.measure.kinds.${m.kind}`)}
          </Typography.Text>
          <span>{m.subjectName}</span>
          <MeasureStatusTag status={m.status} />
        </Space>
      }
      extra={
        <Space wrap size={4}>
          {(MEASURE_DOCS[m.kind] ?? []).map((doc) => (
            <Space key={doc} size={2}>
              <span>{t(`case.measure.doc.${doc}`)}</span>
              <a href={measureDocumentUrl(caseId, m.id, doc, 'docx')} download data-testid={`measure-doc-${doc}-docx`}>
                <FileWordOutlined /> DOCX
              </a>
              <a href={measureDocumentUrl(caseId, m.id, doc, 'pdf')} download data-testid={`measure-doc-${doc}-pdf`}>
                <FilePdfOutlined /> PDF
              </a>
            </Space>
          ))}
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
        bordered
        styles={{ label: { width: 150 } }}
      >
        <Descriptions.Item label={t('case.measure.legalBasis')}>{m.legalBasis}</Descriptions.Item>
        <Descriptions.Item label={t('case.measure.reason')}>{m.reason}</Descriptions.Item>
        <Descriptions.Item label={t('case.measure.approval')} span={2}>
          <ApprovalText m={m} />
        </Descriptions.Item>
        <Descriptions.Item label={t('case.measure.noticeServed')}>
          <span data-testid="measure-notice-served">
            {m.noticeServedAt
              ? t('case.measure.servedText', { at: formatInstant(m.noticeServedAt), to: m.noticeServedTo ?? '' })
              : '—'}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.measure.present')}>
          <span data-testid="measure-present">{m.present.map((p) => p.name).join('、') || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.measure.startedAt')}>{formatInstant(m.startedAt)}</Descriptions.Item>
        {NOTICE_24H.includes(m.kind) ? (
          <Descriptions.Item label={t('case.measure.familyNotice')}>
            <span data-testid="measure-family-notice">
              {m.notifiedAt
                ? t('case.measure.notifiedText', {
                    at: formatInstant(m.notifiedAt),
                    who: [m.notifiedUnit, m.notifiedFamily].filter(Boolean).join('、'),
                  })
                : m.noticeWithheldReason
                  ? t('case.measure.withheldText', { reason: m.noticeWithheldReason, by: m.noticeWithheldBy ?? '' })
                  : '—'}
            </span>
          </Descriptions.Item>
        ) : null}
        {m.transferredAt ? (
          <Descriptions.Item label={t('case.measure.transferredAt')}>
            {formatInstant(m.transferredAt)}
          </Descriptions.Item>
        ) : null}
        {m.restartedAt ? (
          <Descriptions.Item label={t('case.measure.restarted')} span={2}>
            <span data-testid="measure-restart">
              {formatInstant(m.restartedAt)} {m.restartNote}
            </span>
          </Descriptions.Item>
        ) : null}
        {m.changeRequestedAt ? (
          <Descriptions.Item label={t('case.measure.changeRequest')} span={2}>
            <div data-testid="measure-change">
              {t('case.measure.changeText', {
                at: formatInstant(m.changeRequestedAt),
                who: m.changeApplicant ?? '',
                what: m.changeRequest ?? '',
              })}
              {m.changeDecidedAt ? (
                <div>
                  {t('case.measure.answerText', { at: formatInstant(m.changeDecidedAt), answer: m.changeDecision })}
                </div>
              ) : null}
            </div>
          </Descriptions.Item>
        ) : null}
        {m.liftedAt ? (
          <Descriptions.Item label={t('case.measure.liftedAt')} span={2}>
            {formatInstant(m.liftedAt)} {m.liftReason}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {m.clocks.length > 0 ? (
        <Space direction="vertical" size={2} style={{ marginTop: 8, display: 'flex' }} data-testid="measure-clocks">
          {m.clocks.map((c) => (
            <div key={c.id} data-testid={`measure-clock-${c.kind}-${c.seq}`}>
              <Typography.Text>{c.label}</Typography.Text> <ClockTag clock={c} />
              {c.extensions > 0 ? <Tag>{t('case.measure.clock.extensions', { n: c.extensions })}</Tag> : null}
              <Typography.Text type="secondary">
                {t('case.measure.clock.from', {
                  at: formatInstant(c.kind === 'detention' && c.seq > 1 && m.restartedAt ? m.restartedAt : m.startedAt),
                })}
              </Typography.Text>
            </div>
          ))}
        </Space>
      ) : null}
      {steps.length > 0 ? (
        <Space wrap style={{ marginTop: 12, display: 'flex' }}>
          {steps.map((s) => (
            <Button
              key={s}
              size="small"
              type={s === 'start' ? 'primary' : 'default'}
              danger={s === 'lift'}
              onClick={() => onStep(m, s)}
              data-testid={`measure-step-${s}`}
            >
              {s === 'extension' && extensions > 0
                ? t('case.measure.steps.secondExtension')
                : t(`case.measure.steps.${s}`)}
            </Button>
          ))}
        </Space>
      ) : null}
    </Card>
  );
}

/** The case's periods: the state-side investigation period (timer 12) and the county's party-side one. */
function PeriodsCard({
  kase,
  canAct,
  onExtend,
  onOpenParty,
}: CaseTabProps & {
  canAct: boolean;
  onExtend: (kind: 'investigation' | 'party_investigation') => void;
  onOpenParty: () => void;
}) {
  const { t } = useTranslation();
  const periods = kase.clocks.filter((c) => c.kind === 'investigation' || c.kind === 'party_investigation');
  const party = periods.some((c) => c.kind === 'party_investigation');
  return (
    <Card
      size="small"
      title={t('case.measure.period.title')}
      style={{ marginBottom: 16 }}
      data-testid="measure-periods"
    >
      <Space direction="vertical" size={4}>
        {periods.length === 0 ? (
          <Typography.Text type="secondary">{t('case.measure.period.none')}</Typography.Text>
        ) : null}
        {periods.map((c) => (
          <Space key={c.id} wrap data-testid={`period-${c.kind}-${c.seq}`}>
            <Typography.Text>{c.label}</Typography.Text>
            <ClockTag clock={c} />
            {c.extensions > 0 ? <Tag>{t('case.measure.clock.extensions', { n: c.extensions })}</Tag> : null}
            {canAct && c.state === 'running' && c.extendable ? (
              <Button
                size="small"
                onClick={() => onExtend(c.kind as 'investigation' | 'party_investigation')}
                data-testid={`period-extend-${c.kind}`}
              >
                {t(`case.measure.period.extend.${c.kind as 'investigation' | 'party_investigation'}`)}
              </Button>
            ) : null}
          </Space>
        ))}
        {canAct && !party ? (
          <Button size="small" onClick={onOpenParty} data-testid="period-open-party">
            {t('case.measure.period.openParty')}
          </Button>
        ) : null}
      </Space>
    </Card>
  );
}

/** The tab. */
export function CaseMeasuresTab({ kase, reload }: CaseTabProps) {
  const { t } = useTranslation();
  const [items, setItems] = useState<Measure[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [open, setOpen] = useState<{
    step: StepKey;
    measure: Measure | null;
    periodKind?: 'investigation' | 'party_investigation';
  } | null>(null);
  const canAct = kase.can.manage && CASE_WORKING_STATES.includes(kase.status);

  const load = useCallback(async () => {
    try {
      setItems(await caseMeasures(kase.id));
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, [kase.id]);
  useEffect(() => {
    void load();
  }, [load, kase.version]);

  const done = (text: string) => {
    setOpen(null);
    setRequesting(false);
    setNotice({ type: 'success', text });
    void load();
  };
  const openParty = async () => {
    setNotice(null);
    try {
      await openPartyPeriod(kase.id, kase.version);
      setNotice({ type: 'success', text: t('case.measure.period.partyOpened') });
      reload();
    } catch (err) {
      setNotice({ type: 'error', text: errorMessage(err) });
    }
  };

  return (
    <div data-testid="case-measures">
      <PeriodsCard
        kase={kase}
        reload={reload}
        canAct={canAct}
        onExtend={(kind) => setOpen({ step: 'period', measure: null, periodKind: kind })}
        onOpenParty={() => void openParty()}
      />
      {notice ? (
        <Alert
          type={notice.type}
          showIcon
          closable
          onClose={() => setNotice(null)}
          message={notice.text}
          style={{ marginBottom: 12 }}
          data-testid="measures-notice"
        />
      ) : null}
      <Space style={{ marginBottom: 12 }}>
        {canAct ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setRequesting(true)}
            data-testid="measure-request"
          >
            {t('case.measure.request')}
          </Button>
        ) : null}
      </Space>
      {error ? <Alert type="error" showIcon message={error} /> : null}
      {items === null && !error ? <Spin /> : null}
      {items && items.length === 0 ? <Empty description={t('case.measure.empty')} /> : null}
      {(items ?? []).map((m) => (
        <MeasureCard
          key={m.id}
          m={m}
          caseId={kase.id}
          canAct={canAct}
          onStep={(measure, step) => setOpen({ step, measure })}
        />
      ))}
      {requesting ? (
        <MeasureForm
          kase={kase}
          onClose={() => setRequesting(false)}
          onDone={() => done(t('case.measure.requested'))}
        />
      ) : null}
      {open ? (
        <MeasureStepModal
          kase={kase}
          measure={open.measure}
          step={open.step}
          periodKind={open.periodKind}
          onClose={() => setOpen(null)}
          onDone={() => {
            if (open.step === 'period') {
              setOpen(null);
              setNotice({
                type: 'success',
                text: t('case.measure.stepSaved', {
                  step: t(`case.measure.period.extend.${open.periodKind ?? 'investigation'}`),
                }),
              });
              reload();
            } else done(t('case.measure.stepSaved', { step: t(`case.measure.steps.${open.step}`) }));
          }}
        />
      ) : null}
    </div>
  );
}
