/** Bar chart of working days per month (ECharts, loaded only with this page). */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart.js';

echarts.use([BarChart, GridComponent, TooltipComponent]);

/** Renders `counts` (12 numbers) as bars labelled with month names. */
export function WorkdayChart({ counts }: { counts: number[] }) {
  const { t, i18n } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 32, right: 8, top: 16, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: {
        type: 'category',
        data: Array.from({ length: 12 }, (_, m) => dayjs(new Date(2000, m, 1)).format('MMM')),
        axisLabel: { fontSize: 11 },
      },
      yAxis: { type: 'value', min: 0, max: 23, interval: 5 },
      series: [
        {
          type: 'bar',
          name: t('calendar.workingDays'),
          data: counts,
          itemStyle: { color: '#b71c1c' },
          label: { show: true, position: 'top', fontSize: 10 },
        },
      ],
    }),
    // The month names follow the language.
    [counts, t, i18n.language],
  );

  return <EChart option={option} className="qf-chart" data-testid="calendar-chart" />;
}
