/** The deadline calculator: start date + amount + unit → due date from the server's calendar service. */
import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, InputNumber, Select, Statistic } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { computeDeadline } from '../../api/calendar.js';
import { errorMessage } from '../../api/request.js';
import type { DeadlineResult, DeadlineUnit } from '../../api/types.js';
import { formatInstant } from '../../lib/time.js';
import { todayPickerDate } from '../../lib/dates.js';

interface Values {
  start: Dayjs;
  amount: number;
  unit: DeadlineUnit;
}

const UNITS: DeadlineUnit[] = ['working_days', 'calendar_days', 'months', 'hours'];

/** The calculator card. */
export function DeadlineCalculator() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [result, setResult] = useState<DeadlineResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const calculate = async (values: Values) => {
    setLoading(true);
    setError(null);
    try {
      setResult(
        await computeDeadline({
          start: values.start.format('YYYY-MM-DD'),
          amount: values.amount,
          unit: values.unit,
        }),
      );
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <Card size="small" title={t('calendar.deadline.title')} style={{ height: '100%' }}>
      <Form<Values>
        form={form}
        layout="inline"
        initialValues={{ start: todayPickerDate(), amount: 15, unit: 'working_days' }}
        onFinish={(v) => void calculate(v)}
        style={{ rowGap: 8 }}
      >
        <Form.Item name="start" label={t('calendar.deadline.start')} rules={[{ required: true }]}>
          <DatePicker allowClear={false} data-testid="deadline-start" />
        </Form.Item>
        <Form.Item name="amount" label={t('calendar.deadline.amount')} rules={[{ required: true }]}>
          <InputNumber min={1} max={3650} precision={0} style={{ width: 90 }} data-testid="deadline-amount" />
        </Form.Item>
        <Form.Item name="unit" rules={[{ required: true }]}>
          <Select
            style={{ width: 130 }}
            options={UNITS.map((u) => ({ value: u, label: t(`calendar.deadline.units.${u}`) }))}
            data-testid="deadline-unit"
          />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={loading} data-testid="deadline-calculate">
            {t('calendar.deadline.calculate')}
          </Button>
        </Form.Item>
      </Form>
      {error ? <Alert type="error" showIcon message={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <div style={{ marginTop: 12 }} data-testid="deadline-result">
          <Statistic
            title={t('calendar.deadline.due')}
            value={result.due.includes('T') ? formatInstant(result.due) : result.due}
            valueStyle={{ color: '#b71c1c' }}
          />
          {result.uncoveredYears.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              style={{ marginTop: 8 }}
              message={t('calendar.deadline.uncovered', { years: result.uncoveredYears.join('、') })}
            />
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
