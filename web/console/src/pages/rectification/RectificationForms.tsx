/**
 * The dialogs of the rectification pages: a button that opens a form, the server's refusal in
 * words above it (the dialog stays open on a refusal), and a reload after a write that went
 * through. On a phone the buttons are full width and large (village contacts work on phones).
 * Also the "新建整改事项" dialog of the ledger.
 */
import { type ReactNode, useState } from 'react';
import { Alert, Button, DatePicker, Form, Grid, Input, Modal, Select } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { MANUAL_RECTIFICATION_SOURCES, PROBLEM_SEVERITIES, createRectificationItem } from '../../api/rectification.js';
import { errorMessage } from '../../api/request.js';
import { UnitSelect } from '../../components/RemoteSelect.js';

/** Turns picked dates (dayjs values) into `YYYY-MM-DD`, drops empty values. */
export function plainValues<V extends object>(values: V): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '' || v === null) continue;
    out[k] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
  }
  return out;
}

/** Whether the screen is phone-narrow (below antd's `md`). */
export function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return !screens.md;
}

/** Props of an action dialog. */
export interface ActionModalProps<V extends object> {
  /** `data-testid` prefix: `<testId>-open`, `<testId>-form`, `<testId>-save`, `<testId>-error`. */
  testId: string;
  title: ReactNode;
  onSubmit: (values: V) => Promise<unknown>;
  onDone: () => void;
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  initialValues?: Partial<V>;
  primary?: boolean;
  danger?: boolean;
  intro?: ReactNode;
}

/** A button and its dialog. */
export function ActionModal<V extends object>({
  testId,
  title,
  onSubmit,
  onDone,
  children,
  initialValues,
  primary,
  danger,
  intro,
}: ActionModalProps<V>) {
  const { t } = useTranslation();
  const phone = usePhone();
  const [form] = Form.useForm<V>();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(values: V) {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
      setOpen(false);
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <Button
        type={primary ? 'primary' : 'default'}
        danger={danger}
        block={phone}
        size={phone ? 'large' : 'middle'}
        onClick={() => {
          setError(null);
          setOpen(true);
        }}
        data-testid={`${testId}-open`}
      >
        {title}
      </Button>
      <Modal
        open={open}
        title={title}
        width={phone ? '100%' : 560}
        style={phone ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        okButtonProps={{
          loading: saving,
          size: phone ? 'large' : 'middle',
          ...({ 'data-testid': `${testId}-save` } as Record<string, string>),
        }}
        cancelButtonProps={{ size: phone ? 'large' : 'middle' }}
        destroyOnHidden
      >
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid={`${testId}-error`} />
        ) : null}
        {intro}
        <Form<V>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void save(v)}
          data-testid={`${testId}-form`}
        >
          {typeof children === 'function' ? children(form) : children}
        </Form>
      </Modal>
    </>
  );
}

interface CreateForm {
  source: string;
  problem: string;
  severity?: string;
  ownerUnitId: string;
  responsiblePerson?: string;
  sourceDocument?: string;
  measures?: string;
  dueOn?: dayjs.Dayjs;
}

/** The ledger's "新建整改事项": opens an item by hand (audit, 巡察 feedback, assessment, other) and goes to it. */
export function CreateRectificationButton() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <ActionModal<CreateForm>
      testId="rectification-create"
      title={t('rectification.create')}
      primary
      initialValues={{ source: 'audit', severity: 'minor' }}
      onSubmit={async (v) => {
        const made = await createRectificationItem(plainValues(v) as never);
        void navigate(`/rectification/${made.id}`);
      }}
      onDone={() => undefined}
    >
      <Form.Item name="source" label={t('rectification.sourceLabel')} rules={[{ required: true }]}>
        <Select
          options={MANUAL_RECTIFICATION_SOURCES.map((s) => ({ value: s, label: t(`rectification.source.${s}`) }))}
          data-testid="rectification-create-source"
        />
      </Form.Item>
      <Form.Item name="sourceDocument" label={t('rectification.sourceDocument')}>
        <Input maxLength={400} data-testid="rectification-create-document" />
      </Form.Item>
      <Form.Item name="problem" label={t('rectification.problem')} rules={[{ required: true, min: 2 }]}>
        <Input.TextArea rows={3} maxLength={8000} data-testid="rectification-create-problem" />
      </Form.Item>
      <Form.Item name="severity" label={t('rectification.severityLabel')}>
        <Select
          options={PROBLEM_SEVERITIES.map((s) => ({ value: s, label: t(`rectification.severity.${s}`) }))}
          data-testid="rectification-create-severity"
        />
      </Form.Item>
      <Form.Item name="ownerUnitId" label={t('rectification.ownerUnit')} rules={[{ required: true }]}>
        <UnitSelect data-testid="rectification-create-unit" />
      </Form.Item>
      <Form.Item name="responsiblePerson" label={t('rectification.responsiblePerson')}>
        <Input maxLength={100} data-testid="rectification-create-person" />
      </Form.Item>
      <Form.Item name="measures" label={t('rectification.measures')}>
        <Input.TextArea rows={2} maxLength={8000} data-testid="rectification-create-measures" />
      </Form.Item>
      <Form.Item name="dueOn" label={t('rectification.dueOn')} rules={[{ required: true }]}>
        <DatePicker style={{ width: '100%' }} data-testid="rectification-create-due" />
      </Form.Item>
    </ActionModal>
  );
}
