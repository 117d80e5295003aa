/** Bar chart of a quarter's points per village or informant (ECharts, loaded only with this page). */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../components/EChart.js';

echarts.use([BarChart, GridComponent, TooltipComponent]);

/** Horizontal bars, highest first, of `lines` (name → points). */
export function GridRankingChart({ lines, testId }: { lines: { name: string; points: number }[]; testId: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const top = lines.slice(0, 15).reverse();
    return {
      grid: { left: 96, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: top.map((l) => l.name), axisLabel: { fontSize: 11 } },
      series: [
        {
          type: 'bar',
          name: t('grid.points'),
          data: top.map((l) => l.points),
          itemStyle: { color: '#b71c1c' },
          label: { show: true, position: 'right', fontSize: 10 },
        },
      ],
    };
  }, [lines, t]);
  return (
    <EChart
      option={option}
      className="qf-chart"
      style={{ height: Math.max(160, Math.min(15, lines.length) * 28 + 40) }}
      data-testid={testId}
    />
  );
}
