/**
 * 监督检查 (the inspections list): every inspection the reader may see (in scope or on the team),
 * with server paging and filters by kind, status, organising unit and period (those overlapping
 * it); 新建检查方案 for holders of inspection.manage.
 */
import { Button, DatePicker, Form, Select, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { INSPECTION_KINDS, type InspectionLine, listInspections } from '../../api/inspections.js';
import { useSession } from '../../auth/session.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate } from '../../lib/dates.js';
import { formatDate, formatInstant } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import { InspectionStatusTag } from './InspectionTags.js';

/** The statuses, in the filter's order. */
const STATUSES = ['draft', 'submitted', 'approved', 'in_progress', 'reported', 'closed'] as const;

interface FilterForm {
  kind?: string;
  status?: string;
  unitId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

/** The list's query. */
type Filters = {
  kind?: string;
  status?: string;
  unitId?: string;
  from?: string;
  to?: string;
};

/** The form's values as the list's query. */
function toFilters(v: FilterForm): Filters {
  return {
    kind: v.kind || undefined,
    status: v.status || undefined,
    unitId: v.unitId || undefined,
    from: fromPickerDate(v.period?.[0] ?? null) ?? undefined,
    to: fromPickerDate(v.period?.[1] ?? null) ?? undefined,
  };
}

/** The inspections list. */
export function InspectionsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [form] = Form.useForm<FilterForm>();
  const list = useListPage<InspectionLine, Filters>({
    fetchPage: (q, signal) => listInspections(q as Parameters<typeof listInspections>[0], signal),
  });

  const columns: TableColumnsType<InspectionLine> = [
    {
      title: t('inspection.name'),
      dataIndex: 'title',
      width: 300,
      render: (title: string, r) => (
        <Link to={`/inspections/${r.id}`} data-testid="inspection-link">
          {title}
        </Link>
      ),
    },
    { title: t('inspection.kind'), dataIndex: 'kind', width: 140, render: (k: string) => t(`inspection.kinds.${k}`) },
    {
      title: t('inspection.status'),
      dataIndex: 'status',
      width: 120,
      render: (s: string) => <InspectionStatusTag status={s} />,
    },
    {
      title: t('inspection.period'),
      dataIndex: 'periodFrom',
      width: 210,
      render: (_: string, r) => `${formatDate(r.periodFrom)} — ${formatDate(r.periodTo)}`,
    },
    { title: t('inspection.organiser'), dataIndex: 'organiserUnitName', width: 200, ellipsis: true },
    { title: t('inspection.findings'), dataIndex: 'findings', width: 90 },
    {
      title: t('inspection.createdAt'),
      dataIndex: 'createdAt',
      width: 150,
      render: (v: string) => formatInstant(v),
    },
  ];

  return (
    <PageContainer
      title={t('inspection.title')}
      extra={
        can('inspection.manage') ? (
          <Link to="/inspections/new">
            <Button type="primary" icon={<PlusOutlined />} data-testid="inspection-new">
              {t('inspection.newPlan')}
            </Button>
          </Link>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('inspection.hint')}</Typography.Paragraph>
      <FilterBar<FilterForm> form={form} onSearch={(v) => list.setFilters(toFilters(v))} onReset={list.reset}>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('inspection.kind')}
            options={INSPECTION_KINDS.map((k) => ({ value: k, label: t(`inspection.kinds.${k}`) }))}
            style={{ width: 150 }}
            data-testid="inspections-kind"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('inspection.status')}
            options={STATUSES.map((s) => ({ value: s, label: t(`inspection.statuses.${s}`) }))}
            style={{ width: 140 }}
            data-testid="inspections-status"
          />
        </Form.Item>
        <Form.Item name="unitId">
          <UnitSelect placeholder={t('inspection.organiser')} style={{ width: 200 }} data-testid="inspections-unit" />
        </Form.Item>
        <Form.Item name="period" label={t('inspection.period')}>
          <DatePicker.RangePicker style={{ width: 240 }} data-testid="inspections-period" />
        </Form.Item>
      </FilterBar>
      <Typography.Paragraph data-testid="inspections-total">
        {t('inspection.total', { count: list.total })}
      </Typography.Paragraph>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1200}
        locale={{ emptyText: t('inspection.empty') }}
        testId="inspections-table"
      />
    </PageContainer>
  );
}
