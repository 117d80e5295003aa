/** Create / edit drawer of a staff member (纪检监察干部). */
import { useEffect } from 'react';
import { DatePicker, Form, Input, Select, Space, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from '../../components/FormDrawer.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createStaff, updateStaff } from '../../api/people.js';
import type { Gender, Staff } from '../../api/types.js';
import { UnitSelect } from '../../components/RemoteSelect.js';
import { fromPickerDate, toPickerDate } from '../../lib/dates.js';

interface Values {
  unitId: string;
  name: string;
  gender?: Gender | null;
  position: string;
  education?: string;
  partyMember: boolean;
  birthDate?: Dayjs | null;
  workStartDate?: Dayjs | null;
  unitStartDate?: Dayjs | null;
  active: boolean;
}

/** Drawer for a new staff member (`staff` null) or an existing one; calls `onSaved` after saving. */
export function StaffDrawer({
  open,
  staff,
  onClose,
  onSaved,
}: {
  open: boolean;
  staff: Staff | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { saving, error, setError, run } = useSaveAction(onSaved);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (staff) {
      form.setFieldsValue({
        unitId: staff.unitId,
        name: staff.name,
        gender: staff.gender,
        position: staff.position ?? '',
        education: staff.education ?? undefined,
        partyMember: staff.partyMember,
        birthDate: toPickerDate(staff.birthDate),
        workStartDate: toPickerDate(staff.workStartDate),
        unitStartDate: toPickerDate(staff.unitStartDate),
        active: staff.active,
      });
    } else {
      form.setFieldsValue({ partyMember: true, active: true });
    }
  }, [open, staff, form]);

  const save = async (values: Values) => {
    const body = {
      unitId: values.unitId,
      name: values.name.trim(),
      gender: values.gender ?? null,
      position: values.position.trim(),
      education: values.education?.trim() || null,
      partyMember: values.partyMember,
      birthDate: fromPickerDate(values.birthDate),
      workStartDate: fromPickerDate(values.workStartDate),
      unitStartDate: fromPickerDate(values.unitStartDate),
    };
    await run(async () => {
      if (staff)
        await updateStaff(staff.id, {
          ...body,
          active: values.active,
          version: staff.version,
        });
      else await createStaff(body);
    });
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      width={480}
      title={staff ? t('staff.edit') : t('staff.create')}
      saving={saving}
      error={error}
      onSave={() => form.submit()}
      saveTestId="staff-save"
    >
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="name" label={t('staff.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="staff-name" />
        </Form.Item>
        <Form.Item name="unitId" label={t('staff.unit')} rules={[{ required: true }]}>
          <UnitSelect
            initialOptions={staff?.unitName ? [{ value: staff.unitId, label: staff.unitName }] : undefined}
            data-testid="staff-unit"
          />
        </Form.Item>
        <Form.Item name="gender" label={t('staff.gender.label')}>
          <Select
            allowClear
            options={[
              { value: 'male', label: t('staff.gender.male') },
              { value: 'female', label: t('staff.gender.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="position" label={t('staff.position')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={60} data-testid="staff-position" />
        </Form.Item>
        <Form.Item name="education" label={t('staff.education')}>
          <Input maxLength={30} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="birthDate" label={t('staff.birthDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="workStartDate" label={t('staff.workStartDate')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="unitStartDate" label={t('staff.unitStartDate')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Space size="large">
          <Form.Item name="partyMember" label={t('staff.partyMember')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {staff ? (
            <Form.Item name="active" label={t('staff.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Space>
      </Form>
    </FormDrawer>
  );
}
