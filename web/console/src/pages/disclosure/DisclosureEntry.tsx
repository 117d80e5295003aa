/**
 * Entering a period's accounts line by line (逐笔录入), for a village whose accounts are few or kept
 * on paper: the same fields as the Excel upload, checked by the same rules on the server. Refused
 * lines are marked in the table with their reasons (nothing was stored); a stored period opens as
 * a draft to submit.
 */
import { type ReactNode, useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tooltip } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useDisclosureVillages } from './useVillages.js';
import dayjs, { type Dayjs } from 'dayjs';
import { PAYMENT_METHODS, createBatch } from '../../api/disclosure.js';
import { ApiError, errorMessage } from '../../api/request.js';

interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

interface LineValues {
  voucherNo?: string;
  occurredOn?: Dayjs | null;
  direction?: 'income' | 'expense';
  counterparty?: string;
  partyNumber?: string;
  amount?: number | null;
  paymentMethod?: (typeof PAYMENT_METHODS)[number];
  account?: string;
  purpose?: string;
  category?: string;
  approvalPath?: string;
  approvers?: string;
}

interface Values {
  regionCode: string;
  period: string;
  openingBalance?: number | null;
  closingBalance: number;
  correctionReason?: string;
  lines: LineValues[];
}

/** Yuan as typed → fen (the API's unit); two decimals at most, so rounding only removes float noise. */
const toFen = (yuan: number) => Math.round(yuan * 100);
const blank = (s: string | undefined) => (s && s.trim() ? s.trim() : null);

/** The entry dialog; `onDone` gets the new draft's id. */
export function DisclosureEntry({
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
  const [error, setError] = useState<string | null>(null);
  const villages = useDisclosureVillages(open, (code) => form.setFieldValue('regionCode', code), setError);
  const [problems, setProblems] = useState<RowProblem[]>([]);
  const [saving, setSaving] = useState(false);

  const submit = async (values: Values) => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      const made = await createBatch({
        regionCode: values.regionCode,
        kind: 'finance',
        period: values.period.trim(),
        openingBalance:
          values.openingBalance === null || values.openingBalance === undefined ? null : toFen(values.openingBalance),
        closingBalance: toFen(values.closingBalance),
        ...(blank(values.correctionReason) ? { correctionReason: blank(values.correctionReason)! } : {}),
        lines: values.lines.map((l) => ({
          voucherNo: (l.voucherNo ?? '').trim(),
          occurredOn: l.occurredOn ? l.occurredOn.format('YYYY-MM-DD') : '',
          direction: l.direction ?? 'expense',
          counterparty: (l.counterparty ?? '').trim(),
          partyNumber: blank(l.partyNumber),
          amount: toFen(l.amount ?? 0),
          paymentMethod: l.paymentMethod ?? 'transfer',
          account: blank(l.account),
          purpose: (l.purpose ?? '').trim(),
          category: (l.category ?? '').trim(),
          approvalPath: blank(l.approvalPath),
          approvers: blank(l.approvers),
        })),
      });
      onDone(made.id);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof ApiError) setProblems((err.details as { rows?: RowProblem[] } | undefined)?.rows ?? []);
    } finally {
      setSaving(false);
    }
  };

  // Problems of one line (its 1-based position) and of the whole period.
  const ofRow = (row: number) => problems.filter((p) => p.row === row);
  const general = problems.filter((p) => p.row === null);
  const cell = (name: number, field: keyof LineValues, node: ReactNode, required = true) => (
    <Form.Item name={[name, field]} rules={required ? [{ required: true, message: '' }] : []} style={{ margin: 0 }}>
      {node}
    </Form.Item>
  );

  return (
    <Modal open={open} title={t('disclosure.entry')} onCancel={onClose} footer={null} width={1180} destroyOnClose>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('disclosure.entryHint')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ lines: [{ direction: 'expense', paymentMethod: 'transfer' }] }}
        onFinish={(v) => void submit(v)}
        data-testid="disclosure-entry-form"
      >
        <Space wrap align="start" size={16}>
          <Form.Item name="regionCode" label={t('disclosure.village')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              data-testid="disclosure-entry-village"
              options={villages.map((v) => ({ value: v.regionCode, label: `${v.townshipName} ${v.villageName}` }))}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('disclosure.period')}
            rules={[
              { required: true, pattern: /^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, message: t('disclosure.periodFormat') },
            ]}
          >
            <Input placeholder="2026-11" style={{ width: 120 }} data-testid="disclosure-entry-period" />
          </Form.Item>
          <Form.Item name="openingBalance" label={t('disclosure.openingBalance')} tooltip={t('disclosure.openingHint')}>
            <InputNumber precision={2} style={{ width: 160 }} data-testid="disclosure-entry-opening" />
          </Form.Item>
          <Form.Item name="closingBalance" label={t('disclosure.closingBalance')} rules={[{ required: true }]}>
            <InputNumber precision={2} style={{ width: 160 }} data-testid="disclosure-entry-closing" />
          </Form.Item>
          <Form.Item
            name="correctionReason"
            label={t('disclosure.correctionReason')}
            tooltip={t('disclosure.correctionHint')}
          >
            <Input maxLength={1000} style={{ width: 260 }} data-testid="disclosure-entry-reason" />
          </Form.Item>
        </Space>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              <Table
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                scroll={{ x: 'max-content', y: 360 }}
                data-testid="disclosure-entry-lines"
                columns={[
                  {
                    title: '#',
                    width: 56,
                    fixed: 'left',
                    render: (_, f) => {
                      const bad = ofRow(f.name + 1);
                      return bad.length ? (
                        <Tooltip title={bad.map((p) => `${p.field}：${p.reason}`).join('；')}>
                          <span
                            style={{ color: '#cf1322', fontWeight: 600 }}
                            data-testid={`disclosure-entry-bad-${f.name + 1}`}
                          >
                            {f.name + 1} !
                          </span>
                        </Tooltip>
                      ) : (
                        f.name + 1
                      );
                    },
                  },
                  {
                    title: t('disclosure.voucher'),
                    width: 110,
                    fixed: 'left',
                    render: (_, f) =>
                      cell(f.name, 'voucherNo', <Input placeholder="记-001" data-testid={`entry-voucher-${f.name}`} />),
                  },
                  {
                    title: t('disclosure.date'),
                    width: 150,
                    render: (_, f) =>
                      cell(
                        f.name,
                        'occurredOn',
                        <DatePicker
                          data-testid={`entry-date-${f.name}`}
                          defaultPickerValue={dayjs()}
                          format="YYYY-MM-DD"
                        />,
                      ),
                  },
                  {
                    title: t('disclosure.direction'),
                    width: 90,
                    render: (_, f) =>
                      cell(
                        f.name,
                        'direction',
                        <Select
                          data-testid={`entry-direction-${f.name}`}
                          options={(['income', 'expense'] as const).map((d) => ({
                            value: d,
                            label: t(`disclosure.directions.${d}`),
                          }))}
                        />,
                      ),
                  },
                  {
                    title: t('disclosure.counterparty'),
                    width: 160,
                    render: (_, f) => cell(f.name, 'counterparty', <Input data-testid={`entry-party-${f.name}`} />),
                  },
                  {
                    title: t('disclosure.partyNumberEntry'),
                    width: 200,
                    render: (_, f) =>
                      cell(
                        f.name,
                        'partyNumber',
                        <Input maxLength={30} data-testid={`entry-number-${f.name}`} />,
                        false,
                      ),
                  },
                  {
                    title: t('disclosure.amount'),
                    width: 130,
                    render: (_, f) =>
                      cell(
                        f.name,
                        'amount',
                        <InputNumber
                          min={0.01}
                          precision={2}
                          style={{ width: 120 }}
                          data-testid={`entry-amount-${f.name}`}
                        />,
                      ),
                  },
                  {
                    title: t('disclosure.method'),
                    width: 90,
                    render: (_, f) =>
                      cell(
                        f.name,
                        'paymentMethod',
                        <Select
                          options={PAYMENT_METHODS.map((m) => ({ value: m, label: t(`disclosure.methods.${m}`) }))}
                        />,
                      ),
                  },
                  {
                    title: t('disclosure.account'),
                    width: 190,
                    render: (_, f) =>
                      cell(f.name, 'account', <Input maxLength={40} data-testid={`entry-account-${f.name}`} />, false),
                  },
                  {
                    title: t('disclosure.purpose'),
                    width: 200,
                    render: (_, f) =>
                      cell(f.name, 'purpose', <Input maxLength={200} data-testid={`entry-purpose-${f.name}`} />),
                  },
                  {
                    title: t('disclosure.category'),
                    width: 110,
                    render: (_, f) =>
                      cell(f.name, 'category', <Input maxLength={40} data-testid={`entry-category-${f.name}`} />),
                  },
                  {
                    title: t('disclosure.approval'),
                    width: 150,
                    render: (_, f) => cell(f.name, 'approvalPath', <Input maxLength={200} />, false),
                  },
                  {
                    title: t('disclosure.approvers'),
                    width: 130,
                    render: (_, f) => cell(f.name, 'approvers', <Input maxLength={200} />, false),
                  },
                  {
                    title: '',
                    width: 48,
                    fixed: 'right',
                    render: (_, f) => (
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('disclosure.removeLine')}
                        disabled={fields.length === 1}
                        onClick={() => remove(f.name)}
                      />
                    ),
                  },
                ]}
              />
              <Button
                icon={<PlusOutlined />}
                style={{ margin: '8px 0 12px' }}
                data-testid="disclosure-entry-add"
                onClick={() => {
                  // The next voucher number continues the last one's digits (记-007 → 记-008).
                  const last = form.getFieldValue(['lines', fields.length - 1]) as LineValues | undefined;
                  const m = /^(.*?)(\d+)$/.exec(last?.voucherNo?.trim() ?? '');
                  const next = m ? `${m[1]}${String(Number(m[2]) + 1).padStart(m[2]!.length, '0')}` : undefined;
                  add({
                    voucherNo: next,
                    occurredOn: last?.occurredOn ?? null,
                    direction: 'expense',
                    paymentMethod: last?.paymentMethod ?? 'transfer',
                  });
                }}
              >
                {t('disclosure.addLine')}
              </Button>
            </>
          )}
        </Form.List>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="disclosure-entry-error"
          />
        ) : null}
        {problems.length ? (
          <ul style={{ marginTop: 0, color: '#cf1322' }} data-testid="disclosure-entry-problems">
            {general.map((p, i) => (
              <li key={`g${i}`}>
                {p.field}：{p.reason}
              </li>
            ))}
            {problems
              .filter((p) => p.row !== null)
              .slice(0, 200)
              .map((p, i) => (
                <li key={`r${i}`}>{t('disclosure.lineProblem', { row: p.row, field: p.field, reason: p.reason })}</li>
              ))}
          </ul>
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="disclosure-entry-submit">
          {t('disclosure.uploadSubmit')}
        </Button>
      </Form>
    </Modal>
  );
}
