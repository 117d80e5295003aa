/**
 * Sets (or withdraws) a province's or county's rule for a timer: its length and extension steps,
 * with the local document behind it. The server refuses a rule longer than the law.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/request.js';
import {
  APPROVER_ROLES,
  type CatalogueEntry,
  type ExtensionStep,
  type RulePlace,
  type RuleProblem,
  type RuleVersion,
  TIMER_UNITS,
  type TimerUnit,
  saveOverride,
  withdrawOverride,
} from '../../api/timers.js';
import { extensionsText, lengthText, roleText } from './timer-text.js';

interface StepForm {
  maxAmount: number | null;
  unit: TimerUnit;
  approverRoles: string[];
  repeatable: boolean;
}

interface OverrideForm {
  regionCode: string;
  amount: number | null;
  unit: TimerUnit;
  extensions: StepForm[];
  note?: string;
  reason: string;
}

/** The rule a place has now: its own override, its province's, or the national default. */
function ruleFor(entry: CatalogueEntry, code: string): RuleVersion | null {
  const own = entry.overrides.find((o) => o.regionCode === code);
  const province = entry.overrides.find((o) => o.level === 'province' && o.regionCode.slice(0, 2) === code.slice(0, 2));
  return own ?? province ?? entry.national;
}

/** The modal (closed when `entry` is null). */
export function OverrideModal({
  entry,
  places,
  onClose,
  onSaved,
}: {
  entry: CatalogueEntry | null;
  places: RulePlace[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<OverrideForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const regionCode = Form.useWatch('regionCode', form);
  const hasOwn = entry?.overrides.some((o) => o.regionCode === regionCode) ?? false;
  const roleOptions = useMemo(() => {
    const keys = new Set<string>(APPROVER_ROLES);
    for (const r of [entry?.national, ...(entry?.overrides ?? [])])
      for (const s of r?.extensions ?? []) for (const k of s.approverRoles) keys.add(k);
    return [...keys].map((k) => ({ value: k, label: roleText(k) }));
  }, [entry]);

  // Open on the county (or the first place), filled with what applies there now.
  useEffect(() => {
    if (!entry) return;
    setError(null);
    const first = places.find((p) => p.level === 'county') ?? places[0];
    if (first) fill(first.code);
  }, [entry]);

  function fill(code: string) {
    if (!entry) return;
    const rule = ruleFor(entry, code);
    form.setFieldsValue({
      regionCode: code,
      amount: rule?.amount ?? null,
      unit: rule?.unit ?? 'calendar_days',
      extensions: (rule?.extensions ?? []).map((s) => ({ ...s })),
      note: rule && rule.level !== 'national' ? (rule.note ?? '') : '',
      reason: '',
    });
  }

  const save = async (values: OverrideForm) => {
    if (!entry) return;
    setSaving(true);
    setError(null);
    try {
      const extensions: ExtensionStep[] = (values.extensions ?? []).map((s) => ({
        maxAmount: s.maxAmount ?? null,
        unit: s.unit,
        approverRoles: s.approverRoles,
        repeatable: Boolean(s.repeatable),
      }));
      await saveOverride(entry.kind, values.regionCode, {
        amount: values.amount ?? null,
        unit: values.unit,
        extensions,
        note: values.note?.trim() || null,
        reason: values.reason.trim(),
      });
      message.success(t('timer.saved'));
      onSaved();
    } catch (err) {
      setError(explain(err));
    } finally {
      setSaving(false);
    }
  };

  const withdraw = async () => {
    if (!entry) return;
    const reason = (form.getFieldValue('reason') as string | undefined)?.trim() ?? '';
    if (reason.length < 2) {
      await form.validateFields(['reason']);
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await withdrawOverride(entry.kind, form.getFieldValue('regionCode') as string, reason);
      message.success(t('timer.withdrawnDone'));
      onSaved();
    } catch (err) {
      setError(explain(err));
    } finally {
      setSaving(false);
    }
  };

  /** The server's reasons for refusing a rule, in the user's language. */
  function explain(err: unknown): string {
    if (err instanceof ApiError && err.code === 'TIMER_RULE_INVALID') {
      const problems = (err.details as { problems?: RuleProblem[] } | null)?.problems ?? [];
      const text = problems.map((p) => {
        const field = t(`timer.fields.${p.field}`);
        const where = p.step ? t('timer.problemStep', { n: p.step, field }) : field;
        const value =
          typeof p.value === 'string' && (TIMER_UNITS as readonly string[]).includes(p.value)
            ? t(`calendar.deadline.units.${p.value}`)
            : p.value;
        return `${where}${t(`timer.problems.${p.code}`, { value })}`;
      });
      return `${err.message}：${text.join('；')}`;
    }
    return errorMessage(err);
  }

  const unitOptions = TIMER_UNITS.map((u) => ({ value: u, label: t(`calendar.deadline.units.${u}`) }));

  return (
    <Modal
      open={entry !== null}
      title={entry ? t('timer.setLocalOf', { label: entry.label }) : ''}
      onCancel={onClose}
      width={760}
      destroyOnClose
      footer={
        <Space>
          {hasOwn ? (
            <Button danger onClick={() => void withdraw()} loading={saving} data-testid="timer-withdraw">
              {t('timer.withdraw')}
            </Button>
          ) : null}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" onClick={() => form.submit()} loading={saving} data-testid="timer-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {entry?.national ? (
        <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('timer.nationalRule')}>
            {lengthText(entry.national.amount, entry.national.unit)}；{extensionsText(entry.national).join('；')}
          </Descriptions.Item>
          <Descriptions.Item label={t('timer.source')}>{entry.national.source}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <Form<OverrideForm> form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark="optional">
        <Form.Item name="regionCode" label={t('timer.place')} rules={[{ required: true }]}>
          <Select
            onChange={(code: string) => fill(code)}
            options={places.map((p) => ({
              value: p.code,
              label: `${p.name}（${t(`timer.levels.${p.level}`)}）`,
            }))}
            data-testid="timer-place"
          />
        </Form.Item>
        <Space align="start" wrap>
          <Form.Item name="amount" label={t('timer.amount')} rules={[{ required: true }]}>
            <InputNumber min={1} max={3650} precision={0} style={{ width: 140 }} data-testid="timer-amount" />
          </Form.Item>
          <Form.Item name="unit" label={t('timer.unit')} rules={[{ required: true }]}>
            <Select options={unitOptions} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <div>
          <Typography.Text strong>{t('timer.extensions')}</Typography.Text>
        </div>
        <Form.List name="extensions">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field, i) => (
                <Space key={field.key} align="start" wrap style={{ display: 'flex', marginBottom: 4 }}>
                  <Typography.Text style={{ lineHeight: '32px' }}>{t('timer.stepN', { n: i + 1 })}</Typography.Text>
                  <Form.Item name={[field.name, 'maxAmount']} style={{ marginBottom: 8 }}>
                    <InputNumber
                      min={1}
                      max={3650}
                      precision={0}
                      placeholder={t('timer.open')}
                      style={{ width: 110 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']} rules={[{ required: true }]} style={{ marginBottom: 8 }}>
                    <Select options={unitOptions} style={{ width: 110 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'approverRoles']}
                    rules={[{ required: true, type: 'array', min: 1 }]}
                    style={{ marginBottom: 8 }}
                  >
                    <Select
                      mode="multiple"
                      options={roleOptions}
                      placeholder={t('timer.approvers')}
                      style={{ width: 250 }}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'repeatable']} valuePropName="checked" style={{ marginBottom: 8 }}>
                    <Checkbox>{t('timer.repeat')}</Checkbox>
                  </Form.Item>
                  <Button
                    icon={<DeleteOutlined />}
                    onClick={() => remove(field.name)}
                    aria-label={t('common.delete')}
                  />
                </Space>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() => add({ maxAmount: null, unit: 'calendar_days', approverRoles: [], repeatable: false })}
                style={{ marginBottom: 16 }}
              >
                {t('timer.addStep')}
              </Button>
            </div>
          )}
        </Form.List>
        <Form.Item name="note" label={t('timer.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('timer.reason')}
          extra={t('timer.reasonHint')}
          rules={[{ required: true, min: 2, max: 500 }]}
        >
          <Input data-testid="timer-reason" />
        </Form.Item>
      </Form>
      <Alert type="warning" showIcon message={t('timer.newClocksOnly')} />
      {error ? (
        <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} data-testid="timer-error" />
      ) : null}
    </Modal>
  );
}
