/**
 * A searchable select whose options come from the server (units, regions, staff, zones, users),
 * plus the ready-made pickers built on it.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { CSSProperties } from 'react';
import { Select, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { listRegions, listUnits } from '../api/org.js';
import { listStaff } from '../api/people.js';
import { listUsers } from '../api/users.js';
import { listZones } from '../api/zones.js';
import type { RegionLevel, UnitKind, UserAccount } from '../api/types.js';

/** One option of a remote select. */
export interface RemoteOption {
  value: string;
  label: string;
}

/** Props shared by every remote select. */
export interface RemoteSelectProps<V extends string | string[]> {
  value?: V | null;
  onChange?: (value: V | null) => void;
  /** Labels for values already chosen before any search (e.g. when editing). */
  initialOptions?: RemoteOption[];
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

interface RemoteSelectBaseProps<V extends string | string[]> extends RemoteSelectProps<V> {
  fetchOptions: (q: string, signal: AbortSignal) => Promise<RemoteOption[]>;
  multiple?: boolean;
}

/** A select that searches the server as the user types (debounced). */
export function RemoteSelect<V extends string | string[]>(props: RemoteSelectBaseProps<V>) {
  const { t } = useTranslation();
  const { fetchOptions, initialOptions, multiple, value, onChange, placeholder, allowClear = true } = props;
  const [options, setOptions] = useState<RemoteOption[]>([]);
  const [known, setKnown] = useState<Map<string, string>>(() => new Map());
  const [loading, setLoading] = useState(false);
  const [query, setQuery] = useState<string | null>(null);
  const fetchRef = useRef(fetchOptions);
  fetchRef.current = fetchOptions;

  useEffect(() => {
    if (query === null) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setLoading(true);
      fetchRef
        .current(query, controller.signal)
        .then((found) => {
          setOptions(found);
          setKnown((prev) => {
            const next = new Map(prev);
            for (const option of found) next.set(option.value, option.label);
            return next;
          });
        })
        .catch(() => setOptions([]))
        .finally(() => {
          if (!controller.signal.aborted) setLoading(false);
        });
    }, 250);
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [query]);

  // Chosen values stay labelled even when the current search does not return them.
  const merged = useMemo(() => {
    const byValue = new Map<string, RemoteOption>();
    for (const option of initialOptions ?? []) byValue.set(option.value, option);
    const raw: string | string[] | null | undefined = value;
    const chosen: string[] = raw === null || raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const v of chosen) {
      const label = known.get(v);
      if (label !== undefined && !byValue.has(v)) byValue.set(v, { value: v, label });
    }
    for (const option of options) byValue.set(option.value, option);
    return [...byValue.values()];
  }, [initialOptions, options, known, value]);

  return (
    <Select<V>
      id={props.id}
      data-testid={props['data-testid']}
      showSearch
      mode={multiple ? 'multiple' : undefined}
      value={value ?? undefined}
      onChange={(next) => onChange?.(next ?? null)}
      filterOption={false}
      onSearch={(q) => setQuery(q)}
      onOpenChange={(open) => {
        if (open && query === null) setQuery('');
      }}
      notFoundContent={loading ? <Spin size="small" /> : t('common.noData')}
      options={merged}
      placeholder={placeholder ?? t('common.select')}
      allowClear={allowClear}
      disabled={props.disabled}
      style={{ width: '100%', ...props.style }}
    />
  );
}

/** Picks a unit (optionally of one kind); multiple selection when `multiple` is set. */
export function UnitSelect<V extends string | string[] = string>(
  props: RemoteSelectProps<V> & { kind?: UnitKind; multiple?: boolean },
) {
  const { t } = useTranslation();
  const { kind, ...rest } = props;
  return (
    <RemoteSelect<V>
      placeholder={t('unit.select')}
      {...rest}
      fetchOptions={async (q, signal) => {
        const page = await listUnits({ q, kind, pageSize: 30 }, signal);
        return page.items.map((unit) => ({ value: unit.id, label: unit.name }));
      }}
    />
  );
}

/** Picks a region (optionally of one level), labelled "name (code)". */
export function RegionSelect(props: RemoteSelectProps<string> & { level?: RegionLevel }) {
  const { t } = useTranslation();
  const { level, ...rest } = props;
  return (
    <RemoteSelect<string>
      placeholder={t('region.select')}
      {...rest}
      fetchOptions={async (q, signal) => {
        const page = await listRegions({ q, level, pageSize: 30 }, signal);
        return page.items.map((region) => ({ value: region.code, label: `${region.name}（${region.code}）` }));
      }}
    />
  );
}

/** Picks a staff member by name. */
export function StaffSelect(props: RemoteSelectProps<string>) {
  return (
    <RemoteSelect<string>
      {...props}
      fetchOptions={async (q, signal) => {
        const page = await listStaff({ q, pageSize: 30 }, signal);
        return page.items.map((s) => ({ value: s.id, label: s.unitName ? `${s.name}（${s.unitName}）` : s.name }));
      }}
    />
  );
}

/** Picks a zone; zones are few, so they are filtered in the browser. */
export function ZoneSelect(props: RemoteSelectProps<string>) {
  return (
    <RemoteSelect<string>
      {...props}
      fetchOptions={async (q, signal) => {
        const page = await listZones({ pageSize: 200 }, signal);
        return page.items
          .filter((zone) => !q || zone.name.includes(q))
          .map((zone) => ({ value: zone.id, label: zone.name }));
      }}
    />
  );
}

/** Picks an account by username or name; `onPick` also hands over the whole account. */
export function UserSelect(props: RemoteSelectProps<string> & { onPick?: (user: UserAccount | null) => void }) {
  const { onPick, onChange, ...rest } = props;
  const found = useRef(new Map<string, UserAccount>());
  return (
    <RemoteSelect<string>
      {...rest}
      onChange={(value) => {
        onChange?.(value);
        onPick?.(value ? (found.current.get(value) ?? null) : null);
      }}
      fetchOptions={async (q, signal) => {
        const page = await listUsers({ q, pageSize: 30 }, signal);
        for (const user of page.items) found.current.set(user.id, user);
        return page.items.map((user) => ({ value: user.id, label: `${user.displayName}（${user.username}）` }));
      }}
    />
  );
}
