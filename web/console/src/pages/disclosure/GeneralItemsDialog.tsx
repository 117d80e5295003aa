/**
 * 编制村务一般事项 (CWF 第三十条: at least quarterly): the clerk enters a quarter's items in order,
 * each a topic (低保及特困供养, 计划生育, 土地征收补偿款发放, 工程项目进展, 救灾救济款物发放, other), a
 * title, a text and, for a list of persons, a 名单 (name, amount, reason) whose names the server
 * seals and publishes masked. The text is published as written: the dialog says the platform
 * cannot mask names in it. Saved as a draft the supervision committee signs like the accounts;
 * a published quarter is corrected with a reason (a new version).
 */
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useDisclosureVillages } from './useVillages.js';
import { GENERAL_TOPICS, type GeneralTopic, createBatch } from '../../api/disclosure.js';
import { ApiError, errorMessage } from '../../api/request.js';

interface RowProblem {
  row: number | null;
  field: string;
  reason: string;
}

interface RosterValues {
  name?: string;
  amount?: number | null;
  reason?: string;
}

interface EntryValues {
  topic?: GeneralTopic;
  title?: string;
  text?: string;
  roster?: RosterValues[];
}

interface Values {
  regionCode: string;
  period: string;
  correctionReason?: string;
  entries: EntryValues[];
}

/** The quarter now running in Shanghai: `2026-Q4`. */
function currentQuarter(): string {
  const d = new Date(Date.now() + 8 * 3600_000);
  return `${d.getUTCFullYear()}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

/** The dialog; `onDone` gets the new draft's id. */
export function GeneralItemsDialog({
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

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      const reason = v.correctionReason?.trim();
      const made = await createBatch({
        regionCode: v.regionCode,
        kind: 'general',
        period: v.period.trim(),
        ...(reason ? { correctionReason: reason } : {}),
        entries: v.entries.map((e) => ({
          topic: e.topic ?? 'other',
          title: (e.title ?? '').trim(),
          text: (e.text ?? '').trim(),
          roster: (e.roster ?? [])
            .filter((r) => r.name?.trim() || r.reason?.trim())
            .map((r) => ({
              name: (r.name ?? '').trim(),
              amount: r.amount === null || r.amount === undefined ? null : Math.round(r.amount * 100),
              reason: (r.reason ?? '').trim(),
            })),
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

  return (
    <Modal open={open} title={t('disclosure.generalTitle')} onCancel={onClose} footer={null} width={900} destroyOnClose>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('disclosure.generalHint')} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          period: currentQuarter(),
          entries: [{ topic: 'subsistence', title: t('disclosure.topics.subsistence') }],
        }}
        onFinish={(v) => void save(v)}
        data-testid="disclosure-general-form"
      >
        <Space wrap align="start" size={16}>
          <Form.Item name="regionCode" label={t('disclosure.village')} rules={[{ required: true }]}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: 240 }}
              data-testid="disclosure-general-village"
              options={villages.map((v) => ({ value: v.regionCode, label: `${v.townshipName} ${v.villageName}` }))}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('disclosure.quarter')}
            rules={[{ required: true, pattern: /^\d{4}-Q[1-4]$/, message: t('disclosure.quarterFormat') }]}
          >
            <Input placeholder="2026-Q4" style={{ width: 120 }} data-testid="disclosure-general-period" />
          </Form.Item>
          <Form.Item
            name="correctionReason"
            label={t('disclosure.correctionReason')}
            tooltip={t('disclosure.correctionHint')}
          >
            <Input maxLength={1000} style={{ width: 300 }} data-testid="disclosure-general-reason" />
          </Form.Item>
        </Space>
        <Form.List name="entries">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => {
                const bad = problems.filter((p) => p.row === f.name + 1);
                return (
                  <Card
                    key={f.key}
                    size="small"
                    style={{ marginBottom: 12, borderColor: bad.length ? '#cf1322' : undefined }}
                    title={`${t('disclosure.entries')} ${f.name + 1}`}
                    data-testid={`general-entry-${f.name}`}
                    extra={
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('disclosure.removeEntry')}
                        disabled={fields.length === 1}
                        onClick={() => remove(f.name)}
                      />
                    }
                  >
                    <Space wrap align="start" size={12}>
                      <Form.Item name={[f.name, 'topic']} label={t('disclosure.topic')} rules={[{ required: true }]}>
                        <Select
                          style={{ width: 260 }}
                          data-testid={`general-topic-${f.name}`}
                          options={GENERAL_TOPICS.map((x) => ({ value: x, label: t(`disclosure.topics.${x}`) }))}
                          onChange={(x: GeneralTopic) => {
                            if (!form.getFieldValue(['entries', f.name, 'title']))
                              form.setFieldValue(['entries', f.name, 'title'], t(`disclosure.topics.${x}`));
                          }}
                        />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'title']}
                        label={t('disclosure.entryTitle')}
                        rules={[{ required: true, whitespace: true }]}
                      >
                        <Input maxLength={200} style={{ width: 420 }} data-testid={`general-title-${f.name}`} />
                      </Form.Item>
                    </Space>
                    <Form.Item
                      name={[f.name, 'text']}
                      label={t('disclosure.entryText')}
                      extra={t('disclosure.generalTextHint')}
                    >
                      <Input.TextArea rows={3} maxLength={4000} data-testid={`general-text-${f.name}`} />
                    </Form.Item>
                    <Form.List name={[f.name, 'roster']}>
                      {(rows, roster) => (
                        <div>
                          <div style={{ marginBottom: 4 }}>
                            <b>{t('disclosure.roster')}</b>
                            <span style={{ color: '#888', marginLeft: 8 }}>{t('disclosure.rosterHint')}</span>
                          </div>
                          {rows.map((r) => (
                            <Space key={r.key} align="start" style={{ display: 'flex' }}>
                              <Form.Item
                                name={[r.name, 'name']}
                                rules={[{ required: true, whitespace: true, message: '' }]}
                              >
                                <Input
                                  placeholder={t('disclosure.rosterName')}
                                  maxLength={50}
                                  style={{ width: 140 }}
                                  data-testid={`general-roster-name-${f.name}-${r.name}`}
                                />
                              </Form.Item>
                              <Form.Item name={[r.name, 'amount']}>
                                <InputNumber
                                  placeholder={t('disclosure.rosterAmount')}
                                  min={0.01}
                                  precision={2}
                                  style={{ width: 140 }}
                                  data-testid={`general-roster-amount-${f.name}-${r.name}`}
                                />
                              </Form.Item>
                              <Form.Item
                                name={[r.name, 'reason']}
                                rules={[{ required: true, whitespace: true, message: '' }]}
                              >
                                <Input
                                  placeholder={t('disclosure.rosterReason')}
                                  maxLength={200}
                                  style={{ width: 320 }}
                                  data-testid={`general-roster-reason-${f.name}-${r.name}`}
                                />
                              </Form.Item>
                              <Button
                                type="text"
                                danger
                                icon={<DeleteOutlined />}
                                aria-label={t('disclosure.removeLine')}
                                onClick={() => roster.remove(r.name)}
                              />
                            </Space>
                          ))}
                          <Button
                            size="small"
                            icon={<PlusOutlined />}
                            onClick={() => roster.add({})}
                            data-testid={`general-roster-add-${f.name}`}
                          >
                            {t('disclosure.addRosterRow')}
                          </Button>
                        </div>
                      )}
                    </Form.List>
                  </Card>
                );
              })}
              <div style={{ marginBottom: 12 }}>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ topic: 'other' })}
                  data-testid="disclosure-general-add"
                >
                  {t('disclosure.addEntry')}
                </Button>
              </div>
            </>
          )}
        </Form.List>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={error}
            style={{ marginBottom: 12 }}
            data-testid="disclosure-general-error"
          />
        ) : null}
        {problems.length ? (
          <ul style={{ marginTop: 0, color: '#cf1322' }} data-testid="disclosure-general-problems">
            {problems.slice(0, 200).map((p, i) => (
              <li key={i}>
                {p.row === null
                  ? `${p.field}：${p.reason}`
                  : t('disclosure.entryProblem', { row: p.row, field: p.field, reason: p.reason })}
              </li>
            ))}
          </ul>
        ) : null}
        <Button type="primary" htmlType="submit" loading={saving} data-testid="disclosure-general-submit">
          {t('disclosure.uploadSubmit')}
        </Button>
      </Form>
    </Modal>
  );
}
