/**
 * 案件详情: the case's header (number, or 立案呈批中 before the filing is approved; title, state,
 * handling mode with its reason and who decided it, handling unit and zone, the subject's
 * township) over the tabs of `CASE_TABS`. Out of scope: not found; a line-only reader (the
 * subject's own township, a colleague not on the team): the ledger line only.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined, EditOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type CaseDetail, DEFAULT_MODE_REASONS, getCase } from '../../api/cases.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { CASE_TABS } from './caseTabs.js';
import { CaseStatusTag, ModeTag } from './CaseTags.js';

/** The mode's reason in words: the county list's label, and the note. */
export function modeReasonText(kase: Pick<CaseDetail, 'modeReason' | 'modeReasonNote'>): string {
  const label = DEFAULT_MODE_REASONS.find((r) => r.code === kase.modeReason)?.label ?? kase.modeReason;
  return kase.modeReasonNote ? `${label}（${kase.modeReasonNote}）` : label;
}

/** The header's facts: mode (reason, decider), handling unit and zone, the subject's township, dates. */
function CaseHeader({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <Card size="small" style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="case-header">
        <Descriptions.Item label={t('case.subjects')}>{kase.subjectNames}</Descriptions.Item>
        <Descriptions.Item label={t('case.mode.label')} span={2}>
          <Space wrap size={4}>
            <ModeTag mode={kase.mode} />
            <span data-testid="case-mode-reason">{t('case.modeReason', { reason: modeReasonText(kase) })}</span>
            <Typography.Text type="secondary" data-testid="case-mode-decided">
              {kase.modeDecidedByName
                ? t('case.modeDecided', { name: kase.modeDecidedByName, at: formatInstant(kase.modeDecidedAt) })
                : t('case.modeProposed')}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.handlingUnit')}>
          <span data-testid="case-handling-unit">{kase.handlingUnit.name}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.zone')}>{kase.zone?.name ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.subjectUnit')}>{kase.subjectUnitName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.filedOn')}>{formatDate(kase.filedOn) || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('case.createdAt')}>{formatInstant(kase.createdAt)}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The case page. */
export function CaseDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const [kase, setKase] = useState<CaseDetail | null>(null);
  const [state, setState] = useState<'loading' | 'missing' | 'line' | 'error' | 'ok'>('loading');
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setKase(await getCase(id));
      setState('ok');
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NEED_TO_KNOW') setState('line');
      else if (err instanceof ApiError && (err.status === 404 || err.code === 'VALIDATION_FAILED')) setState('missing');
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
    <Link to="/cases" aria-label={t('common.back')}>
      <ArrowLeftOutlined />
    </Link>
  );
  if (state === 'loading') return <Spin style={{ display: 'block', margin: '64px auto' }} />;
  if (state === 'missing') return <Result status="404" title={t('case.notFound')} extra={back} />;
  if (state === 'line')
    return (
      <div data-testid="case-line-only-page">
        <Result status="403" title={t('case.lineOnlyPage')} extra={back} />
      </div>
    );
  if (state === 'error' || !kase)
    return (
      <PageContainer title={t('case.detail')}>
        <Alert type="error" showIcon message={error} />
      </PageContainer>
    );

  const tabs = CASE_TABS.filter((tab) => !tab.visible || tab.visible(kase));
  const requested = search.get('tab');
  const active = tabs.some((tab) => tab.key === requested) ? requested! : tabs[0]!.key;
  return (
    <PageContainer
      title={
        <Space wrap>
          {back}
          <span data-testid="case-number">{kase.number ?? t('case.pendingNumber')}</span>
          <CaseStatusTag status={kase.status} />
        </Space>
      }
      extra={
        kase.status === 'filing_returned' && kase.can.manage ? (
          <Link to={`/cases/${kase.id}/filing`}>
            <Button type="primary" icon={<EditOutlined />} data-testid="case-revise">
              {t('case.revise')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="case-title">
        {kase.title}
      </Typography.Title>
      <CaseHeader kase={kase} />
      <Tabs
        activeKey={active}
        onChange={(key) => setSearch({ tab: key }, { replace: true })}
        items={tabs.map(({ key, label, Component }) => ({
          key,
          label: <span data-testid={`case-tab-${key}`}>{t(label)}</span>,
          children: <Component kase={kase} reload={() => void load()} />,
        }))}
      />
    </PageContainer>
  );
}
