/**
 * 小微权力清单: the county's list of small powers as configuration — items by area with their
 * steps (who acts, the publication that follows and its shortest period in calendar days, the
 * documents needed). The county (micro_power.configure over the county commission) adds, revises
 * (a new version; uses keep theirs) and retires items, and loads the default skeleton into a county
 * without a list; everyone else reads. 导出Excel downloads exactly the filtered list.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import {
  MICRO_POWER_AREAS,
  type MicroPowerArea,
  type MicroPowerItem,
  type MicroPowerItemDetail,
  createMicroPowerItem,
  getMicroPowerItem,
  listMicroPowerItems,
  loadMicroPowerSkeleton,
  microPowerItemsExportUrl,
  retireMicroPowerItem,
  reviseMicroPowerItem,
} from '../../api/micro-powers.js';
import { type Query, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FormDrawer } from '../../components/FormDrawer.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { cleanFilters, useListPage } from '../../lib/useListPage.js';
import { formatInstant } from '../../lib/time.js';

/** The list's filters. */
interface ItemFilters extends Query {
  area?: MicroPowerArea;
  q?: string;
  includeRetired?: boolean;
}

interface StepForm {
  name: string;
  actor: string;
  publishes: boolean;
  publicationDays?: number | null;
  documents?: string[];
}
interface ItemForm {
  area: MicroPowerArea;
  code: string;
  name: string;
  basis?: string;
  changeNote?: string;
  steps: StepForm[];
}

/** One step in words: name (actor), publication, documents. */
export function StepText({ step }: { step: MicroPowerItem['steps'][number] }) {
  const { t } = useTranslation();
  return (
    <span>
      {step.seq}. {step.name}（{step.actor}）
      {step.publishes
        ? step.publicationDays === null
          ? `，${t('microPowers.publishes')}`
          : `，${t('microPowers.publishesDays', { days: step.publicationDays })}`
        : ''}
      {step.documents.length ? `；${t('microPowers.documents')}：${step.documents.join('、')}` : ''}
    </span>
  );
}

/** The county's list page. */
export function MicroPowerItemsPage() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const session = useSession();
  const canConfigure = session.can('micro_power.configure');
  const list = useListPage<MicroPowerItem, ItemFilters>({
    fetchPage: listMicroPowerItems,
    exportUrl: microPowerItemsExportUrl,
    pageSize: 50,
  });
  const { filters, setFilters, reload: load } = list;
  const [detail, setDetail] = useState<MicroPowerItemDetail | null>(null);
  const [editing, setEditing] = useState<'new' | MicroPowerItemDetail | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [form] = Form.useForm<ItemForm>();

  const open = (id: string) => {
    getMicroPowerItem(id)
      .then(setDetail)
      .catch((err: unknown) => message.error(errorMessage(err)));
  };

  const startEdit = (item: MicroPowerItemDetail | 'new') => {
    setSaveError(null);
    setEditing(item);
    form.setFieldsValue(
      item === 'new'
        ? { steps: [{ name: '', actor: '', publishes: false, documents: [] }] }
        : {
            area: item.area,
            code: item.code,
            name: item.name,
            basis: item.basis ?? undefined,
            steps: item.steps.map((s) => ({ ...s })),
          },
    );
  };

  const save = async (v: ItemForm) => {
    setSaving(true);
    setSaveError(null);
    const steps = v.steps.map((s) => ({
      name: s.name,
      actor: s.actor,
      publishes: !!s.publishes,
      publicationDays: s.publishes ? (s.publicationDays ?? null) : null,
      documents: s.documents ?? [],
    }));
    try {
      if (editing === 'new') {
        await createMicroPowerItem({ area: v.area, code: v.code, name: v.name, basis: v.basis ?? null, steps });
      } else if (editing) {
        const made = await reviseMicroPowerItem(editing.id, {
          area: v.area,
          code: v.code,
          name: v.name,
          basis: v.basis ?? null,
          steps,
          version: editing.version,
          changeNote: v.changeNote ?? '',
        });
        open(made.id);
      }
      message.success(t('common.saved'));
      setEditing(null);
      load();
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const skeleton = () => {
    loadMicroPowerSkeleton()
      .then((r) => {
        message.success(t('microPowers.skeletonLoaded', { count: r.loaded }));
        load();
      })
      .catch((err: unknown) => message.error(errorMessage(err)));
  };

  const retire = (item: MicroPowerItemDetail) => {
    let reason = '';
    modal.confirm({
      title: t('microPowers.retire'),
      content: (
        <Input.TextArea
          rows={2}
          placeholder={t('microPowers.retireReason')}
          data-testid="mp-retire-reason"
          onChange={(e) => {
            reason = e.target.value;
          }}
        />
      ),
      onOk: async () => {
        try {
          setDetail(await retireMicroPowerItem(item.id, { version: item.version, reason }));
          load();
        } catch (err) {
          message.error(errorMessage(err));
        }
      },
    });
  };

  return (
    <PageContainer
      title={t('microPowers.listTitle')}
      extra={
        <>
          {canConfigure && list.total === 0 && !list.loading && !filters.area && !filters.q ? (
            <Button onClick={skeleton} data-testid="mp-skeleton">
              {t('microPowers.loadSkeleton')}
            </Button>
          ) : null}
          {canConfigure ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => startEdit('new')} data-testid="mp-new-item">
              {t('microPowers.newItem')}
            </Button>
          ) : null}
          <ExportButton href={list.exportHref} testId="mp-items-export" />
        </>
      }
    >
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('microPowers.skeletonNote')} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 160 }}
          placeholder={t('microPowers.area')}
          value={filters.area}
          onChange={(area?: MicroPowerArea) => setFilters(cleanFilters({ ...filters, area }))}
          options={MICRO_POWER_AREAS.map((a) => ({ value: a, label: t(`microPowers.areas.${a}`) }))}
          data-testid="mp-filter-area"
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('microPowers.search')}
          onSearch={(q) => setFilters(cleanFilters({ ...filters, q }))}
        />
        <Space>
          <Switch
            checked={!!filters.includeRetired}
            onChange={(v) => setFilters(cleanFilters({ ...filters, includeRetired: v || undefined }))}
          />
          {t('microPowers.includeRetired')}
        </Space>
      </Space>
      <ListTable
        list={list}
        testId="mp-items"
        columns={[
          {
            title: t('microPowers.area'),
            dataIndex: 'area',
            width: 130,
            render: (a: MicroPowerArea) => t(`microPowers.areas.${a}`),
          },
          { title: t('microPowers.code'), dataIndex: 'code', width: 80 },
          {
            title: t('microPowers.name'),
            dataIndex: 'name',
            render: (name: string, r) => (
              <a onClick={() => open(r.id)} data-testid={`mp-item-${r.code}`}>
                {name}
              </a>
            ),
          },
          { title: t('microPowers.steps'), width: 80, render: (_, r) => r.steps.length },
          { title: t('microPowers.version'), dataIndex: 'version', width: 70 },
          {
            title: t('microPowers.origin'),
            dataIndex: 'origin',
            width: 110,
            render: (o: string, r) => (
              <Space size={4}>
                <Tag>{t(`microPowers.origins.${o}`)}</Tag>
                {r.retired ? <Tag color="default">{t('microPowers.retired')}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      <Drawer
        open={!!detail}
        onClose={() => setDetail(null)}
        width={640}
        title={detail ? `${detail.code} ${detail.name}` : ''}
        extra={
          detail?.canConfigure && detail.current && !detail.retired ? (
            <Space>
              <Button onClick={() => retire(detail)} data-testid="mp-retire">
                {t('microPowers.retire')}
              </Button>
              <Button type="primary" onClick={() => startEdit(detail)} data-testid="mp-revise">
                {t('microPowers.revise')}
              </Button>
            </Space>
          ) : null
        }
      >
        {detail ? (
          <div data-testid="mp-item-detail">
            <Descriptions column={1} size="small" bordered styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('microPowers.area')}>
                {t(`microPowers.areas.${detail.area}`)}
              </Descriptions.Item>
              <Descriptions.Item label={t('microPowers.version')}>
                {detail.version}
                {detail.current ? '' : `（${t('microPowers.notCurrent')}）`}
              </Descriptions.Item>
              <Descriptions.Item label={t('microPowers.basis')}>{detail.basis ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('microPowers.steps')}
            </Typography.Title>
            <ol style={{ paddingLeft: 0, listStyle: 'none' }}>
              {detail.steps.map((s) => (
                <li key={s.seq} style={{ marginBottom: 6 }}>
                  <StepText step={s} />
                </li>
              ))}
            </ol>
            <Typography.Title level={5}>{t('microPowers.history')}</Typography.Title>
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={detail.history}
              columns={[
                { title: t('microPowers.version'), dataIndex: 'version', width: 70 },
                { title: t('microPowers.changedAt'), dataIndex: 'createdAt', render: (v: string) => formatInstant(v) },
                { title: t('microPowers.changeNote'), dataIndex: 'changeNote', render: (v: string | null) => v ?? '—' },
              ]}
            />
          </div>
        ) : null}
      </Drawer>
      <FormDrawer
        open={!!editing}
        onClose={() => setEditing(null)}
        width={720}
        title={editing === 'new' ? t('microPowers.newItem') : t('microPowers.revise')}
        saving={saving}
        error={saveError}
        onSave={() => form.submit()}
        saveTestId="mp-item-save"
      >
        <Form<ItemForm> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Space wrap>
            <Form.Item name="area" label={t('microPowers.area')} rules={[{ required: true }]}>
              <Select
                style={{ width: 160 }}
                options={MICRO_POWER_AREAS.map((a) => ({ value: a, label: t(`microPowers.areas.${a}`) }))}
                data-testid="mp-f-area"
              />
            </Form.Item>
            <Form.Item name="code" label={t('microPowers.code')} rules={[{ required: true, max: 20 }]}>
              <Input style={{ width: 100 }} data-testid="mp-f-code" />
            </Form.Item>
          </Space>
          <Form.Item name="name" label={t('microPowers.name')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="mp-f-name" />
          </Form.Item>
          <Form.Item name="basis" label={t('microPowers.basis')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="changeNote" label={t('microPowers.changeNote')} rules={[{ required: true, max: 500 }]}>
              <Input data-testid="mp-f-change-note" />
            </Form.Item>
          ) : null}
          <Typography.Text type="secondary">{t('microPowers.daysNote')}</Typography.Text>
          <Form.List name="steps">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Space
                    key={field.key}
                    align="start"
                    wrap
                    style={{ display: 'flex', marginTop: 8 }}
                    data-testid={`mp-f-step-${i}`}
                  >
                    <Typography.Text strong style={{ lineHeight: '32px' }}>
                      {i + 1}.
                    </Typography.Text>
                    <Form.Item name={[field.name, 'name']} rules={[{ required: true, max: 100 }]} noStyle>
                      <Input placeholder={t('microPowers.stepName')} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'actor']} rules={[{ required: true, max: 100 }]} noStyle>
                      <Input placeholder={t('microPowers.actor')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'publishes']} valuePropName="checked" noStyle>
                      <Switch
                        checkedChildren={t('microPowers.publishShort')}
                        unCheckedChildren={t('microPowers.noPublish')}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'publicationDays']} noStyle>
                      <InputNumber min={1} max={365} placeholder={t('microPowers.days')} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'documents']} noStyle>
                      <Select mode="tags" placeholder={t('microPowers.documents')} style={{ width: 220 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(field.name)} style={{ lineHeight: '32px' }} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  style={{ marginTop: 8 }}
                  icon={<PlusOutlined />}
                  onClick={() => add({ name: '', actor: '', publishes: false, documents: [] })}
                  data-testid="mp-f-add-step"
                >
                  {t('microPowers.addStep')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </FormDrawer>
    </PageContainer>
  );
}
