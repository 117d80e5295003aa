/**
 * 案件台账: the case ledger with server paging and its filters (state, mode, zone, search,
 * 我参与的). A line the reader only sees (the subject's own township, need-to-know) shows its
 * number, subjects and state, says 仅可见台账信息 and links nowhere. A total the server counted
 * only up to its cap (`totalCapped`: 10,000; a surname searched by a township or a zone, 200)
 * shows as "共 ≥ N 条" (`useListPage`).
 */
import { useEffect } from 'react';
import { Button, Form, Input, Select, Space, Switch, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { BarChartOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import {
  CASE_STATUSES,
  type CaseFilters,
  type CaseLine,
  type CaseStatus,
  HANDLING_MODES,
  type HandlingMode,
  listCases,
} from '../../api/cases.js';
import { useSession } from '../../auth/session.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { ZoneSelect } from '../../components/RemoteSelect.js';
import { formatDate } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { CaseStatusTag, ModeTag } from './CaseTags.js';

interface FilterForm {
  q?: string;
  status?: CaseStatus;
  mode?: HandlingMode;
  zoneId?: string;
  mine?: boolean;
}

/** Turns the form into query filters, leaving out empty fields. */
function toFilters(v: FilterForm): CaseFilters {
  const q = v.q?.trim();
  return {
    q: q || undefined,
    status: v.status || undefined,
    mode: v.mode || undefined,
    zoneId: v.zoneId || undefined,
    mine: v.mine ? true : undefined,
  };
}

/** The ledger page. */
export function CasesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<FilterForm>();
  // The workbench's cards open the ledger on a state or on my cases.
  const [search] = useSearchParams();
  const initialStatus = CASE_STATUSES.find((s) => s === search.get('status'));
  const initialMine = search.get('mine') === '1';
  const list = useListPage({
    fetchPage: listCases,
    initialFilters: toFilters({ status: initialStatus, mine: initialMine }),
  });
  useEffect(() => {
    form.setFieldsValue({ status: initialStatus, mine: initialMine });
  }, [form, initialStatus, initialMine]);

  const columns: TableColumnsType<CaseLine> = [
    {
      title: t('case.number'),
      dataIndex: 'number',
      width: 210,
      fixed: 'left',
      render: (number: string | null, r) => {
        const text = number ?? t('case.pendingNumber');
        if (r.visibility === 'line')
          return (
            <Space size={4} direction="vertical" data-testid="case-line-only">
              <span>
                <LockOutlined style={{ marginInlineEnd: 4 }} />
                {text}
              </span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('case.lineOnly')}
              </Typography.Text>
            </Space>
          );
        return (
          <Link to={`/cases/${r.id}`} data-testid="case-link">
            {number ?? <Typography.Text type="secondary">{text}</Typography.Text>}
          </Link>
        );
      },
    },
    { title: t('case.subjects'), dataIndex: 'subjectNames', width: 150, ellipsis: true },
    {
      title: t('case.mode.label'),
      dataIndex: 'mode',
      width: 110,
      render: (m: HandlingMode) => <ModeTag mode={m} />,
    },
    { title: t('case.handlingUnit'), dataIndex: 'handlingUnitName', width: 250 },
    { title: t('case.zone'), dataIndex: 'zoneName', width: 170, render: (v: string | null) => v ?? '—' },
    { title: t('case.filedOn'), dataIndex: 'filedOn', width: 110, render: (v: string | null) => formatDate(v) || '—' },
    {
      title: t('case.status.label'),
      dataIndex: 'status',
      width: 130,
      render: (s: CaseStatus) => <CaseStatusTag status={s} />,
    },
  ];

  return (
    <PageContainer
      title={t('case.ledger')}
      extra={
        <>
          {session.can('case.manage') ? (
            <Link to="/cases/new">
              <Button type="primary" icon={<PlusOutlined />} data-testid="case-direct">
                {t('case.directFiling')}
              </Button>
            </Link>
          ) : null}
          <Link to="/case-board">
            <Button icon={<BarChartOutlined />}>{t('case.openBoard')}</Button>
          </Link>
        </>
      }
    >
      <FilterBar<FilterForm> form={form} onSearch={(v) => list.setFilters(toFilters(v))} onReset={list.reset}>
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('case.searchPlaceholder')}
            title={t('case.searchPlaceholder')}
            style={{ width: 260 }}
            data-testid="cases-q"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('case.status.label')}
            options={CASE_STATUSES.map((s) => ({ value: s, label: t(`case.status.${s}`) }))}
            style={{ width: 150 }}
            data-testid="cases-status"
          />
        </Form.Item>
        <Form.Item name="mode">
          <Select
            allowClear
            placeholder={t('case.mode.label')}
            options={HANDLING_MODES.map((m) => ({ value: m, label: t(`case.mode.${m}`) }))}
            style={{ width: 140 }}
            data-testid="cases-mode"
          />
        </Form.Item>
        <Form.Item name="zoneId">
          <ZoneSelect placeholder={t('case.zone')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="mine" label={t('case.mine')} valuePropName="checked">
          <Switch data-testid="cases-mine" />
        </Form.Item>
      </FilterBar>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1150}
        locale={{ emptyText: t('case.empty') }}
        testId="cases-table"
      />
    </PageContainer>
  );
}
