/**
 * A county setting (县级设置: the repeat window, the review period of parked clues, the recusal
 * workplace window): one number per county, chosen among the counties the caller may set, with
 * "默认" while the county has set none and, for a setting that keeps one, the history of its
 * changes. The server checks scope and bounds and audits every change; this card only edits.
 */
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';
import { Alert, Button, Card, Empty, InputNumber, Select, Space, Table, Tag, Typography, message } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/request.js';
import { formatInstant } from '../lib/time.js';

/** One change as the server lists it (newest first). */
export interface CountySettingChange {
  before: number | null;
  after: number;
  changedByName: string | null;
  changedAt: string;
}

/** What every county setting's answer carries besides its value. */
export interface CountySettingAnswer {
  isDefault: boolean;
  history?: CountySettingChange[];
}

/** The history table's words: title, the two value columns, the empty text and a value's text (null: the default). */
export interface CountySettingHistoryText<S extends CountySettingAnswer> {
  title: string;
  before: string;
  after: string;
  empty: string;
  valueText: (value: number | null, answer: S | null) => string;
}

/** The setting's own words (county, "默认", save and the history's other columns are common). */
export interface CountySettingText {
  /** The card's title; none where the page's title says it. */
  title?: string;
  hint: string;
  /** The input's name (its aria-label; also shown before it with `showLabel`). */
  label: string;
  unit: string;
  saved: string;
}

/** How one setting reads, saves and labels itself. */
export interface CountySettingCardProps<S extends CountySettingAnswer> {
  /** The counties to choose from (the first is shown first). */
  counties: readonly { code: string; name: string }[];
  load: (regionCode: string) => Promise<S>;
  save: (regionCode: string, value: number) => Promise<S>;
  /** The setting's value in an answer. */
  valueOf: (answer: S) => number;
  /** The largest value the server accepts (the smallest is 1). */
  max: number;
  text: CountySettingText;
  showLabel?: boolean;
  testIds: { card: string; input: string; save: string; history?: string };
  /** Shows the answer's `history` in a second card. */
  history?: CountySettingHistoryText<S>;
  style?: CSSProperties;
}

/** The card: county select, the number, "默认" while the default applies, save; the history below where kept. */
export function CountySettingCard<S extends CountySettingAnswer>(props: CountySettingCardProps<S>) {
  const { counties, load, save, valueOf, text } = props;
  const { t } = useTranslation();
  const [county, setCounty] = useState<string | null>(null);
  const [answer, setAnswer] = useState<S | null>(null);
  const [value, setValue] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const code = county ?? counties[0]?.code ?? null;

  useEffect(() => {
    if (!code) return;
    let live = true;
    load(code)
      .then((s) => {
        if (!live) return;
        setAnswer(s);
        setValue(valueOf(s));
        setError(null);
      })
      .catch((err: unknown) => live && setError(errorMessage(err)));
    return () => {
      live = false;
    };
    // load and valueOf are module functions: the county alone decides what to read.
  }, [code]);

  if (!code) return null;
  const onSave = () => {
    if (!value) return;
    setSaving(true);
    save(code, value)
      .then((s) => {
        setAnswer(s);
        setError(null);
        void message.success(text.saved);
      })
      .catch((err: unknown) => setError(errorMessage(err)))
      .finally(() => setSaving(false));
  };
  const card = (
    <Card size="small" title={text.title} style={props.style} data-testid={props.testIds.card}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{text.hint}</Typography.Text>
        {error ? <Alert type="error" showIcon message={error} /> : null}
        <Space wrap>
          <Select
            value={code}
            onChange={setCounty}
            style={{ width: 200 }}
            aria-label={t('countySetting.county')}
            options={counties.map((c) => ({ value: c.code, label: c.name }))}
          />
          {props.showLabel ? <Typography.Text>{text.label}</Typography.Text> : null}
          <InputNumber
            min={1}
            max={props.max}
            precision={0}
            value={value}
            onChange={(v) => setValue(v)}
            addonAfter={text.unit}
            aria-label={text.label}
            data-testid={props.testIds.input}
          />
          {answer?.isDefault ? <Tag>{t('countySetting.isDefault')}</Tag> : null}
          <Button type="primary" loading={saving} disabled={!value} onClick={onSave} data-testid={props.testIds.save}>
            {t('countySetting.save')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
  if (!props.history) return card;
  return (
    <>
      {card}
      <HistoryCard text={props.history} answer={answer} testId={props.testIds.history} t={t} />
    </>
  );
}

/** The changes of the shown county, newest first. */
function HistoryCard<S extends CountySettingAnswer>({
  text,
  answer,
  testId,
  t,
}: {
  text: CountySettingHistoryText<S>;
  answer: S | null;
  testId: string | undefined;
  t: (key: string) => string;
}): ReactNode {
  const columns: TableColumnsType<CountySettingChange> = [
    {
      title: t('countySetting.changedAt'),
      dataIndex: 'changedAt',
      width: 170,
      render: (v: string) => formatInstant(v),
    },
    {
      title: text.before,
      dataIndex: 'before',
      width: 140,
      render: (v: number | null) => text.valueText(v, answer),
    },
    {
      title: text.after,
      dataIndex: 'after',
      width: 120,
      render: (v: number) => text.valueText(v, answer),
    },
    { title: t('countySetting.changedBy'), dataIndex: 'changedByName', render: (v: string | null) => v ?? '—' },
  ];
  return (
    <Card size="small" title={text.title} style={{ marginTop: 16 }}>
      <Table<CountySettingChange>
        rowKey={(c) => `${c.changedAt}-${c.after}`}
        size="small"
        columns={columns}
        dataSource={answer?.history ?? []}
        pagination={false}
        locale={{ emptyText: <Empty description={text.empty} /> }}
        data-testid={testId}
      />
    </Card>
  );
}
