/**
 * The dispatched group (派驻纪检监察组) supervising a department, in the unit drawer of a department
 * (kind `other`): shown to readers, linked or cleared with `org.manage` (DEPARTMENT_GROUP_INVALID).
 */
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { type DepartmentGroup, getDepartmentGroup, listUnits, setDepartmentGroup } from '../../api/org.js';
import type { Unit } from '../../api/types.js';

/** The department's dispatched group, with the picker for managers. */
export function DepartmentGroupSection({ unit, canManage }: { unit: Unit; canManage: boolean }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<DepartmentGroup['group'] | undefined>(undefined);
  const [groups, setGroups] = useState<Unit[]>([]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const onSaved = useCallback((r: DepartmentGroup) => setCurrent(r.group), []);
  const { saving, error, setError, run } = useSaveAction<DepartmentGroup>(onSaved);

  useEffect(() => {
    setCurrent(undefined);
    setChosen(undefined);
    setError(null);
    getDepartmentGroup(unit.id)
      .then((r) => {
        setCurrent(r.group);
        setChosen(r.group?.id);
      })
      .catch(() => setCurrent(null));
    if (canManage)
      listUnits({ kind: 'dispatched_group', page: 1, pageSize: 200 })
        // Active groups of the department's county (the first six digits of a region code).
        .then((p) =>
          setGroups(p.items.filter((g) => g.active && g.regionCode.slice(0, 6) === unit.regionCode.slice(0, 6))),
        )
        .catch(() => setGroups([]));
  }, [unit.id, unit.regionCode, canManage, setError]);

  return (
    <div style={{ marginTop: 16 }} data-testid="unit-dispatched-group">
      <Typography.Title level={5}>{t('unit.dispatchedGroup.label')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('unit.dispatchedGroup.hint')}</Typography.Paragraph>
      <Typography.Paragraph data-testid="unit-dispatched-group-current">
        {current === undefined ? '…' : current ? current.name : t('unit.dispatchedGroup.none')}
        {current && !current.active ? <Tag style={{ marginLeft: 8 }}>{t('unit.dispatchedGroup.inactive')}</Tag> : null}
      </Typography.Paragraph>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 8 }} /> : null}
      {canManage ? (
        <Space wrap>
          <Select
            style={{ minWidth: 260 }}
            placeholder={t('unit.dispatchedGroup.choose')}
            value={chosen}
            onChange={setChosen}
            options={groups.map((g) => ({ value: g.id, label: g.name }))}
            data-testid="unit-dispatched-group-select"
          />
          <Button
            type="primary"
            loading={saving}
            disabled={!chosen || chosen === current?.id}
            onClick={() => void run(() => setDepartmentGroup(unit.id, chosen ?? null))}
            data-testid="unit-dispatched-group-set"
          >
            {t('unit.dispatchedGroup.set')}
          </Button>
          <Button
            disabled={!current || saving}
            onClick={() =>
              void run(async () => {
                const r = await setDepartmentGroup(unit.id, null);
                setChosen(undefined);
                return r;
              })
            }
            data-testid="unit-dispatched-group-clear"
          >
            {t('unit.dispatchedGroup.clear')}
          </Button>
        </Space>
      ) : null}
    </div>
  );
}
