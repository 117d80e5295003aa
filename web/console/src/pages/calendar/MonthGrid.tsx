/** Twelve small month grids marking holidays (放假), make-up working days (调休上班) and weekends. */
import { Tooltip } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { CalendarDay } from '../../api/types.js';
import { dayStatus, monthCells } from './calendar-days.js';

/** The year's months; in edit mode a click on a day calls `onToggle`. */
export function MonthGrid({
  year,
  special,
  onToggle,
}: {
  year: number;
  special: ReadonlyMap<string, CalendarDay>;
  onToggle?: (date: string) => void;
}) {
  const { t } = useTranslation();
  const weekdays = t('calendar.weekdays').split(',');
  return (
    <div className="qf-months" data-testid="calendar-months">
      {Array.from({ length: 12 }, (_, month) => (
        <div className="qf-month" key={month}>
          <div className="qf-month-title">{dayjs(new Date(year, month, 1)).format('MMMM')}</div>
          <div className="qf-month-grid">
            {weekdays.map((w) => (
              <div key={w} className="qf-wd">
                {w}
              </div>
            ))}
            {monthCells(year, month).map((date, index) => {
              if (!date) return <div key={`b${index}`} />;
              const status = dayStatus(date, special);
              const day = special.get(date);
              const classes = ['qf-day'];
              if (status === 'weekend') classes.push('is-weekend');
              if (status === 'holiday') classes.push('is-holiday');
              if (status === 'workday') classes.push('is-workday');
              if (onToggle) classes.push('is-editable');
              const cell = (
                <div
                  key={date}
                  className={classes.join(' ')}
                  data-date={date}
                  data-kind={day?.kind ?? status}
                  onClick={onToggle ? () => onToggle(date) : undefined}
                >
                  {Number(date.slice(8))}
                  {status === 'holiday' ? <span className="qf-day-mark">{t('calendar.holidayMark')}</span> : null}
                  {status === 'workday' ? <span className="qf-day-mark">{t('calendar.workdayMark')}</span> : null}
                </div>
              );
              return day ? (
                <Tooltip key={date} title={`${date} ${day.name} · ${t(`calendar.${day.kind}`)}`}>
                  {cell}
                </Tooltip>
              ) : (
                cell
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
