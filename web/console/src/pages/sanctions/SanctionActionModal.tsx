/**
 * The dialog every write on a sanction uses: a button that opens it, the form, the server's
 * refusal in words above the form (the dialog stays open on a refusal), and a reload of the
 * page after a write that went through. Dates picked are sent as `YYYY-MM-DD`.
 */
import { type ReactNode, useState } from 'react';
import { Alert, Button, Form, Modal } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/request.js';

/** Turns picked dates (dayjs values) into `YYYY-MM-DD` and leaves the other values alone. */
export function plainValues(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined || v === '') continue;
    out[k] = dayjs.isDayjs(v) ? v.format('YYYY-MM-DD') : v;
  }
  return out;
}

/** Props of the dialog. */
export interface SanctionActionModalProps<V extends object> {
  /** `data-testid` prefix: `<testId>-open`, `<testId>-form`, `<testId>-save`, `<testId>-error`. */
  testId: string;
  /** The button's and the dialog's title. */
  title: ReactNode;
  /** Sends the form's values; a thrown error is shown in words. */
  onSubmit: (values: V) => Promise<unknown>;
  /** After a write that went through. */
  onDone: () => void;
  /** The fields (rendered inside the antd Form). */
  children: ReactNode | ((form: FormInstance<V>) => ReactNode);
  initialValues?: Partial<V>;
  primary?: boolean;
  width?: number;
  /** Shown above the fields. */
  intro?: ReactNode;
}

/** A button and its dialog. */
export function SanctionActionModal<V extends object>({
  testId,
  title,
  onSubmit,
  onDone,
  children,
  initialValues,
  primary,
  width,
  intro,
}: SanctionActionModalProps<V>) {
  const { t } = useTranslation();
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
        width={width ?? 560}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        okButtonProps={{ loading: saving, ...({ 'data-testid': `${testId}-save` } as Record<string, string>) }}
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
