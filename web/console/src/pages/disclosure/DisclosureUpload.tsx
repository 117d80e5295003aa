/**
 * The upload of a month's accounts (上传月度收支): the village, the period, the balances in yuan,
 * a correction's reason, and the Excel file. A refused file shows every bad row with its reason
 * (nothing was stored); a stored one opens as a draft to submit.
 */
import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useDisclosureVillages } from './useVillages.js';
import { DISCLOSURE_UPLOAD_HEADERS, uploadMonth } from '../../api/disclosure.js';
import { ApiError, errorMessage } from '../../api/request.js';

interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

interface Values {
  regionCode: string;
  period: string;
  openingBalance?: number | null;
  closingBalance: number;
  correctionReason?: string;
}

const fen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? '' : String(Math.round(yuan * 100));

/** The upload dialog; `onDone` gets the new draft's id. */
export function DisclosureUpload({
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
  const [file, setFile] = useState<File | null>(null);
  const [error, setError] = useState<string | null>(null);
  const villages = useDisclosureVillages(open, (code) => form.setFieldValue('regionCode', code), setError);
  const [rows, setRows] = useState<RowProblem[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (values: Values) => {
    if (!file) {
      setError(t('disclosure.chooseFile'));
      return;
    }
    setSaving(true);
    setError(null);
    setRows([]);
    try {
      const made = await uploadMonth(
        {
          regionCode: values.regionCode,
          period: values.period.trim(),
          openingBalance: fen(values.openingBalance),
          closingBalance: fen(values.closingBalance),
          correctionReason: values.correctionReason?.trim() ?? '',
        },
        file,
      );
      onDone(made.id);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError)
        setRows(((err.details as { rows?: RowProblem[] } | undefined)?.rows ?? []).slice(0, 200));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open={open} title={t('disclosure.upload')} onCancel={onClose} footer={null} width={760} destroyOnClose>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={t('disclosure.uploadHint', { headers: DISCLOSURE_UPLOAD_HEADERS.join('、') })}
      />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="disclosure-upload-form">
        <Form.Item name="regionCode" label={t('disclosure.village')} rules={[{ required: true }]}>
          <Select
            showSearch
            optionFilterProp="label"
            data-testid="disclosure-upload-village"
            options={villages.map((v) => ({ value: v.regionCode, label: `${v.townshipName} ${v.villageName}` }))}
          />
        </Form.Item>
        <Form.Item
          name="period"
          label={t('disclosure.period')}
          rules={[{ required: true, pattern: /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, message: t('disclosure.periodFormat') }]}
        >
          <Input placeholder="2026-11" data-testid="disclosure-upload-period" />
        </Form.Item>
        <Form.Item name="openingBalance" label={t('disclosure.openingBalance')} extra={t('disclosure.openingHint')}>
          <InputNumber precision={2} style={{ width: 200 }} data-testid="disclosure-upload-opening" />
        </Form.Item>
        <Form.Item name="closingBalance" label={t('disclosure.closingBalance')} rules={[{ required: true }]}>
          <InputNumber precision={2} style={{ width: 200 }} data-testid="disclosure-upload-closing" />
        </Form.Item>
        <Form.Item
          name="correctionReason"
          label={t('disclosure.correctionReason')}
          extra={t('disclosure.correctionHint')}
        >
          <Input.TextArea rows={2} maxLength={1000} data-testid="disclosure-upload-reason" />
        </Form.Item>
        <Form.Item label={t('disclosure.file')} required>
          <Upload
            accept=".xlsx"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
          >
            <Button icon={<UploadOutlined />} data-testid="disclosure-upload-file">
              {t('disclosure.chooseFile')}
            </Button>
          </Upload>
        </Form.Item>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="disclosure-upload-error"
          />
        ) : null}
        {rows.length ? (
          <Table<RowProblem>
            size="small"
            rowKey={(r, i) => `${r.row}-${r.field}-${i}`}
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={rows}
            data-testid="disclosure-upload-rows"
            columns={[
              { title: t('disclosure.row'), dataIndex: 'row', width: 70, render: (v: number | null) => v ?? '—' },
              { title: t('disclosure.field'), dataIndex: 'field', width: 140 },
              { title: t('disclosure.reason'), dataIndex: 'reason' },
            ]}
            style={{ marginBottom: 12 }}
          />
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="disclosure-upload-submit">
          {t('disclosure.uploadSubmit')}
        </Button>
      </Form>
    </Modal>
  );
}
