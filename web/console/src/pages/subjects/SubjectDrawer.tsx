/** Create / edit drawer of a person under supervision (监督对象). */
import { useEffect } from 'react';
import { Form, Input, Select, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { FormDrawer } from '../../components/FormDrawer.js';
import { useSaveAction } from '../../lib/useSaveAction.js';
import { createSubject, updateSubject } from '../../api/people.js';
import { CADRE_AUTHORITIES } from '../../api/types.js';
import type { CadreAuthority, Gender, Subject } from '../../api/types.js';
import { RegionSelect } from '../../components/RemoteSelect.js';

interface Values {
  name: string;
  gender?: Gender | null;
  position: string;
  employer: string;
  regionCode: string;
  cadreAuthority: CadreAuthority;
  partyMember: boolean;
  active: boolean;
}

/** Drawer for a new subject (`subject` null) or an existing one; calls `onSaved` after saving. */
export function SubjectDrawer({
  open,
  subject,
  onClose,
  onSaved,
}: {
  open: boolean;
  subject: Subject | null;
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
    if (subject) {
      form.setFieldsValue({
        name: subject.name,
        gender: subject.gender,
        position: subject.position ?? '',
        employer: subject.employer ?? '',
        regionCode: subject.regionCode ?? undefined,
        cadreAuthority: subject.cadreAuthority,
        partyMember: subject.partyMember,
        active: subject.active,
      });
    } else {
      form.setFieldsValue({ partyMember: true, active: true, cadreAuthority: 'township_managed' });
    }
  }, [open, subject, form]);

  const save = async (values: Values) => {
    const body = {
      name: values.name.trim(),
      gender: values.gender ?? null,
      position: values.position.trim(),
      employer: values.employer.trim(),
      regionCode: values.regionCode,
      cadreAuthority: values.cadreAuthority,
      partyMember: values.partyMember,
    };
    await run(async () => {
      if (subject) {
        await updateSubject(subject.id, {
          ...body,
          active: values.active,
          version: subject.version,
        });
      } else {
        await createSubject(body);
      }
    });
  };

  return (
    <FormDrawer
      open={open}
      onClose={onClose}
      width={480}
      title={subject ? t('subject.edit') : t('subject.create')}
      saving={saving}
      error={error}
      onSave={() => form.submit()}
      saveTestId="subject-save"
    >
      <Form<Values> form={form} layout="vertical" onFinish={save}>
        <Form.Item name="name" label={t('subject.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={40} data-testid="subject-name" />
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
        <Form.Item name="employer" label={t('subject.employer')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={80} data-testid="subject-employer" />
        </Form.Item>
        <Form.Item name="position" label={t('subject.position')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={60} data-testid="subject-position" />
        </Form.Item>
        <Form.Item name="regionCode" label={t('subject.region')} rules={[{ required: true }]}>
          <RegionSelect
            data-testid="subject-region"
            initialOptions={
              subject?.regionCode
                ? [{ value: subject.regionCode, label: `${subject.regionName ?? ''}（${subject.regionCode}）` }]
                : undefined
            }
          />
        </Form.Item>
        <Form.Item name="cadreAuthority" label={t('subject.cadreAuthority.label')} rules={[{ required: true }]}>
          <Select
            options={CADRE_AUTHORITIES.map((value) => ({ value, label: t(`subject.cadreAuthority.${value}`) }))}
          />
        </Form.Item>
        <Space size="large">
          <Form.Item name="partyMember" label={t('subject.partyMember')} valuePropName="checked">
            <Switch />
          </Form.Item>
          {subject ? (
            <Form.Item name="active" label={t('subject.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Space>
      </Form>
    </FormDrawer>
  );
}
