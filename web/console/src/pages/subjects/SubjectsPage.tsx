/** 监督对象: people under supervision, with server paging, filters (incl. cadre authority), editing and export. */
import { Button, Form, Input, Select, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listSubjects, subjectsExportUrl } from '../../api/people.js';
import type { SubjectFilters } from '../../api/people.js';
import { CADRE_AUTHORITIES } from '../../api/types.js';
import type { CadreAuthority, Subject } from '../../api/types.js';
import { useSession } from '../../auth/session.js';
import { ActiveTag, YesNo } from '../../components/BoolTag.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { RegionSelect } from '../../components/RemoteSelect.js';
import { useEditor, useListPage } from '../../lib/useListPage.js';
import { SubjectDrawer } from './SubjectDrawer.js';

const AUTHORITY_COLOURS: Record<CadreAuthority, string> = {
  county_managed: 'red',
  township_managed: 'orange',
  village_cadre: 'blue',
  other: 'default',
};

/** The subjects page. */
export function SubjectsPage() {
  const { t } = useTranslation();
  const session = useSession();
  const [form] = Form.useForm<SubjectFilters>();
  const list = useListPage({ fetchPage: listSubjects, exportUrl: subjectsExportUrl });
  const editor = useEditor<Subject>();
  const canManage = session.can('subject.manage');

  const columns: TableColumnsType<Subject> = [
    { title: t('subject.name'), dataIndex: 'name', width: 100, fixed: 'left' },
    {
      title: t('staff.gender.label'),
      dataIndex: 'gender',
      width: 72,
      render: (g: Subject['gender']) => (g ? t(`staff.gender.${g}`) : '—'),
    },
    { title: t('subject.employer'), dataIndex: 'employer', width: 180, ellipsis: true },
    { title: t('subject.position'), dataIndex: 'position', width: 140, ellipsis: true },
    { title: t('subject.region'), dataIndex: 'regionName', width: 120, ellipsis: true },
    {
      title: t('subject.cadreAuthority.label'),
      dataIndex: 'cadreAuthority',
      width: 130,
      render: (v: CadreAuthority) => <Tag color={AUTHORITY_COLOURS[v]}>{t(`subject.cadreAuthority.${v}`)}</Tag>,
    },
    {
      title: t('subject.partyMember'),
      dataIndex: 'partyMember',
      width: 90,
      render: (v: boolean) => <YesNo value={v} />,
    },
    { title: t('subject.active'), dataIndex: 'active', width: 80, render: (v: boolean) => <ActiveTag active={v} /> },
  ];
  if (canManage) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 70,
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
      title={t('subject.title')}
      extra={
        <>
          {canManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={editor.create} data-testid="subject-create">
              {t('subject.create')}
            </Button>
          ) : null}
          {session.can('org.export') ? <ExportButton href={list.exportHref} /> : null}
        </>
      }
    >
      <FilterBar<SubjectFilters> form={form} onSearch={list.search} onReset={list.reset}>
        <Form.Item name="q" label={t('common.keyword')}>
          <Input
            allowClear
            placeholder={t('subject.searchPlaceholder')}
            style={{ width: 180 }}
            data-testid="filter-q"
          />
        </Form.Item>
        <Form.Item name="cadreAuthority" label={t('subject.cadreAuthority.label')}>
          <Select
            allowClear
            placeholder={t('common.all')}
            style={{ width: 130 }}
            options={CADRE_AUTHORITIES.map((value) => ({ value, label: t(`subject.cadreAuthority.${value}`) }))}
            data-testid="filter-cadre-authority"
          />
        </Form.Item>
        <Form.Item name="regionCode" label={t('subject.region')}>
          <RegionSelect style={{ width: 220 }} />
        </Form.Item>
      </FilterBar>
      <ListTable list={list} columns={columns} scrollX={980} testId="subjects-table" />
      <SubjectDrawer
        open={editor.open}
        subject={editor.record}
        onClose={editor.close}
        onSaved={() => {
          editor.close();
          list.reload();
        }}
      />
    </PageContainer>
  );
}
