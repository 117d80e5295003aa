/** Editing modals of a zone: add a member, appoint a zone role, end either, change the central township. */
import { useEffect } from 'react';
import { Alert, DatePicker, Form, Modal, Radio, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { addMembership, addZoneRole, endMembership, endZoneRole, updateZone } from '../../api/zones.js';
import { MEMBER_KINDS, ZONE_ROLES } from '../../api/types.js';
import type { MemberKind, ZoneDetail, ZoneRole } from '../../api/types.js';
import { RegionSelect, StaffSelect, UnitSelect } from '../../components/RemoteSelect.js';
import { pickerDateString, todayPickerDate } from '../../lib/dates.js';
import { useSaveAction } from '../../lib/useSaveAction.js';

interface MembershipValues {
  memberKind: MemberKind;
  townshipCode?: string;
  unitId?: string;
  effectiveFrom: Dayjs;
}

/** Props every zone editing dialog takes. */
interface ZoneModalProps {
  zone: ZoneDetail;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}

/** Adds a township or a dispatched group to the zone from a date (ZONE_MEMBERSHIP_CONFLICT if taken). */
export function AddMembershipModal({ zone, open, onClose, onSaved }: ZoneModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<MembershipValues>();
  const kind = Form.useWatch('memberKind', form);
  const submit = useSaveAction(onSaved);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ memberKind: 'township', effectiveFrom: todayPickerDate() });
      submit.setError(null);
    }
    // submit.setError is stable (a state setter); listing `submit` would rerun on every render.
  }, [open, form]);

  const save = (values: MembershipValues) =>
    submit.run(() =>
      addMembership(zone.id, {
        ...(values.memberKind === 'township' ? { townshipCode: values.townshipCode } : { unitId: values.unitId }),
        effectiveFrom: pickerDateString(values.effectiveFrom),
      }),
    );

  return (
    <Modal
      open={open}
      title={t('zone.addMembership')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      {submit.error ? <Alert type="error" showIcon message={submit.error} style={{ marginBottom: 16 }} /> : null}
      <Form<MembershipValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="memberKind" label={t('zone.memberKind.label')}>
          <Radio.Group options={[...MEMBER_KINDS.map((value) => ({ value, label: t(`zone.memberKind.${value}`) }))]} />
        </Form.Item>
        {kind === 'dispatched_group' ? (
          <Form.Item name="unitId" label={t('zone.dispatchedGroup')} rules={[{ required: true }]}>
            <UnitSelect kind="dispatched_group" />
          </Form.Item>
        ) : (
          <Form.Item name="townshipCode" label={t('zone.township')} rules={[{ required: true }]}>
            <RegionSelect level="township" />
          </Form.Item>
        )}
        <Form.Item name="effectiveFrom" label={t('common.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface RoleValues {
  staffId: string;
  role: ZoneRole;
  effectiveFrom: Dayjs;
}

/** Appoints a staff member to a zone role from a date (ZONE_ROLE_CONFLICT for single-holder roles). */
export function AddRoleModal({ zone, open, onClose, onSaved }: ZoneModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<RoleValues>();
  const submit = useSaveAction(onSaved);

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ role: 'member', effectiveFrom: todayPickerDate() });
      submit.setError(null);
    }
    // submit.setError is stable (a state setter); listing `submit` would rerun on every render.
  }, [open, form]);

  const save = (values: RoleValues) =>
    submit.run(() =>
      addZoneRole(zone.id, {
        staffId: values.staffId,
        role: values.role,
        effectiveFrom: pickerDateString(values.effectiveFrom),
      }),
    );

  return (
    <Modal
      open={open}
      title={t('zone.addRole')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      {submit.error ? <Alert type="error" showIcon message={submit.error} style={{ marginBottom: 16 }} /> : null}
      <Form<RoleValues> form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="role" label={t('zone.role.label')} rules={[{ required: true }]}>
          <Select options={ZONE_ROLES.map((role) => ({ value: role, label: t(`zone.role.${role}`) }))} />
        </Form.Item>
        <Form.Item name="staffId" label={t('zone.staff')} rules={[{ required: true }]}>
          <StaffSelect />
        </Form.Item>
        <Form.Item name="effectiveFrom" label={t('common.effectiveFrom')} rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** What an end modal closes: a membership or a role holding. */
export interface EndTarget {
  kind: 'membership' | 'role';
  id: string;
  label: string;
  effectiveFrom: string;
}

/** Ends a membership or a role holding on a date (INVALID_DATE_RANGE if before its start). */
export function EndModal({
  zone,
  target,
  onClose,
  onSaved,
}: {
  zone: ZoneDetail;
  target: EndTarget | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ effectiveTo: Dayjs }>();
  const submit = useSaveAction(onSaved);

  useEffect(() => {
    if (target) {
      form.setFieldsValue({ effectiveTo: todayPickerDate() });
      submit.setError(null);
    }
    // submit.setError is stable (a state setter); listing `submit` would rerun on every render.
  }, [target, form]);

  const save = ({ effectiveTo }: { effectiveTo: Dayjs }) => {
    if (!target) return;
    const body = { effectiveTo: pickerDateString(effectiveTo) };
    void submit.run(() =>
      target.kind === 'membership' ? endMembership(zone.id, target.id, body) : endZoneRole(zone.id, target.id, body),
    );
  };

  return (
    <Modal
      open={target !== null}
      title={`${target?.kind === 'role' ? t('zone.endRole') : t('zone.endMembership')} · ${target?.label ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      {submit.error ? <Alert type="error" showIcon message={submit.error} style={{ marginBottom: 16 }} /> : null}
      <Form<{ effectiveTo: Dayjs }> form={form} layout="vertical" onFinish={save}>
        <Form.Item
          name="effectiveTo"
          label={t('common.effectiveTo')}
          extra={t('zone.effectiveToHint')}
          rules={[{ required: true }]}
        >
          <DatePicker
            disabledDate={(d) => (target ? !d.isAfter(dayjs(target.effectiveFrom), 'day') : false)}
            data-testid="zone-end-date"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Changes the zone's central township (optimistic locking by version: CONFLICT when stale). */
export function CentralTownshipModal({ zone, open, onClose, onSaved }: ZoneModalProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ centralTownshipCode: string }>();
  const submit = useSaveAction(onSaved);

  useEffect(() => {
    if (open) {
      form.setFieldsValue({ centralTownshipCode: zone.centralTownshipCode ?? undefined });
      submit.setError(null);
    }
    // submit.setError is stable (a state setter); listing `submit` would rerun on every render.
  }, [open, form, zone]);

  return (
    <Modal
      open={open}
      title={t('zone.changeCentral')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={submit.saving}
      destroyOnHidden
    >
      {submit.error ? <Alert type="error" showIcon message={submit.error} style={{ marginBottom: 16 }} /> : null}
      <Form<{ centralTownshipCode: string }>
        form={form}
        layout="vertical"
        onFinish={(values) =>
          void submit.run(() =>
            updateZone(zone.id, { centralTownshipCode: values.centralTownshipCode, version: zone.version }),
          )
        }
      >
        <Form.Item name="centralTownshipCode" label={t('zone.centralTownship')} rules={[{ required: true }]}>
          <RegionSelect
            level="township"
            initialOptions={[
              ...(zone.centralTownshipCode
                ? [
                    {
                      value: zone.centralTownshipCode,
                      label: `${zone.centralTownshipName ?? ''}（${zone.centralTownshipCode}）`,
                    },
                  ]
                : []),
              ...zone.townships
                .filter((township) => township.code !== zone.centralTownshipCode)
                .map((township) => ({ value: township.code, label: `${township.name}（${township.code}）` })),
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
