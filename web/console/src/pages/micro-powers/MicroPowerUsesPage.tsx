/**
 * 小微权力运行: the uses of powers at the villages in reach, newest first, with the status and
 * "with findings" filters; a village clerk (micro_power.record) records a new use against the
 * current version of an item. 导出Excel downloads exactly the filtered uses.
 */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, InputNumber, Select, Space, Switch, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Dayjs } from 'dayjs';
import {
  type MicroPowerItem,
  type MicroPowerUseLine,
  type MicroPowerUseStatus,
  MICRO_POWER_USE_STATUSES,
  createMicroPowerUse,
  listMicroPowerItems,
  listMicroPowerUses,
  listRecordingVillages,
  microPowerUsesExportUrl,
} from '../../api/micro-powers.js';
import { type Query, errorMessage } from '../../api/request.js';
import { useSession } from '../../auth/session.js';
import { ExportButton } from '../../components/ExportButton.js';
import { FormDrawer } from '../../components/FormDrawer.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { cleanFilters, useListPage } from '../../lib/useListPage.js';

/** The list's filters. */
interface UseFilters extends Query {
  status?: MicroPowerUseStatus;
  withFindings?: boolean;
  q?: string;
}

interface UseForm {
  itemId: string;
  villageCode: string;
  title: string;
  amountYuan?: number | null;
  startedOn: Dayjs;
}

/** Yuan with two decimals from fen. */
export function yuan(fen: number | null): string {
  return fen === null
    ? '—'
    : (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** The uses page. */
export function MicroPowerUsesPage() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const canRecord = session.can('micro_power.record');
  const list = useListPage<MicroPowerUseLine, UseFilters>({
    fetchPage: listMicroPowerUses,
    exportUrl: microPowerUsesExportUrl,
    pageSize: 50,
    initialFilters: cleanFilters<UseFilters>({
      status: (params.get('status') as MicroPowerUseStatus | null) ?? undefined,
      withFindings: params.get('withFindings') === 'true' || undefined,
    }),
  });
  const { filters, setFilters } = list;
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<MicroPowerItem[]>([]);
  const [villages, setVillages] = useState<{ code: string; name: string }[]>([]);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [form] = Form.useForm<UseForm>();

  const startNew = () => {
    setSaveError(null);
    setOpen(true);
    form.resetFields();
    listRecordingVillages()
      .then(({ items: vs }) => {
        setVillages(vs);
        const [only] = vs;
        if (vs.length === 1 && only) form.setFieldsValue({ villageCode: only.code });
      })
      .catch(() => setVillages([]));
    listMicroPowerItems({ page: 1, pageSize: 200 })
      .then((p) => setItems(p.items))
      .catch(() => setItems([]));
  };

  const save = async (v: UseForm) => {
    setSaving(true);
    setSaveError(null);
    try {
      const made = await createMicroPowerUse({
        itemId: v.itemId,
        villageCode: v.villageCode.trim(),
        title: v.title,
        amountFen: v.amountYuan === undefined || v.amountYuan === null ? null : Math.round(v.amountYuan * 100),
        startedOn: v.startedOn.format('YYYY-MM-DD'),
      });
      setOpen(false);
      void navigate(`/micro-powers/uses/${made.id}`);
    } catch (err) {
      setSaveError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <PageContainer
      title={t('microPowers.usesTitle')}
      extra={
        <>
          {canRecord ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={startNew} data-testid="mp-new-use">
              {t('microPowers.newUse')}
            </Button>
          ) : null}
          <ExportButton href={list.exportHref} testId="mp-uses-export" />
        </>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          style={{ width: 140 }}
          placeholder={t('microPowers.status')}
          value={filters.status}
          onChange={(status?: MicroPowerUseStatus) => setFilters(cleanFilters({ ...filters, status }))}
          options={MICRO_POWER_USE_STATUSES.map((s) => ({ value: s, label: t(`microPowers.statuses.${s}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 220 }}
          placeholder={t('microPowers.searchUses')}
          onSearch={(q) => setFilters(cleanFilters({ ...filters, q }))}
        />
        <Space>
          <Switch
            checked={!!filters.withFindings}
            onChange={(v) => setFilters(cleanFilters({ ...filters, withFindings: v || undefined }))}
            data-testid="mp-filter-findings"
          />
          {t('microPowers.withFindings')}
        </Space>
      </Space>
      <ListTable
        list={list}
        testId="mp-uses"
        columns={[
          { title: t('microPowers.village'), dataIndex: 'villageName', width: 120 },
          {
            title: t('microPowers.useTitle'),
            dataIndex: 'title',
            render: (title: string, r) => <Link to={`/micro-powers/uses/${r.id}`}>{title}</Link>,
          },
          {
            title: t('microPowers.item'),
            render: (_, r) => `${r.itemCode} ${r.itemName}（${t('microPowers.versionN', { n: r.itemVersion })}）`,
          },
          { title: t('microPowers.amount'), dataIndex: 'amountFen', width: 120, align: 'right', render: yuan },
          { title: t('microPowers.startedOn'), dataIndex: 'startedOn', width: 110 },
          { title: t('microPowers.progress'), width: 90, render: (_, r) => `${r.stepsRecorded}/${r.stepsTotal}` },
          {
            title: t('microPowers.status'),
            width: 130,
            render: (_, r) => (
              <Space size={4}>
                <Tag color={r.status === 'open' ? 'processing' : 'default'}>
                  {t(`microPowers.statuses.${r.status}`)}
                </Tag>
                {r.findings > 0 ? <Tag color="error">{t('microPowers.findingsN', { n: r.findings })}</Tag> : null}
              </Space>
            ),
          },
        ]}
      />
      <FormDrawer
        open={open}
        onClose={() => setOpen(false)}
        width={560}
        title={t('microPowers.newUse')}
        saving={saving}
        error={saveError}
        onSave={() => form.submit()}
        saveTestId="mp-use-save"
      >
        <Form<UseForm> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="itemId" label={t('microPowers.item')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="mp-f-item"
              options={items.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))}
            />
          </Form.Item>
          <Form.Item name="villageCode" label={t('microPowers.village')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              data-testid="mp-f-village"
              options={villages.map((v) => ({ value: v.code, label: v.name }))}
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('microPowers.useTitle')}
            extra={t('microPowers.titlePublic')}
            rules={[{ required: true, min: 2, max: 100 }]}
          >
            <Input data-testid="mp-f-title" />
          </Form.Item>
          <Form.Item name="amountYuan" label={t('microPowers.amountYuan')}>
            <InputNumber min={0} precision={2} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="startedOn" label={t('microPowers.startedOn')} rules={[{ required: true }]}>
            <DatePicker data-testid="mp-f-started" />
          </Form.Item>
        </Form>
      </FormDrawer>
    </PageContainer>
  );
}
