/**
 * View / edit / create drawer of a unit; editing needs `org.manage` (errors UNIT_CYCLE, CONFLICT).
 * A department's drawer shows (and lets managers set) its dispatched group.
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Form, Input, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createUnit, getUnit, updateUnit } from '../../api/org.js';
import type { UnitPatch } from '../../api/org.js';
import { UNIT_KINDS } from '../../api/types.js';
import type { Unit, UnitKind } from '../../api/types.js';
import { ActiveTag } from '../../components/BoolTag.js';
import { RegionSelect, UnitSelect } from '../../components/RemoteSelect.js';
import { DepartmentGroupSection } from './DepartmentGroup.js';

interface Values {
  parentId?: string | null;
  kind: UnitKind;
  name: string;
  shortName?: string;
  regionCode?: string | null;
  active: boolean;
}

/** What the drawer shows: an existing unit, or a new one under an optional parent. */
export type UnitDrawerTarget = { mode: 'view'; unit: Unit } | { mode: 'create'; parent: Unit | null };

/** The unit drawer; `onSaved` runs after a successful save. */
export function UnitDrawer({
  target,
  canManage,
  onClose,
  onSaved,
  onCreateChild,
}: {
  target: UnitDrawerTarget | null;
  canManage: boolean;
  onClose: () => void;
  onSaved: () => void;
  onCreateChild?: (parent: Unit) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const { saving, error, setError, run } = useSaveAction(onSaved);
  const [unit, setUnit] = useState<Unit | null>(null);
  const [parentName, setParentName] = useState<string | null>(null);

  useEffect(() => {
    setError(null);
    setParentName(null);
    if (!target) return;
    if (target.mode === 'view') {
      setUnit(target.unit);
      setEditing(false);
      // Fresh copy (the version may have moved on) and the parent's name for display.
      getUnit(target.unit.id)
        .then(setUnit)
        .catch(() => undefined);
      if (target.unit.parentId) {
        getUnit(target.unit.parentId)
          .then((p) => setParentName(p.name))
          .catch(() => undefined);
      }
    } else {
      setUnit(null);
      setEditing(true);
      form.resetFields();
      form.setFieldsValue({
        parentId: target.parent?.id ?? null,
        kind: 'office',
        active: true,
        regionCode: target.parent?.regionCode ?? null,
      });
      setParentName(target.parent?.name ?? null);
    }
  }, [target, form]);

  const startEdit = () => {
    if (!unit) return;
    form.setFieldsValue({
      parentId: unit.parentId,
      kind: unit.kind,
      name: unit.name,
      shortName: unit.shortName ?? undefined,
      regionCode: unit.regionCode,
      active: unit.active,
    });
    setEditing(true);
  };

  const save = async (values: Values) => {
    await run(async () => {
      if (unit) {
        const patch: UnitPatch = { version: unit.version };
        if (values.name.trim() !== unit.name) patch.name = values.name.trim();
        if ((values.shortName?.trim() || null) !== unit.shortName) patch.shortName = values.shortName?.trim() || null;
        if ((values.parentId ?? null) !== unit.parentId) patch.parentId = values.parentId ?? null;
        if (values.active !== unit.active) patch.active = values.active;
        const updated = await updateUnit(unit.id, patch);
        if (updated && typeof updated === 'object' && 'id' in updated) setUnit(updated);
        setEditing(false);
      } else {
        await createUnit({
          parentId: values.parentId ?? null,
          kind: values.kind,
          name: values.name.trim(),
          ...(values.shortName?.trim() ? { shortName: values.shortName.trim() } : {}),
          // Required by the form when creating; the server rejects an empty code.
          regionCode: values.regionCode ?? '',
        });
        onClose();
      }
    });
  };

  const creating = target?.mode === 'create';
  const title = creating ? t('unit.create') : editing ? t('unit.edit') : (unit?.name ?? '');

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      width={480}
      title={title}
      destroyOnHidden
      extra={
        editing ? (
          <Space>
            <Button onClick={() => (creating ? onClose() : setEditing(false))}>{t('common.cancel')}</Button>
            <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="unit-save">
              {t('common.save')}
            </Button>
          </Space>
        ) : canManage && unit ? (
          <Button type="primary" onClick={startEdit} data-testid="unit-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {editing ? (
        <Form<Values> form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="name" label={t('unit.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} data-testid="unit-name" />
          </Form.Item>
          <Form.Item name="shortName" label={t('unit.shortName')}>
            <Input maxLength={30} />
          </Form.Item>
          <Form.Item name="kind" label={t('unit.kind.label')} rules={[{ required: true }]}>
            <Select
              disabled={!creating}
              options={UNIT_KINDS.map((kind) => ({ value: kind, label: t(`unit.kind.${kind}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="parentId"
            label={t('unit.parent')}
            rules={[{ required: creating || unit?.parentId !== null }]}
          >
            <UnitSelect
              initialOptions={
                unit?.parentId && parentName
                  ? [{ value: unit.parentId, label: parentName }]
                  : target?.mode === 'create' && target.parent
                    ? [{ value: target.parent.id, label: target.parent.name }]
                    : undefined
              }
            />
          </Form.Item>
          <Form.Item name="regionCode" label={t('unit.region')} rules={[{ required: creating }]}>
            <RegionSelect
              disabled={!creating}
              initialOptions={
                unit?.regionCode
                  ? [{ value: unit.regionCode, label: `${unit.regionName ?? ''}（${unit.regionCode}）` }]
                  : target?.mode === 'create' && target.parent?.regionCode
                    ? [
                        {
                          value: target.parent.regionCode,
                          label: `${target.parent.regionName ?? ''}（${target.parent.regionCode}）`,
                        },
                      ]
                    : undefined
              }
            />
          </Form.Item>
          {!creating ? (
            <Form.Item name="active" label={t('unit.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      ) : unit ? (
        <Descriptions column={1} size="small" bordered data-testid="unit-detail">
          <Descriptions.Item label={t('unit.name')}>{unit.name}</Descriptions.Item>
          <Descriptions.Item label={t('unit.shortName')}>{unit.shortName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('unit.kind.label')}>{t(`unit.kind.${unit.kind}`)}</Descriptions.Item>
          <Descriptions.Item label={t('unit.parent')}>{parentName ?? (unit.parentId ? '…' : '—')}</Descriptions.Item>
          <Descriptions.Item label={t('unit.region')}>
            {unit.regionName ?? '—'} {unit.regionCode ? `（${unit.regionCode}）` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('unit.childCount')}>{unit.childCount}</Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <ActiveTag active={unit.active} />
          </Descriptions.Item>
          <Descriptions.Item label={t('common.version')}>{unit.version}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {/* A department (kind other, of a county) may have a dispatched group supervising it. */}
      {!editing && unit && unit.kind === 'other' ? <DepartmentGroupSection unit={unit} canManage={canManage} /> : null}
      {!editing && unit && canManage && onCreateChild ? (
        <Button style={{ marginTop: 16 }} onClick={() => onCreateChild(unit)} data-testid="unit-create-child">
          {t('unit.createChild')}
        </Button>
      ) : null}
    </Drawer>
  );
}
