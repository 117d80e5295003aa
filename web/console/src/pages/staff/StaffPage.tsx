/** 干部队伍: the staff list with server paging, filters, create/edit and Excel export. */
import { Button, Form, Input } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listStaff, staffExportUrl } from '../../api/people.js';
import type { StaffFilters } from '../../api/people.js';
import type { Staff } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ActiveTag, YesNo } from '../../components/BoolTag.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { formatDate } from '../../lib/time.js';
import { useEditor, useListPage } from '../../lib/useListPage.js';
import { StaffDrawer } from './StaffDrawer.js';

/** The staff page. */
export function StaffPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<StaffFilters>();
  const list = useListPage({ fetchPage: listStaff, exportUrl: staffExportUrl });
  const editor = useEditor<Staff>();
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
        <Button type="link" size="small" onClick={() => editor.edit(row)}>
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
            <Button type="primary" icon={<PlusOutlined />} onClick={editor.create} data-testid="staff-create">
              {t('staff.create')}
            </Button>
          ) : null}
          {session.can('org.export') ? <ExportButton href={list.exportHref} /> : null}
        </>
      }
    >
      <FilterBar<StaffFilters> form={form} onSearch={list.search} onReset={list.reset}>
        <Form.Item name="q" label={t('staff.name')}>
          <Input allowClear placeholder={t('staff.searchPlaceholder')} style={{ width: 180 }} data-testid="filter-q" />
        </Form.Item>
        <Form.Item name="unitId" label={t('staff.unit')}>
          <UnitSelect style={{ width: 240 }} />
        </Form.Item>
      </FilterBar>
      <ListTable list={list} columns={columns} scrollX={1020} testId="staff-table" />
      <StaffDrawer
        open={editor.open}
        staff={editor.record}
        onClose={editor.close}
        onSaved={() => {
          editor.close();
          list.reload();
        }}
      />
    </PageContainer>
  );
}
