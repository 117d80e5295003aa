/** A workbench card's chart (ECharts, loaded only with the workbench). */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { WorkbenchCard } from '../../api/workbench.js';
import { EChart } from '../../components/EChart.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

const COLORS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00'];

/** Renders a card's chart: months along the bottom, one stacked series per kind. */
export function WorkbenchChart({ chart, testId }: { chart: NonNullable<WorkbenchCard['chart']>; testId: string }) {
  const option = useMemo(
    () => ({
      color: COLORS,
      grid: { left: 32, right: 8, top: 28, bottom: 24 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0, textStyle: { fontSize: 11 } },
      xAxis: { type: 'category', data: chart.categories.map((m) => m.slice(2).replace('-', '/')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: chart.series.map((s) => ({ type: chart.type, name: s.name, data: s.data, stack: 'all' })),
    }),
    [chart],
  );
  return <EChart option={option} className="qf-chart" data-testid={testId} />;
}
