/**
 * The ledger's two charts (ECharts): progress by township or by source (stacked bars of items
 * outstanding within their deadline, overdue and closed) and the overdue trend over 12 weeks.
 */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import type { EChartsCoreOption } from 'echarts/core';
import { EChart } from '../../components/EChart.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent]);

/** The charts' box. */
const BOX = { width: '100%', height: 260 } as const;

/** A group's counts. */
export interface ProgressGroup {
  name: string;
  outstanding: number;
  overdue: number;
  closed: number;
}

/** Stacked bars per group: within the deadline, overdue, closed (销号). */
export function ProgressChart({
  groups,
  labels,
  testId,
}: {
  groups: ProgressGroup[];
  labels: { pending: string; overdue: string; closed: string };
  testId: string;
}) {
  const { pending, overdue, closed } = labels;
  const option = useMemo<EChartsCoreOption>(
    () => ({
      // No animation: the ledger's figures are read, not watched (and a screenshot shows them whole).
      animation: false,
      color: ['#1565c0', '#b71c1c', '#2e7d32'],
      grid: { left: 40, right: 12, top: 32, bottom: 48 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      xAxis: {
        type: 'category',
        data: groups.map((g) => g.name),
        axisLabel: { interval: 0, rotate: groups.length > 4 ? 30 : 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: pending, data: groups.map((g) => g.outstanding - g.overdue) },
        { name: overdue, data: groups.map((g) => g.overdue) },
        { name: closed, data: groups.map((g) => g.closed) },
      ].map((s) => ({ ...s, type: 'bar', stack: 'all', barMaxWidth: 40 })),
    }),
    [groups, pending, overdue, closed],
  );
  return <EChart option={option} style={BOX} data-testid={testId} />;
}

/** The overdue trend: one point per week end. */
export function TrendChart({
  weeks,
  label,
  testId,
}: {
  weeks: { weekEnd: string; overdue: number }[];
  label: string;
  testId: string;
}) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      color: ['#b71c1c'],
      grid: { left: 40, right: 12, top: 32, bottom: 28 },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: weeks.map((w) => w.weekEnd.slice(5).replace('-', '/')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'line', name: label, data: weeks.map((w) => w.overdue), areaStyle: { opacity: 0.15 } }],
    }),
    [weeks, label],
  );
  return <EChart option={option} style={BOX} data-testid={testId} />;
}
