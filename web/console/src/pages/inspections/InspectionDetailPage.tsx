/**
 * 监督检查详情 (`/inspections/:id`, `?tab=plan|checks|findings|documents`): the plan (kind, topic,
 * scope, period, targets, the team with its conflict check, the checklist versions used, the
 * approval) with 提交审批 and 开始检查; the checklist work item by item (phone-sized); the
 * findings and their next steps; the plan and report documents. Out of scope: not found.
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, List, Result, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  type Finding,
  type Inspection,
  getInspection,
  startInspection,
  submitInspection,
} from '../../api/inspections.js';
import { ApiError, errorMessage } from '../../api/request.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { FindingDecisionModal } from './FindingDecisionModal.js';
import { InspectionChecks } from './InspectionChecks.js';
import { InspectionDocuments } from './InspectionDocuments.js';
import { InspectionFindings } from './InspectionFindings.js';
import { InspectionStatusTag } from './InspectionTags.js';

const TABS = ['plan', 'checks', 'findings', 'documents'] as const;

/** The plan tab. */
function PlanTab({
  inspection,
  canManage,
  onChange,
}: {
  inspection: Inspection;
  canManage: boolean;
  onChange: (next: Inspection) => void;
}) {
  const { t } = useTranslation();
  const submit = useSaveAction<Inspection>(onChange, 'inspection.submitted');
  const start = useSaveAction<Inspection>(onChange, 'inspection.started');
  const i = inspection;
  const isLeader = i.reader.teamRole === 'leader';
  const error = submit.error ?? start.error;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="plan">
      <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
        <Descriptions.Item label={t('inspection.kind')}>{t(`inspection.kinds.${i.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('inspection.topic')}>
          {i.topic ? t(`inspection.topics.${i.topic}`) : '—'}
          {i.topicText ? `（${i.topicText}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.period')}>
          {formatDate(i.periodFrom)} — {formatDate(i.periodTo)}
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.organiser')}>{i.organiserUnitName}</Descriptions.Item>
        <Descriptions.Item label={t('inspection.scope')} span={2}>
          {i.scopeText}
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.targets')} span={2}>
          <Space wrap data-testid="plan-targets">
            {i.targets.map((x) => (
              <Tag key={x.id}>{x.label}</Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('inspection.approval')} span={2}>
          {i.approvalId ? (
            <Link to={`/approvals/${i.approvalId}`} data-testid="plan-approval-link">
              {t('inspection.openApproval')}
            </Link>
          ) : (
            '—'
          )}
        </Descriptions.Item>
      </Descriptions>
      <Card size="small" title={t('inspection.team')}>
        <Table
          size="small"
          rowKey="userId"
          pagination={false}
          dataSource={i.team}
          data-testid="plan-team"
          scroll={{ x: 'max-content' }}
          columns={[
            { title: t('inspection.memberName'), dataIndex: 'name' },
            { title: t('inspection.unit'), dataIndex: 'unitName' },
            { title: t('inspection.role'), dataIndex: 'role', render: (r: string) => t(`inspection.roles.${r}`) },
            {
              title: t('inspection.recusal'),
              key: 'recusal',
              render: (_: unknown, m: Inspection['team'][number]) => <RecusalCell check={m.conflictCheck} />,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('checklist.usedBy')}>
        <List
          size="small"
          dataSource={i.checklists}
          data-testid="plan-checklists"
          renderItem={(c) => (
            <List.Item>
              <Link to={`/checklist-templates?id=${c.templateId}`}>{c.title}</Link>
              <Tag>{t('checklist.versionN', { version: c.templateVersion })}</Tag>
              <Typography.Text type="secondary">{t('checklist.itemCount', { count: c.items.length })}</Typography.Text>
            </List.Item>
          )}
        />
      </Card>
      {error ? <Alert type="error" showIcon message={error} data-testid="plan-action-error" /> : null}
      <Space wrap>
        {i.status === 'draft' && canManage ? (
          <Button
            type="primary"
            loading={submit.saving}
            onClick={() => void submit.run(() => submitInspection(i.id, i.version))}
            data-testid="plan-submit"
          >
            {t('inspection.submit')}
          </Button>
        ) : null}
        {i.status === 'approved' && (canManage || isLeader) ? (
          <Button
            type="primary"
            loading={start.saving}
            onClick={() => void start.run(() => startInspection(i.id, i.version))}
            data-testid="plan-start"
          >
            {t('inspection.start')}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}

/** The inspection page. */
export function InspectionDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const [inspection, setInspection] = useState<Inspection | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [deciding, setDeciding] = useState<Finding | null>(null);
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'plan';

  const load = useCallback(() => {
    getInspection(id)
      .then((x) => {
        setInspection(x);
        setError(null);
      })
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) setMissing(true);
        else setError(errorMessage(e));
      });
  }, [id]);
  useEffect(load, [load]);

  if (missing) return <Result status="404" title={t('inspection.notFound')} />;
  if (!inspection) return error ? <Alert type="error" showIcon message={error} /> : <Spin />;
  const i = inspection;
  // The server says the reader's place: holding inspection.manage over another unit (a township
  // officer on a county team) is not the organiser's side, and the server refuses what it allows.
  const canManage = i.reader.organiser;
  const isLeader = i.reader.teamRole === 'leader';
  const canDecide = isLeader || canManage;

  return (
    <PageContainer
      title={
        <Space wrap>
          <span data-testid="inspection-title">{i.title}</span>
          <InspectionStatusTag status={i.status} />
        </Space>
      }
      extra={
        <Link to="/inspections">
          <Button icon={<ArrowLeftOutlined />}>{t('inspection.back')}</Button>
        </Link>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={TABS.map((k) => ({
          key: k,
          label: <span data-testid={`inspection-tab-${k}`}>{t(`inspection.tabs.${k}`)}</span>,
          children:
            k === 'plan' ? (
              <PlanTab inspection={i} canManage={canManage} onChange={setInspection} />
            ) : k === 'checks' ? (
              <InspectionChecks
                inspection={i}
                onChange={setInspection}
                canDecide={canDecide}
                onFindingOpened={setDeciding}
              />
            ) : k === 'findings' ? (
              <InspectionFindings inspection={i} canDecide={canDecide} onDecide={setDeciding} />
            ) : (
              <InspectionDocuments inspection={i} canManage={canManage} onChange={setInspection} />
            ),
        }))}
      />
      <FindingDecisionModal
        inspection={i}
        finding={deciding}
        onClose={() => setDeciding(null)}
        onDecided={(next) => {
          setInspection(next);
          setDeciding(null);
          setParams({ tab: 'findings' }, { replace: true });
        }}
      />
    </PageContainer>
  );
}

/**
 * What the recusal engine recorded for one team member when the plan was made: cleared, warned
 * (with the reasons and the recorded confirmation) or refused, and when it ran; or that no check
 * was kept.
 */
function RecusalCell({ check }: { check: Inspection['team'][number]['conflictCheck'] }) {
  const { t } = useTranslation();
  if (!check) return <Typography.Text type="secondary">{t('inspection.recusalNone')}</Typography.Text>;
  const [color, label] =
    check.outcome === 'clear'
      ? ['green', t('inspection.recusalCleared')]
      : check.outcome === 'refuse'
        ? ['red', t('inspection.recusalRefused')]
        : check.confirmedAt
          ? ['orange', t('inspection.recusalWarned')]
          : ['red', t('inspection.recusalUnconfirmed')];
  return (
    <Space direction="vertical" size={0} data-testid="plan-team-recusal">
      <Space size={4} wrap>
        <Tag color={color} data-testid={`recusal-${check.outcome}`}>
          {label}
        </Tag>
        <Typography.Text type="secondary">
          {t('inspection.recusalCheckedAt', { at: formatInstant(check.checkedAt) })}
        </Typography.Text>
      </Space>
      {check.reasons.map((r) => (
        <Typography.Text key={r} type="secondary">
          {r}
        </Typography.Text>
      ))}
      {check.confirmReason ? (
        <Typography.Text type="secondary">
          {t('inspection.recusalConfirmed', { reason: check.confirmReason })}
        </Typography.Text>
      ) : null}
    </Space>
  );
}
