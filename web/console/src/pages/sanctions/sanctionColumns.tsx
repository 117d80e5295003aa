/**
 * The columns of a sanction's line that the case's 处理结果 tab and the integrity file show alike:
 * its outcome (linked to its page), state, four form and decision date, and its effect period.
 */
import type { TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { Link } from 'react-router-dom';
import { formatDate } from '../../lib/time.js';
import type { SanctionLine } from './sanctionsApi.js';
import { EffectPeriod, FourFormTag, OutcomeName, SanctionStatusTag } from './SanctionTags.js';

/** Outcome (a link whose test id is `linkTestId`), state, four form and decision date. */
export function sanctionLineColumns<T extends SanctionLine>(t: TFunction, linkTestId: string): TableColumnsType<T> {
  return [
    {
      title: t('sanction.outcome'),
      dataIndex: 'kind',
      width: 150,
      render: (_: string, r) => (
        <Link to={`/sanctions/${r.id}`} data-testid={linkTestId}>
          <OutcomeName sanction={r} />
        </Link>
      ),
    },
    {
      title: t('sanction.status.label'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => <SanctionStatusTag status={s} />,
    },
    {
      title: t('sanction.fourForm.label'),
      dataIndex: 'fourForm',
      width: 120,
      render: (f: number | null) => <FourFormTag form={f} />,
    },
    {
      title: t('sanction.decidedOn'),
      dataIndex: 'decidedOn',
      width: 110,
      render: (v: string | null) => formatDate(v) || '—',
    },
  ];
}

/** The effect period as of `today` (Shanghai date), `width` wide when given. */
export function effectPeriodColumn<T extends SanctionLine>(
  t: TFunction,
  today: string,
  width?: number,
): TableColumnsType<T>[number] {
  return {
    title: t('sanction.effect.label'),
    dataIndex: 'effectEnd',
    ...(width === undefined ? {} : { width }),
    render: (_: string | null, r) => <EffectPeriod sanction={r} today={today} />,
  };
}
