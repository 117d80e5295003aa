/** 干部队伍: the staff list with server paging, filters, create/edit and Excel export. */
import { useState } from 'react';
import { Alert, Button, Form, Input, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Staff } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ActiveTag, YesNo } from '../../components/BoolTag.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDate } from '../../lib/time.js';
import { StaffDrawer } from './StaffDrawer.js';

interface Filters {
  [key: string]: string | undefined;
  q?: string;
  unitId?: string;
}

/** The staff page. */
export function StaffPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<Filters>();
  const list = usePagedList<Staff, Filters>('/api/staff', {});
  const [editing, setEditing] = useState<Staff | null>(null);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const canManage = session.can('staff.manage');

  const columns: TableColumnsType<Staff> = [
    { title: t('staff.name'), dataIndex: 'name', width: 90, fixed: 'left' },
    {
      title: t('staff.gender.label'),
      dataIndex: 'gender',
      width: 70,
      render: (g: Staff['gender']) => (g ? t(`staff.gender.${g}`) : '—'),
    },
    { title: t('staff.unit'), dataIndex: 'unitName', width: 190, ellipsis: true },
    { title: t('staff.position'), dataIndex: 'position', width: 160, ellipsis: true },
    { title: t('staff.education'), dataIndex: 'education', width: 90 },
    {
      title: t('staff.partyMember'),
      dataIndex: 'partyMember',
      width: 76,
      render: (v: boolean) => <YesNo value={v} />,
    },
    { title: t('staff.birthDate'), dataIndex: 'birthDate', width: 100, render: formatDate },
    { title: t('staff.workStartDate'), dataIndex: 'workStartDate', width: 110, render: formatDate },
    { title: t('staff.active'), dataIndex: 'active', width: 70, render: (v: boolean) => <ActiveTag active={v} /> },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 64,
      fixed: 'right',
      render: (_, row) => (
        <Button
          type="link"
          size="small"
          onClick={() => {
            setEditing(row);
            setDrawerOpen(true);
          }}
        >
          {t('common.edit')}
        </Button>
      ),
    });
  }

  return (
    <PageContainer
      title={t('staff.title')}
      extra={
        <>
          {canManage ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setEditing(null);
                setDrawerOpen(true);
              }}
              data-testid="staff-create"
            >
              {t('staff.create')}
            </Button>
          ) : null}
          {session.can('org.export') ? <ExportButton path="/api/staff/export.xlsx" filters={list.filters} /> : null}
        </>
      }
    >
      <FilterBar<Filters>
        form={form}
        onSearch={(values) => list.setFilters({ q: values.q?.trim() || undefined, unitId: values.unitId ?? undefined })}
        onReset={() => list.setFilters({})}
      >
        <Form.Item name="q" label={t('staff.name')}>
          <Input allowClear placeholder={t('staff.searchPlaceholder')} style={{ width: 180 }} data-testid="filter-q" />
        </Form.Item>
        <Form.Item name="unitId" label={t('staff.unit')}>
          <UnitSelect style={{ width: 240 }} />
        </Form.Item>
      </FilterBar>
      {list.error ? <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} /> : null}
      <Table<Staff>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        scroll={{ x: 1020 }}
        data-testid="staff-table"
      />
      <StaffDrawer
        open={drawerOpen}
        staff={editing}
        onClose={() => setDrawerOpen(false)}
        onSaved={() => {
          setDrawerOpen(false);
          list.reload();
        }}
      />
    </PageContainer>
  );
}
