/**
 * The pieces the sanctions pages share: a record's state, its four form, the outcome's name, the
 * effect period in words (start to end, what remains today, the days carried from an earlier
 * sanction, lifted), and a clock's due date.
 */
import { Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/time.js';
import {
  LIGHTER_OUTCOME_LABELS,
  PARTY_SANCTION_LABELS,
  STATE_SANCTION_LABELS,
  outcomeName,
  remainingDays,
} from './sanctionsApi.js';

const STATUS_COLORS: Record<string, string> = {
  drafted: 'processing',
  submitted: 'geekblue',
  decided: 'green',
  revoked: 'default',
  withdrawn: 'default',
};

/** A record's state. */
export function SanctionStatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="sanction-status">
      {t(`sanction.status.${status}`, { defaultValue: status })}
    </Tag>
  );
}

/** The four form (第一种形态 … 第四种形态), or a dash. */
export function FourFormTag({ form }: { form: number | null | undefined }) {
  const { t } = useTranslation();
  if (!form) return <>—</>;
  return <Tag color={form >= 3 ? 'red' : form === 2 ? 'orange' : 'blue'}>{t(`sanction.fourForm.${form}`)}</Tag>;
}

/** The outcome as the engine names it (党内警告, 留党察看一年, 政务警告, 记过, 诫勉…). */
export function OutcomeName({
  sanction,
}: {
  sanction: { system: string; kind: string; probationYears?: number | null };
}) {
  return (
    <span data-testid="sanction-outcome">
      {outcomeName(sanction, {
        party: PARTY_SANCTION_LABELS,
        state: STATE_SANCTION_LABELS,
        lighter: LIGHTER_OUTCOME_LABELS,
      })}
    </span>
  );
}

/** What the effect period shows. */
export interface PeriodFacts {
  status: string;
  effectStart?: string | null;
  effectEnd?: string | null;
  liftedOn?: string | null;
  stackedDays?: number;
}

/** The effect period in words: start to end, and what remains today, or lifted, or not started. */
export function EffectPeriod({ sanction, today }: { sanction: PeriodFacts; today: string }) {
  const { t } = useTranslation();
  const s = sanction;
  if (!s.effectStart || !s.effectEnd)
    return <Typography.Text type="secondary">{t('sanction.effect.none')}</Typography.Text>;
  const left = remainingDays(s.effectEnd, today);
  const ended = s.liftedOn || s.effectEnd < today;
  return (
    <Space size={4} wrap data-testid="sanction-effect">
      <span>
        {formatDate(s.effectStart)} {t('sanction.effect.to')} {formatDate(s.effectEnd)}
      </span>
      {s.status === 'decided' && !ended && left !== null ? (
        <Tag color="red" data-testid="sanction-remaining">
          {t('sanction.effect.remaining', { days: left })}
        </Tag>
      ) : null}
      {s.status === 'decided' && s.effectStart > today ? <Tag>{t('sanction.effect.notStarted')}</Tag> : null}
      {ended && s.status === 'decided' ? (
        <Tag color="green" data-testid="sanction-lifted">
          {s.liftedOn ? t('sanction.effect.lifted', { on: formatDate(s.liftedOn) }) : t('sanction.effect.ended')}
        </Tag>
      ) : null}
      {s.stackedDays ? (
        <Tag color="orange" data-testid="sanction-carried">
          {t('sanction.effect.carried', { days: s.stackedDays })}
        </Tag>
      ) : null}
    </Space>
  );
}

/** A clock's due date, in red once passed (unless met). */
export function ClockDue({ dueOn, met, today }: { dueOn: string | null | undefined; met: boolean; today: string }) {
  const { t } = useTranslation();
  if (!dueOn) return <>—</>;
  if (met) return <span>{formatDate(dueOn)}</span>;
  return dueOn < today ? (
    <Typography.Text type="danger">
      {formatDate(dueOn)} {t('sanction.clock.overdue')}
    </Typography.Text>
  ) : (
    <span>{formatDate(dueOn)}</span>
  );
}
