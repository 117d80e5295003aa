/**
 * Creating or editing a policy, project or fund (新增/修改事项): the fields of its kind, and the
 * villages it concerns with each one's allocation in yuan (the server stores fen).
 */
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { listAllRegions } from '../../api/org.js';
import { type ItemBody, type QrItem, QR_ITEM_KINDS, createItem, updateItem } from '../../api/qr-supervision.js';
import { errorMessage } from '../../api/request.js';

interface Values {
  kind: ItemBody['kind'];
  title: string;
  year: number;
  summary: string;
  eligibility?: string;
  standard?: string;
  applyWhere?: string;
  budgetYuan?: number | null;
  contractor?: string;
  progress?: string;
  acceptance?: string;
  contactPhone?: string;
  allocations?: { regionCode: string; amountYuan?: number | null; note?: string }[];
}

const fen = (yuan: number | null | undefined) => (yuan === null || yuan === undefined ? null : Math.round(yuan * 100));
const yuanOf = (f: number | null | undefined) => (f === null || f === undefined ? null : f / 100);

/** The dialog; `item` edits that item, otherwise a new draft is created. `onDone` gets its id. */
export function ItemDialog({
  open,
  item,
  onClose,
  onDone,
}: {
  open: boolean;
  item?: QrItem | null;
  onClose: () => void;
  onDone: (id: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [villages, setVillages] = useState<{ value: string; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);

  useEffect(() => {
    if (!open) return;
    void listAllRegions({ level: 'village' })
      .then((rs) => setVillages(rs.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` }))))
      .catch((err: unknown) => setError(errorMessage(err)));
    form.setFieldsValue(
      item
        ? {
            kind: item.kind,
            title: item.title,
            year: item.year,
            summary: item.summary,
            eligibility: item.eligibility ?? undefined,
            standard: item.standard ?? undefined,
            applyWhere: item.applyWhere ?? undefined,
            budgetYuan: yuanOf(item.budget),
            contractor: item.contractor ?? undefined,
            progress: item.progress ?? undefined,
            acceptance: item.acceptance ?? undefined,
            contactPhone: item.contactPhone ?? undefined,
            allocations: item.allocations.map((a) => ({
              regionCode: a.regionCode,
              amountYuan: yuanOf(a.amount),
              note: a.note ?? undefined,
            })),
          }
        : { kind: 'policy', year: new Date().getFullYear(), allocations: [] },
    );
  }, [open, item, form]);

  const submit = async (v: Values) => {
    setSaving(true);
    setError(null);
    const body: ItemBody = {
      kind: v.kind,
      title: v.title.trim(),
      year: v.year,
      summary: v.summary.trim(),
      eligibility: v.eligibility?.trim() || null,
      standard: v.standard?.trim() || null,
      applyWhere: v.applyWhere?.trim() || null,
      budget: fen(v.budgetYuan),
      contractor: v.contractor?.trim() || null,
      progress: v.progress?.trim() || null,
      acceptance: v.acceptance?.trim() || null,
      contactPhone: v.contactPhone?.trim() || null,
      allocations: (v.allocations ?? []).map((a) => ({
        regionCode: a.regionCode,
        amount: fen(a.amountYuan),
        note: a.note?.trim() || null,
      })),
    };
    try {
      const done = item ? await updateItem(item.id, body) : await createItem(body);
      onDone(done.id);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={item ? t('qrSupervision.edit') : t('qrSupervision.create')}
      onCancel={onClose}
      footer={null}
      width={760}
      destroyOnClose
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="qr-item-form">
        <Space wrap>
          <Form.Item name="kind" label={t('qrSupervision.kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 140 }}
              data-testid="qr-item-kind"
              options={QR_ITEM_KINDS.map((k) => ({ value: k, label: t(`qrSupervision.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="year" label={t('qrSupervision.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} style={{ width: 100 }} />
          </Form.Item>
        </Space>
        <Form.Item name="title" label={t('qrSupervision.itemTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="qr-item-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('qrSupervision.summary')} rules={[{ required: true, max: 4000 }]}>
          <Input.TextArea rows={3} data-testid="qr-item-summary" />
        </Form.Item>
        {kind === 'policy' ? (
          <>
            <Form.Item name="eligibility" label={t('qrSupervision.eligibility')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Form.Item name="standard" label={t('qrSupervision.standard')}>
              <Input maxLength={500} data-testid="qr-item-standard" />
            </Form.Item>
            <Form.Item name="applyWhere" label={t('qrSupervision.applyWhere')}>
              <Input maxLength={500} />
            </Form.Item>
          </>
        ) : null}
        {kind !== 'policy' ? (
          <Form.Item name="budgetYuan" label={t('qrSupervision.budget')}>
            <InputNumber min={0} precision={2} style={{ width: 200 }} data-testid="qr-item-budget" />
          </Form.Item>
        ) : null}
        {kind === 'project' ? (
          <>
            <Form.Item name="contractor" label={t('qrSupervision.contractor')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="progress" label={t('qrSupervision.progress')}>
              <Input maxLength={1000} />
            </Form.Item>
            <Form.Item name="acceptance" label={t('qrSupervision.acceptance')}>
              <Input maxLength={1000} />
            </Form.Item>
          </>
        ) : null}
        <Form.Item name="contactPhone" label={t('qrSupervision.contactPhone')}>
          <Input maxLength={30} style={{ width: 200 }} />
        </Form.Item>
        <Form.List name="allocations">
          {(fields, { add, remove }) => (
            <>
              <div style={{ marginBottom: 8, fontWeight: 600 }}>{t('qrSupervision.allocations')}</div>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item name={[f.name, 'regionCode']} rules={[{ required: true }]}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      style={{ width: 280 }}
                      options={villages}
                      placeholder={t('qrSupervision.village')}
                      data-testid="qr-item-village"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'amountYuan']}>
                    <InputNumber
                      min={0}
                      precision={2}
                      placeholder={t('qrSupervision.amountYuan')}
                      style={{ width: 160 }}
                      data-testid="qr-item-village-amount"
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'note']}>
                    <Input maxLength={200} placeholder={t('qrSupervision.note')} style={{ width: 180 }} />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(f.name)} aria-label={t('qrSupervision.remove')} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 12 }}
                data-testid="qr-item-add-village"
              >
                {t('qrSupervision.addVillage')}
              </Button>
            </>
          )}
        </Form.List>
        {error ? (
          <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="qr-item-error" />
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="qr-item-save">
          {t('qrSupervision.save')}
        </Button>
      </Form>
    </Modal>
  );
}
