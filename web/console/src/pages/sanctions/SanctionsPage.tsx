/**
 * 处分台账 (the sanctions ledger): every outcome the reader may see, with server paging and the
 * filters of issue 14 §6 (system, kind, status, four form, zone, unit, month range, person, and
 * "在影响期内" on a chosen date), "共 N 条", the person's integrity file (廉政档案) one click away,
 * and for holders of sanction.export the Excel list of who is under an effect period on that date.
 */
import { useState } from 'react';
import { Button, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session.js';
import { FilterBar } from '../../components/FilterBar.js';
import { ListTable } from '../../components/ListParts.js';
import { PageContainer } from '../../components/PageContainer.js';
import { UnitSelect, ZoneSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, todayPickerDate } from '../../lib/dates.js';
import { formatDate, todayInShanghai } from '../../lib/time.js';
import { useListPage } from '../../lib/useListPage.js';
import {
  FOUR_FORMS,
  LIGHTER_OUTCOMES,
  PARTY_SANCTIONS,
  STATE_SANCTIONS,
  type SanctionFilters,
  type SanctionLine,
  listSanctions,
  underEffectExportUrl,
} from './sanctionsApi.js';
import { EffectPeriod, FourFormTag, OutcomeName, SanctionStatusTag } from './SanctionTags.js';

/** The systems a record may have, in the filter's order. */
const SYSTEMS = ['party', 'state', 'lighter', 'prosecution'] as const;
/** The states, in the filter's order. */
const STATUSES = ['drafted', 'submitted', 'decided', 'revoked', 'withdrawn'] as const;

interface FilterForm {
  q?: string;
  system?: string;
  kind?: string;
  status?: string;
  fourForm?: number;
  zoneId?: string;
  unitId?: string;
  months?: [Dayjs | null, Dayjs | null] | null;
  underEffect?: Dayjs | null;
}

/** The kinds of the chosen system (all of them, prefixed, when none is chosen). */
function kindOptions(system: string | undefined, t: (k: string) => string) {
  const of = (sys: string, kinds: readonly string[]) =>
    kinds.map((k) => ({ value: `${sys}.${k}`, label: t(`sanction.kinds.${sys}.${k}`) }));
  if (system === 'party') return of('party', PARTY_SANCTIONS);
  if (system === 'state') return of('state', STATE_SANCTIONS);
  if (system === 'lighter') return of('lighter', LIGHTER_OUTCOMES);
  if (system === 'prosecution') return [];
  return [...of('party', PARTY_SANCTIONS), ...of('state', STATE_SANCTIONS), ...of('lighter', LIGHTER_OUTCOMES)];
}

/** The form's values as the ledger's query. */
function toFilters(v: FilterForm): SanctionFilters {
  const [kindSystem, kind] = v.kind ? v.kind.split('.') : [undefined, undefined];
  const from = v.months?.[0] ? v.months[0].startOf('month') : null;
  const to = v.months?.[1] ? v.months[1].endOf('month') : null;
  return {
    personName: v.q?.trim() || undefined,
    system: v.system || kindSystem || undefined,
    kind: kind || undefined,
    status: v.status || undefined,
    fourForm: v.fourForm || undefined,
    zoneId: v.zoneId || undefined,
    ownerUnitId: v.unitId || undefined,
    decidedFrom: fromPickerDate(from) ?? undefined,
    decidedTo: fromPickerDate(to) ?? undefined,
    underEffectOn: fromPickerDate(v.underEffect ?? null) ?? undefined,
  };
}

/** The ledger page. */
export function SanctionsPage() {
  const { t } = useTranslation();
  const { can } = useSession();
  const [form] = Form.useForm<FilterForm>();
  const system = Form.useWatch('system', form);
  const [exportDate, setExportDate] = useState<Dayjs | null>(todayPickerDate());
  const list = useListPage<SanctionLine, SanctionFilters>({ fetchPage: listSanctions });
  const today = todayInShanghai();

  const columns: TableColumnsType<SanctionLine> = [
    {
      title: t('sanction.person'),
      dataIndex: 'personName',
      width: 150,
      fixed: 'left',
      render: (name: string, r) =>
        r.subjectId ? (
          <Link to={`/integrity-files/${r.subjectId}`} data-testid="sanction-integrity-link">
            {name}
          </Link>
        ) : (
          name
        ),
    },
    { title: t('sanction.position'), dataIndex: 'personPosition', width: 160, ellipsis: true },
    {
      title: t('sanction.outcome'),
      dataIndex: 'kind',
      width: 150,
      render: (_: string, r) => (
        <Link to={`/sanctions/${r.id}`} data-testid="sanction-link">
          <OutcomeName sanction={r} />
        </Link>
      ),
    },
    {
      title: t('sanction.fourForm.label'),
      dataIndex: 'fourForm',
      width: 120,
      render: (f: number | null | undefined) => <FourFormTag form={f} />,
    },
    {
      title: t('sanction.status.label'),
      dataIndex: 'status',
      width: 100,
      render: (s: string) => <SanctionStatusTag status={s} />,
    },
    {
      title: t('sanction.decidedOn'),
      dataIndex: 'decidedOn',
      width: 110,
      render: (v: string | null) => formatDate(v) || '—',
    },
    {
      title: t('sanction.effect.label'),
      dataIndex: 'effectEnd',
      width: 250,
      render: (_: string | null, r) => <EffectPeriod sanction={r} today={today} />,
    },
    {
      title: t('sanction.case'),
      dataIndex: 'caseNumber',
      width: 200,
      render: (n: string | null, r) =>
        r.caseId ? <Link to={`/cases/${r.caseId}?tab=sanctions`}>{n ?? '—'}</Link> : (n ?? '—'),
    },
    { title: t('sanction.unit'), dataIndex: 'ownerUnitName', width: 200, ellipsis: true },
    {
      title: t('sanction.zone'),
      dataIndex: 'zoneName',
      width: 140,
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
  ];

  const filters = list.filters;
  const underEffectHref = can('sanction.export')
    ? underEffectExportUrl(fromPickerDate(exportDate) ?? today, filters)
    : undefined;

  return (
    <PageContainer
      title={t('sanction.ledger')}
      extra={
        can('sanction.export') ? (
          <Space data-testid="sanctions-export">
            <DatePicker
              value={exportDate}
              onChange={(d) => setExportDate(d)}
              allowClear={false}
              data-testid="sanctions-export-date"
            />
            <Button
              icon={<DownloadOutlined />}
              href={underEffectHref}
              download
              data-testid="sanctions-export-under-effect"
            >
              {t('sanction.exportUnderEffect')}
            </Button>
          </Space>
        ) : null
      }
    >
      <Typography.Paragraph type="secondary">{t('sanction.hint')}</Typography.Paragraph>
      <FilterBar<FilterForm> form={form} onSearch={(v) => list.setFilters(toFilters(v))} onReset={list.reset}>
        <Form.Item name="q">
          <Input
            allowClear
            placeholder={t('sanction.searchPlaceholder')}
            style={{ width: 160 }}
            data-testid="sanctions-q"
          />
        </Form.Item>
        <Form.Item name="system">
          <Select
            allowClear
            placeholder={t('sanction.system.label')}
            options={SYSTEMS.map((s) => ({ value: s, label: t(`sanction.system.${s}`) }))}
            style={{ width: 140 }}
            onChange={() => form.setFieldValue('kind', undefined)}
            data-testid="sanctions-system"
          />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            allowClear
            placeholder={t('sanction.kind')}
            options={kindOptions(system, t)}
            style={{ width: 150 }}
            popupMatchSelectWidth={false}
            data-testid="sanctions-kind"
          />
        </Form.Item>
        <Form.Item name="status">
          <Select
            allowClear
            placeholder={t('sanction.status.label')}
            options={STATUSES.map((s) => ({ value: s, label: t(`sanction.status.${s}`) }))}
            style={{ width: 120 }}
            data-testid="sanctions-status"
          />
        </Form.Item>
        <Form.Item name="fourForm">
          <Select
            allowClear
            placeholder={t('sanction.fourForm.label')}
            options={FOUR_FORMS.map((f) => ({ value: f, label: t(`sanction.fourForm.${f}`) }))}
            style={{ width: 140 }}
            data-testid="sanctions-four-form"
          />
        </Form.Item>
        <Form.Item name="zoneId">
          <ZoneSelect placeholder={t('sanction.zone')} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="unitId">
          <UnitSelect placeholder={t('sanction.unit')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="months" label={t('sanction.months')}>
          <DatePicker.RangePicker picker="month" style={{ width: 220 }} data-testid="sanctions-months" />
        </Form.Item>
        <Form.Item name="underEffect" label={t('sanction.underEffectOn')}>
          <DatePicker data-testid="sanctions-under-effect" />
        </Form.Item>
      </FilterBar>
      <Typography.Paragraph data-testid="sanctions-total">
        {t('sanction.total', { count: list.total })}
        {filters.underEffectOn ? t('sanction.totalUnderEffect', { date: formatDate(filters.underEffectOn) }) : ''}
      </Typography.Paragraph>
      <ListTable
        list={list}
        columns={columns}
        size="small"
        scrollX={1450}
        locale={{ emptyText: t('sanction.empty') }}
        testId="sanctions-table"
      />
    </PageContainer>
  );
}
