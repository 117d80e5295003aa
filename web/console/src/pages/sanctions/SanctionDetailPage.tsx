/**
 * 处分详情: the person and the outcome, the state, the effect period (start, end, what remains,
 * the days carried from an earlier sanction), the engine's warnings, the actions the state
 * allows, the progress (defence, branch meeting or direct decision, the decision, the steps),
 * the clocks with their due dates, the documents, the notices, the appeals and the trail. Out of
 * scope: not found.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Empty, Result, Space, Spin, Table, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import {
  SANCTION_WARNING_LABELS,
  type SanctionClock,
  type SanctionDetail,
  type SanctionNoticeLine,
  getSanction,
  listSanctionNotices,
  sanctionDocumentUrl,
} from './sanctionsApi.js';
import { SANCTION_STEPS, SanctionActions } from './SanctionActions.js';
import { SanctionAppeals } from './SanctionAppeals.js';
import { ClockDue, EffectPeriod, FourFormTag, OutcomeName, SanctionStatusTag } from './SanctionTags.js';

/** The documents a record has, by its side, when the server does not list them. */
function defaultDocuments(s: SanctionDetail): string[] {
  if (s.status !== 'decided') return [];
  if (s.system === 'party')
    return [
      'party_decision',
      ...(s.branchMeetings?.some((m) => m.passed) ? ['branch_resolution'] : []),
      ...(s.probationOutcome === 'restore' ? ['restoration'] : []),
      'circular',
    ];
  if (s.system === 'state') return ['state_decision', 'circular'];
  return [];
}

/** The person's name, position and employer, whichever shape the record has. */
function personOf(s: SanctionDetail) {
  return {
    name: s.person?.name ?? s.personName ?? '',
    position: s.person?.position ?? s.personPosition ?? null,
    employer: s.person?.employer ?? s.personEmployer ?? null,
    subjectId: s.person?.subjectId ?? s.subjectId ?? null,
  };
}

/** The header: who, what, by whom. */
function SanctionHeader({ sanction }: { sanction: SanctionDetail }) {
  const { t } = useTranslation();
  const s = sanction;
  const p = personOf(s);
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="sanction-header">
        <Descriptions.Item label={t('sanction.person')}>
          <Space>
            <span data-testid="sanction-person">{p.name}</span>
            {p.subjectId ? (
              <Link to={`/integrity-files/${p.subjectId}`} data-testid="sanction-integrity-link">
                {t('sanction.integrity.open')}
              </Link>
            ) : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.position')}>{p.position || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sanction.employer')}>{p.employer || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sanction.system.label')}>
          {t(`sanction.system.${s.system}`, { defaultValue: s.system })}
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.outcome')}>
          <OutcomeName sanction={s} />
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.fourForm.label')}>
          <FourFormTag form={s.fourForm} />
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.case')}>
          {s.caseId ? (
            <Link to={`/cases/${s.caseId}?tab=sanctions`} data-testid="sanction-case-link">
              {s.caseNumber ?? t('sanction.openCase')}
            </Link>
          ) : (
            (s.caseNumber ?? '—')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.requiredBody')}>
          {s.requiredBody ? t(`sanction.bodies.${s.requiredBody}`, { defaultValue: s.requiredBody }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.approvingBody')}>
          <span data-testid="sanction-approving-body">
            {s.approvingBodyName ??
              (s.approvingBody ? t(`sanction.bodies.${s.approvingBody}`, { defaultValue: s.approvingBody }) : '—')}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.decisionRef')}>
          <span data-testid="sanction-decision-ref">{s.decisionRef ?? '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.decidedOn')}>{formatDate(s.decidedOn) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('sanction.summary')} span={3}>
          <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{s.summary || '—'}</Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The effect period card. */
function EffectCard({ sanction, today }: { sanction: SanctionDetail; today: string }) {
  const { t } = useTranslation();
  const s = sanction;
  return (
    <Card
      size="small"
      title={t('sanction.effect.title')}
      style={{ marginBottom: 16 }}
      data-testid="sanction-effect-card"
    >
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
        <Descriptions.Item label={t('sanction.effect.start')}>
          <span data-testid="sanction-effect-start">{formatDate(s.effectStart) || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.effect.end')}>
          <span data-testid="sanction-effect-end">{formatDate(s.effectEnd) || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.effect.months')}>
          {s.effectMonths ? t('sanction.effect.monthsValue', { months: s.effectMonths }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('sanction.effect.carriedLabel')}>
          {s.stackedDays ? (
            <Space>
              <span data-testid="sanction-carried-days">{t('sanction.effect.days', { days: s.stackedDays })}</span>
              {s.priorId ? <Link to={`/sanctions/${s.priorId}`}>{t('sanction.effect.prior')}</Link> : null}
            </Space>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <EffectPeriod sanction={s} today={today} />
      {s.readmissionAfter ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('sanction.effect.readmission', { on: formatDate(s.readmissionAfter) })}
        </Typography.Paragraph>
      ) : null}
    </Card>
  );
}

/** The progress: defence, branch meeting or direct decision, and the steps after the decision. */
function ProgressCard({ sanction }: { sanction: SanctionDetail }) {
  const { t } = useTranslation();
  const s = sanction;
  const m = s.branchMeetings?.filter((x) => x.passed).at(-1) ?? s.branchMeetings?.at(-1);
  const record = s as unknown as Record<string, string | null | undefined>;
  return (
    <Card size="small" title={t('sanction.progress')} style={{ marginBottom: 16 }} data-testid="sanction-progress">
      <Descriptions size="small" column={1} bordered>
        {s.system === 'party' || s.system === 'state' ? (
          <Descriptions.Item label={t('sanction.defence.title')}>
            <span data-testid="sanction-defence-done">
              {s.defenceHeardOn ? `${formatDate(s.defenceHeardOn)}：${s.defenceSummary ?? ''}` : t('sanction.notYet')}
            </span>
          </Descriptions.Item>
        ) : null}
        {s.system === 'party' ? (
          <Descriptions.Item label={t('sanction.branch.title')}>
            <span data-testid="sanction-branch-done">
              {m ? (
                <Space wrap>
                  <span>
                    {m.branchName}（{formatDate(m.heldOn)}）
                  </span>
                  <span>
                    {t('sanction.branch.countsRecorded', {
                      shouldAttend: m.shouldAttend,
                      present: m.present,
                      yes: m.yes,
                      no: m.no,
                      abstain: m.abstain,
                    })}
                  </span>
                  <Tag color={m.passed ? 'green' : 'red'}>
                    {m.passed ? t('sanction.branch.passed') : t('sanction.branch.failed')}
                  </Tag>
                  <span>
                    {t(`sanction.branch.signatures.${m.personSignature}`, { defaultValue: m.personSignature })}
                  </span>
                </Space>
              ) : s.directReason ? (
                t('sanction.direct.recorded', {
                  reason: t(`sanction.directReasons.${s.directReason}`, { defaultValue: s.directReason }),
                }) + (s.directNote ? `：${s.directNote}` : '')
              ) : (
                t('sanction.notYet')
              )}
            </span>
          </Descriptions.Item>
        ) : null}
        {s.status === 'decided'
          ? SANCTION_STEPS.filter(({ step }) => step !== 'submitted_committee' || s.system === 'party').map(
              ({ step, field }) => (
                <Descriptions.Item key={step} label={t(`sanction.steps.${step}`)}>
                  <span data-testid={`sanction-step-${step}-done`}>
                    {record[field] ? formatDate(record[field]) : t('sanction.notYet')}
                  </span>
                </Descriptions.Item>
              ),
            )
          : null}
        {s.probationOutcome ? (
          <Descriptions.Item label={t('sanction.probationOutcome')}>
            <span data-testid="sanction-probation-done">
              {t(`sanction.probationOutcomes.${s.probationOutcome}`)}（{formatDate(s.probationOutcomeOn)}）
              {s.restoredOn && s.restrictionEnd
                ? `：${t('sanction.restored', { on: formatDate(s.restoredOn), end: formatDate(s.restrictionEnd) })}`
                : ''}
            </span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** The clocks (timers 14–22) with their due dates. */
function ClocksCard({ clocks, today }: { clocks: SanctionClock[]; today: string }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('sanction.clock.title')} style={{ marginBottom: 16 }}>
      {clocks.length === 0 ? (
        <Typography.Text type="secondary">{t('sanction.clock.none')}</Typography.Text>
      ) : (
        <Table<SanctionClock>
          rowKey={(c) => c.id ?? `${c.kind}-${c.dueOn}`}
          size="small"
          pagination={false}
          dataSource={clocks}
          data-testid="sanction-clocks"
          columns={[
            {
              title: t('sanction.clock.kind'),
              dataIndex: 'kind',
              render: (k: string, c) => c.label ?? t(`sanction.clock.kinds.${k}`, { defaultValue: k }),
            },
            {
              title: t('sanction.clock.due'),
              dataIndex: 'dueOn',
              width: 170,
              render: (v: string | null, c) => (
                <ClockDue
                  dueOn={v ?? c.legalDueOn}
                  met={c.state === 'met' || Boolean(c.metOn ?? c.metAt)}
                  today={today}
                />
              ),
            },
            {
              title: t('sanction.clock.state'),
              dataIndex: 'state',
              width: 100,
              render: (v: string | null) => (v ? t(`sanction.clock.states.${v}`, { defaultValue: v }) : '—'),
            },
          ]}
        />
      )}
    </Card>
  );
}

/** The documents to download, as PDF and DOCX. */
function DocumentsCard({ sanction }: { sanction: SanctionDetail }) {
  const { t } = useTranslation();
  const names = sanction.documents ?? defaultDocuments(sanction);
  if (names.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('sanction.documents.title')}
      style={{ marginBottom: 16 }}
      data-testid="sanction-documents"
    >
      <Space direction="vertical">
        {names.map((n) => (
          <Space key={n}>
            <span>{t(`sanction.documents.names.${n}`, { defaultValue: n })}</span>
            <a href={sanctionDocumentUrl(sanction.id, n, 'pdf')} data-testid={`sanction-doc-${n}-pdf`}>
              PDF
            </a>
            <a href={sanctionDocumentUrl(sanction.id, n, 'docx')} data-testid={`sanction-doc-${n}-docx`}>
              DOCX
            </a>
          </Space>
        ))}
      </Space>
    </Card>
  );
}

/** The notices sent (read from the notices route; a lifting or a probation's end adds its own). */
function NoticesCard({ sanction }: { sanction: SanctionDetail }) {
  const { t } = useTranslation();
  const [notices, setNotices] = useState<SanctionNoticeLine[]>(sanction.notices ?? []);
  // Read again on every reload of the record: a notice does not move the record's version.
  useEffect(() => {
    let live = true;
    listSanctionNotices(sanction.id)
      .then((answer) => live && setNotices(answer.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [sanction]);
  if (notices.length === 0) return null;
  return (
    <Card size="small" title={t('sanction.notices.title')} style={{ marginBottom: 16 }}>
      <Table
        rowKey={(n) => n.id ?? `${n.kind}-${n.recipient}-${n.sentOn}`}
        size="small"
        pagination={false}
        dataSource={notices}
        data-testid="sanction-notices"
        columns={[
          {
            title: t('sanction.notices.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: string) => t(`sanction.notices.kinds.${k}`, { defaultValue: k }),
          },
          { title: t('sanction.notices.recipient'), dataIndex: 'recipient' },
          {
            title: t('sanction.notices.sentOn'),
            dataIndex: 'sentOn',
            width: 110,
            render: (v: string) => formatDate(v),
          },
          { title: t('sanction.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
      />
    </Card>
  );
}

/** The trail. */
function TrailCard({ sanction }: { sanction: SanctionDetail }) {
  const { t } = useTranslation();
  const events = sanction.events ?? [];
  return (
    <Card size="small" title={t('sanction.trail.title')} style={{ marginBottom: 16 }}>
      {events.length === 0 ? (
        <Empty description={t('sanction.trail.none')} />
      ) : (
        <Table
          rowKey={(e) => `${e.at}-${e.action}-${e.label}`}
          size="small"
          pagination={false}
          dataSource={events}
          data-testid="sanction-trail"
          columns={[
            { title: t('sanction.trail.at'), dataIndex: 'at', width: 150, render: (v: string) => formatInstant(v) },
            { title: t('sanction.trail.actor'), dataIndex: 'actorName', width: 120 },
            { title: t('sanction.trail.step'), dataIndex: 'label', width: 180 },
            { title: t('sanction.note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
          ]}
        />
      )}
    </Card>
  );
}

/** The sanction page. */
export function SanctionDetailPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const { id = '' } = useParams();
  const [sanction, setSanction] = useState<SanctionDetail | null>(null);
  const [state, setState] = useState<'loading' | 'missing' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSanction(await getSanction(id));
      setState('ok');
    } catch (err) {
      if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setState('missing');
      else {
        setError(errorMessage(err));
        setState('error');
      }
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  const back = (
    <Link to="/sanctions" aria-label={t('common.back')}>
      <ArrowLeftOutlined />
    </Link>
  );
  if (state === 'loading') return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (state === 'missing') return <Result status="404" title={t('sanction.notFound')} extra={back} />;
  if (state === 'error' || !sanction)
    return (
      <PageContainer title={t('sanction.detail')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );
  const s = sanction;
  // The server's date (a browser with a wrong clock must not count the period wrong).
  const today = s.today;
  const p = personOf(s);
  const reload = () => void load();
  const mayManage = s.can?.manage ?? can('sanction.manage');
  return (
    <PageContainer
      title={
        <Space wrap>
          {back}
          <span data-testid="sanction-title">
            {p.name} · <OutcomeName sanction={s} />
          </span>
          <SanctionStatusTag status={s.status} />
        </Space>
      }
    >
      {(s.warnings ?? []).map((w) => (
        <Alert
          key={w.code}
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={w.reason ?? SANCTION_WARNING_LABELS[w.code as keyof typeof SANCTION_WARNING_LABELS] ?? w.code}
          data-testid="sanction-warning"
        />
      ))}
      {s.supersededBy ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sanction-superseded"
          message={
            <Space>
              {t('sanction.supersededBy')}
              <Link to={`/sanctions/${s.supersededBy}`}>{t('sanction.openRecord')}</Link>
            </Space>
          }
        />
      ) : null}
      {s.supersedesId ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="sanction-supersedes"
          message={
            <Space>
              {t('sanction.supersedes')}
              <Link to={`/sanctions/${s.supersedesId}`}>{t('sanction.openRecord')}</Link>
            </Space>
          }
        />
      ) : null}
      <SanctionHeader sanction={s} />
      <EffectCard sanction={s} today={today} />
      <Card size="small" title={t('sanction.actions.title')} style={{ marginBottom: 16 }}>
        {mayManage && ['drafted', 'submitted', 'decided'].includes(s.status) ? (
          <SanctionActions sanction={s} reload={reload} />
        ) : (
          <Typography.Text type="secondary" data-testid="sanction-no-actions">
            {t('sanction.actions.none')}
          </Typography.Text>
        )}
      </Card>
      <ProgressCard sanction={s} />
      <ClocksCard clocks={s.clocks ?? []} today={today} />
      <DocumentsCard sanction={s} />
      <NoticesCard sanction={s} />
      <SanctionAppeals sanction={s} reload={reload} mayManage={mayManage} />
      <TrailCard sanction={s} />
    </PageContainer>
  );
}
