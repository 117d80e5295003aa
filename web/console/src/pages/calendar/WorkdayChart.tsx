/** Bar chart of working days per month (ECharts, loaded only with this page). */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** Renders `counts` (12 numbers) as bars labelled with month names. */
export function WorkdayChart({ counts }: { counts: number[] }) {
  const { t, i18n } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!el.current) return;
    const instance = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({
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
    });
  }, [counts, t, i18n.language]);

  return <div ref={el} className="qf-chart" data-testid="calendar-chart" />;
}
