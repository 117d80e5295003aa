/**
 * The case page's small tabs: 审查调查组 (current and former members), 时限 (the clocks, tagged as
 * the clue page tags them), 呈批 (the filing approval and its chain, with a link to its page) and
 * 流程记录 (the signed trail).
 */
import { useEffect, useState } from 'react';
import { Alert, Card, Descriptions, Empty, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type ApprovalDetail, getApproval } from '../../api/approvals.js';
import type { CaseDetail } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import {
  APPROVAL_POST_LABELS,
  APPROVAL_STATUS_LABELS,
  STEP_STATUS_LABELS,
} from '../../../../../src/server/shared/approvals.codes.js';
import type { CaseTabProps } from './caseTabs.js';

type Member = CaseDetail['team'][number];

const APPROVAL_COLORS: Record<ApprovalDetail['status'], string> = {
  pending: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** 审查调查组: who is on the team now, and who left (when, why). */
export function CaseTeamTab({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  const columns: TableColumnsType<Member> = [
    { title: t('case.team.name'), dataIndex: 'name', width: 110 },
    { title: t('case.team.role'), dataIndex: 'role', width: 140, render: (r: Member['role']) => t(`case.role.${r}`) },
    { title: t('case.team.unit'), dataIndex: 'unitName', ellipsis: true },
    { title: t('case.team.addedAt'), dataIndex: 'addedAt', width: 150, render: (v: string) => formatInstant(v) },
    {
      title: t('case.team.exception'),
      dataIndex: 'exceptionNote',
      render: (v: string | null) => v ?? '—',
    },
  ];
  const former: TableColumnsType<Member> = [
    ...columns.slice(0, 4),
    {
      title: t('case.team.removedAt'),
      dataIndex: 'removedAt',
      width: 150,
      render: (v: string | null) => formatInstant(v),
    },
    { title: t('case.team.removalReason'), dataIndex: 'removalReason', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <>
      <Card size="small" title={t('case.team.current')} style={{ marginBottom: 16 }}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={kase.team}
          columns={columns}
          locale={{ emptyText: t('case.team.empty') }}
          data-testid="case-team"
        />
      </Card>
      {kase.formerMembers.length > 0 ? (
        <Card size="small" title={t('case.team.former')}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={kase.formerMembers}
            columns={former}
            data-testid="case-former-members"
          />
        </Card>
      ) : null}
    </>
  );
}

/** 时限: each clock with its state (已完成, 已超期, 到期) as the clue page shows them. */
export function CaseClocksTab({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  if (kase.clocks.length === 0) return <Empty description={t('case.clocks.empty')} />;
  return (
    <Card size="small" data-testid="case-clocks">
      <Space direction="vertical">
        {kase.clocks.map((k) => (
          <div key={k.id} data-testid={`case-clock-${k.kind}`}>
            <Typography.Text>{k.label}</Typography.Text>{' '}
            {k.metAt ? (
              <Tag color="green">{t('case.clocks.met', { at: formatInstant(k.metAt) })}</Tag>
            ) : k.state === 'paused' ? (
              <Tag>{t('case.clocks.paused')}</Tag>
            ) : k.overdue ? (
              <Tag color="red">{t('case.clocks.overdue', { on: formatDate(k.dueOn) })}</Tag>
            ) : (
              <Tag color={k.dueSoon ? 'orange' : 'blue'}>{t('case.clocks.due', { on: formatDate(k.dueOn) })}</Tag>
            )}
            <Typography.Text type="secondary">{formatDate(k.startsOn)} –</Typography.Text>
          </div>
        ))}
      </Space>
    </Card>
  );
}

/** 呈批: the filing approval (number, state, who holds it) and its chain; the approval page does the signing. */
export function CaseApprovalTab({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  const [approval, setApproval] = useState<ApprovalDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = kase.filingApprovalId;
  useEffect(() => {
    if (!id) return;
    getApproval(id).then(
      (a) => {
        setApproval(a);
        setError(null);
      },
      (err: unknown) => setError(errorMessage(err)),
    );
  }, [id, kase.version]);
  if (!id) return <Empty description={t('case.approval.none')} />;
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!approval) return null;
  return (
    <Card size="small" data-testid="case-approval">
      <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('case.approval.number')}>
          <Link to={`/approvals/${approval.id}`} data-testid="case-approval-link">
            {approval.number}
          </Link>{' '}
          <Typography.Text type="secondary">{approval.title}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('case.approval.status')}>
          <Space>
            <Tag color={APPROVAL_COLORS[approval.status]}>{APPROVAL_STATUS_LABELS[approval.status]}</Tag>
            {approval.currentHolderName ? t('case.approval.waitingFor', { name: approval.currentHolderName }) : null}
          </Space>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('case.approval.steps')}</Typography.Title>
      <Timeline
        items={approval.steps.map((s) => ({
          color: s.status === 'approved' ? 'green' : s.status === 'current' ? 'blue' : 'gray',
          children: (
            <div data-testid={`case-approval-step-${s.round}-${s.seq}`}>
              <Space wrap>
                <Typography.Text strong>{APPROVAL_POST_LABELS[s.post]}</Typography.Text>
                <span>{s.holderName ?? '—'}</span>
                <Tag>{STEP_STATUS_LABELS[s.status]}</Tag>
                {s.offline ? <Tag color="purple">{t('case.approval.offline')}</Tag> : null}
              </Space>
              {s.opinion ? <div>{s.opinion}</div> : null}
              {s.decidedAt ? (
                <Typography.Text type="secondary">{s.signedOn ?? formatInstant(s.decidedAt)}</Typography.Text>
              ) : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}

/** 流程记录: the signed trail, oldest first. */
export function CaseTrailTab({ kase }: CaseTabProps) {
  const { t } = useTranslation();
  if (kase.events.length === 0) return <Empty description={t('case.trailEmpty')} />;
  return (
    <Card size="small" data-testid="case-trail">
      <Timeline
        items={kase.events.map((e, i) => ({
          key: `${e.at}-${i}`,
          children: (
            <div data-testid={`case-trail-${e.action}`}>
              <Typography.Text strong>{e.label}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {e.actorName} · {formatInstant(e.at)}
              </Typography.Text>
              {e.note ? <div style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div> : null}
            </div>
          ),
        }))}
      />
    </Card>
  );
}
