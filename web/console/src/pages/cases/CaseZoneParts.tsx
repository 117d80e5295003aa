/**
 * Small parts the 办理方式 and 协作区 tabs share: a dialog around one form (its save step, its
 * error in words), the PDF/DOCX links of a document of this part, and a hook that reads one
 * piece of the case again whenever the case changes.
 */
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Modal, Space } from 'antd';
import type { FormInstance } from 'antd';
import { FilePdfOutlined, FileWordOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { zoneDocumentUrl } from '../../api/case-zone.js';
import type { ZoneDocument } from '../../api/cases.js';
import { errorMessage } from '../../api/request.js';

/**
 * A dialog holding one vertical form: 确定 submits it, `onSubmit` writes and returns; the dialog
 * closes and `onDone` runs after a write, or the write's error is shown above the form.
 */
export function FormModal<V extends object>({
  open,
  title,
  form,
  initialValues,
  onSubmit,
  onClose,
  onDone,
  testId,
  width,
  children,
}: {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues?: Partial<V>;
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  onDone: () => void;
  /** `<testId>` on the form, `<testId>-save` on 确定, `<testId>-error` on the error. */
  testId: string;
  width?: number;
  children: ReactNode;
}) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(values: V) {
    setSaving(true);
    setError(null);
    try {
      await onSubmit(values);
      onClose();
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 560}
      onCancel={() => {
        setError(null);
        onClose();
      }}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, ...({ 'data-testid': `${testId}-save` } as Record<string, string>) }}
      destroyOnHidden
    >
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid={`${testId}-error`} />
      ) : null}
      <Form<V>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void save(v)}
        data-testid={testId}
        preserve={false}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** The PDF and DOCX links of document `kind` of case `caseId` (`<testId>-pdf`, `<testId>-docx`). */
export function ZoneDocumentLinks({ caseId, kind, testId }: { caseId: string; kind: ZoneDocument; testId: string }) {
  const { t } = useTranslation();
  return (
    <Space wrap>
      <Button
        size="small"
        icon={<FilePdfOutlined />}
        href={zoneDocumentUrl(caseId, kind, 'pdf')}
        download
        data-testid={`${testId}-pdf`}
      >
        {t(`case.handling.document.${kind}`)} PDF
      </Button>
      <Button
        size="small"
        icon={<FileWordOutlined />}
        href={zoneDocumentUrl(caseId, kind, 'docx')}
        download
        data-testid={`${testId}-docx`}
      >
        {t(`case.handling.document.${kind}`)} DOCX
      </Button>
    </Space>
  );
}

/**
 * Reads `load(caseId)` when the tab opens and again after every change of the case (`version`)
 * or a `reload()` of its own; gives the value, the read's error in words, and `reload`.
 */
export function useCasePart<T>(caseId: string, version: number, load: (id: string) => Promise<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    load(caseId).then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
      },
      (err: unknown) => {
        if (live) setError(errorMessage(err));
      },
    );
    return () => {
      live = false;
    };
    // `load` is a module function: the case and the tick decide when to read again.
  }, [caseId, version, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { value, error, reload };
}
