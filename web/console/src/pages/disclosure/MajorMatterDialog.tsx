/**
 * 录入重大事项 (CWF 第二十四条): a major matter of a village published at once with its decision
 * record (the villagers' meeting or representatives' meeting that decided it); saved as a draft
 * the supervision committee signs like a month's accounts.
 */
import { useEffect, useState } from 'react';
import { Alert, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type CalendarLine, createBatch, getCalendar } from '../../api/disclosure.js';
import { errorMessage } from '../../api/request.js';

interface Values {
  regionCode: string;
  title: string;
  decisionRecord: string;
}

/** The dialog; `onDone` gets the new draft's id. */
export function MajorMatterDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [villages, setVillages] = useState<CalendarLine[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!open) return;
    void getCalendar()
      .then((c) => {
        setVillages(c.items);
        if (c.items.length === 1) form.setFieldValue('regionCode', c.items[0]!.regionCode);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [open, form]);
  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    try {
      const made = await createBatch({
        regionCode: v.regionCode,
        kind: 'major_matter',
        title: v.title.trim(),
        decisionRecord: v.decisionRecord.trim(),
        lines: [],
      });
      onDone(made.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('disclosure.majorMatter')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="regionCode" label={t('disclosure.village')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            options={villages.map((v) => ({ value: v.regionCode, label: `${v.townshipName} ${v.villageName}` }))}
          />
        </Form.Item>
        <Form.Item name="title" label={t('disclosure.matterTitle')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item
          name="decisionRecord"
          label={t('disclosure.decisionRecord')}
          extra={t('disclosure.decisionHint')}
          rules={[{ required: true, whitespace: true }]}
        >
          <Input.TextArea rows={5} maxLength={4000} />
        </Form.Item>
        {error ? <Alert type="error" showIcon message={error} /> : null}
      </Form>
    </Modal>
  );
}
