/** 呈批审批: the caller's approvals in tabs (待我审批 / 我发起的 / 已审批), server-side paging. */
import { Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type ApprovalSummary, listApprovals } from '../../api/approvals.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import {
  APPROVAL_ACTION_LABELS,
  APPROVAL_STATUS_LABELS,
  type ApprovalBox,
  type ApprovalStatus,
} from '../../../../../src/server/shared/approvals.codes.js';

const BOXES: ApprovalBox[] = ['waiting', 'submitted', 'decided'];
const STATUS_COLORS: Record<ApprovalStatus, string> = {
  pending: 'processing',
  returned: 'warning',
  approved: 'success',
  rejected: 'error',
  withdrawn: 'default',
};

/** A status tag. */
export function ApprovalStatusTag({ status }: { status: ApprovalStatus }) {
  return <Tag color={STATUS_COLORS[status]}>{APPROVAL_STATUS_LABELS[status]}</Tag>;
}

/** The page. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const box = (BOXES as string[]).includes(params.get('box') ?? '') ? (params.get('box') as ApprovalBox) : 'waiting';
  const status = params.get('status') as ApprovalStatus | null;
  const list = useListPage<ApprovalSummary, { box: ApprovalBox; status?: ApprovalStatus }>({
    fetchPage: (q, signal) => listApprovals(q, signal),
    initialFilters: status ? { box, status } : { box },
  });

  const columns: TableColumnsType<ApprovalSummary> = [
    { title: t('approval.number'), dataIndex: 'number', width: 170 },
    {
      title: t('approval.subject'),
      dataIndex: 'title',
      render: (title: string, a) => (
        <Link to={`/approvals/${encodeURIComponent(a.id)}`} data-testid={`approval-link-${a.number}`}>
          {title}
        </Link>
      ),
    },
    {
      title: t('approval.action'),
      dataIndex: 'action',
      width: 180,
      render: (v: ApprovalSummary['action']) => APPROVAL_ACTION_LABELS[v],
    },
    { title: t('approval.drafter'), dataIndex: 'drafterName', width: 120 },
    { title: t('approval.draftingUnit'), dataIndex: 'draftingUnitName', width: 140 },
    {
      title: t('approval.currentHolder'),
      dataIndex: 'currentHolderName',
      width: 120,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: t('approval.status'),
      dataIndex: 'status',
      width: 90,
      render: (v: ApprovalStatus) => <ApprovalStatusTag status={v} />,
    },
    { title: t('approval.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => formatInstant(v) },
  ];

  return (
    <PageContainer title={t('approval.title')}>
      <Tabs
        activeKey={box}
        onChange={(key) => {
          setParams({ box: key });
          list.setFilters({ box: key as ApprovalBox });
        }}
        items={BOXES.map((b) => ({
          key: b,
          label: <span data-testid={`approval-box-${b}`}>{t(`approval.boxes.${b}`)}</span>,
        }))}
      />
      <ListTable list={list} columns={columns} testId="approvals-table" scrollX="max-content" />
    </PageContainer>
  );
}
