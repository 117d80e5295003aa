/**
 * What list pages share around `useListPage`: for the ledgers (信访举报台账, 线索台账) the filter bar's common
 * fields (search box first, the ledger's code-list selects, then unit, zone and receipt date
 * range) and the form-to-filters step of those fields; `ListTable`, the table with its error
 * line, serves every list page.
 */
import { type ReactNode, useMemo } from 'react';
import { Alert, DatePicker, Form, Input, Select, Table } from 'antd';
import type { FormInstance, TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Query } from '../api/request.js';
import { fromPickerDate } from '../lib/dates.js';
import type { ListPage } from '../lib/useListPage.js';
import { FilterBar } from './FilterBar.js';
import { UnitSelect, ZoneSelect } from './RemoteSelect.js';

/** The filter form fields every ledger has. */
export interface LedgerFilterForm {
  q?: string;
  unitId?: string;
  zoneId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The query filters of the common fields, leaving out empty ones (the search text trimmed). */
export function ledgerFilters(v: LedgerFilterForm): {
  q: string | undefined;
  unitId: string | undefined;
  zoneId: string | undefined;
  from: string | undefined;
  to: string | undefined;
} {
  const q = v.q?.trim();
  return {
    q: q || undefined,
    unitId: v.unitId || undefined,
    zoneId: v.zoneId || undefined,
    from: fromPickerDate(v.range?.[0]) ?? undefined,
    to: fromPickerDate(v.range?.[1]) ?? undefined,
  };
}

/** Select options of a code list, labelled by `<prefix>.<code>` (e.g. `clue.status`). */
function codeOptions(codes: readonly string[], prefix: string, t: (key: string) => string) {
  return codes.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

/** One code-list select of a ledger's filter bar: field `name`, labelled `<prefix>.<name>.label`. */
export interface LedgerSelect {
  name: string;
  codes: readonly string[];
  width: number;
  testId?: string;
  /** Lets the menu be wider than the select (long labels). */
  wideMenu?: boolean;
}

/**
 * A ledger's filter bar: the search box, the ledger's code-list selects, unit, zone and date
 * range, then the ledger's switches (`trailing`); 查询 sets the filters `toFilters` makes. Words
 * come from the ledger's i18n group `prefix` (`searchPlaceholder`, `unit`, `zone`, `dateRange`).
 */
export function LedgerFilterBar<V extends LedgerFilterForm, F extends Query>({
  form,
  list,
  toFilters,
  prefix,
  searchTestId,
  searchWidth,
  zoneWidth,
  selects,
  trailing,
}: {
  form: FormInstance<V>;
  list: Pick<ListPage<unknown, F>, 'setFilters' | 'reset'>;
  toFilters: (values: V) => F;
  prefix: 'clue' | 'report';
  searchTestId: string;
  searchWidth: number;
  zoneWidth: number;
  selects: readonly LedgerSelect[];
  trailing: ReactNode;
}) {
  const { t } = useTranslation();
  const options = useMemo(
    () => selects.map((s) => codeOptions(s.codes, `${prefix}.${s.name}`, t)),
    [selects, prefix, t],
  );
  return (
    <FilterBar<V> form={form} onSearch={(values) => list.setFilters(toFilters(values))} onReset={list.reset}>
      <Form.Item name="q">
        <Input
          allowClear
          placeholder={t(`${prefix}.searchPlaceholder`)}
          title={t(`${prefix}.searchPlaceholder`)}
          style={{ width: searchWidth }}
          data-testid={searchTestId}
        />
      </Form.Item>
      {selects.map((s, i) => (
        <Form.Item key={s.name} name={s.name}>
          <Select
            allowClear
            placeholder={t(`${prefix}.${s.name}.label`)}
            options={options[i]}
            style={{ width: s.width }}
            {...(s.wideMenu ? { popupMatchSelectWidth: false } : {})}
            {...(s.testId ? { 'data-testid': s.testId } : {})}
          />
        </Form.Item>
      ))}
      <Form.Item name="unitId">
        <UnitSelect placeholder={t(`${prefix}.unit`)} style={{ width: 180 }} />
      </Form.Item>
      <Form.Item name="zoneId">
        <ZoneSelect placeholder={t(`${prefix}.zone`)} style={{ width: zoneWidth }} />
      </Form.Item>
      <Form.Item name="range" label={t(`${prefix}.dateRange`)}>
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      {trailing}
    </FilterBar>
  );
}

/**
 * A list page's table on the list's rows and server paging, under the list's error if the last
 * fetch failed: every `useListPage` page shows it so. Other Table props (row key, expandable
 * rows) pass through.
 */
export function ListTable<T extends object, F extends Query>({
  list,
  testId,
  scrollX,
  size = 'middle',
  ...rest
}: {
  list: ListPage<T, F>;
  testId: string;
  /** Sideways scrolling: a width, or 'max-content' (narrow screens scroll instead of squeezing columns). */
  scrollX?: number | 'max-content';
  size?: 'small' | 'middle';
} & Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'size' | 'scroll'>) {
  return (
    <>
      {list.error ? <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} /> : null}
      <Table<T>
        rowKey="id"
        size={size}
        dataSource={list.items}
        loading={list.loading}
        pagination={list.pagination}
        {...(scrollX ? { scroll: { x: scrollX } } : {})}
        data-testid={testId}
        {...rest}
      />
    </>
  );
}
