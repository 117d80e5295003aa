/**
 * The ledger's two charts (ECharts): progress by township or by source (stacked bars of items
 * outstanding within their deadline, overdue and closed) and the overdue trend over 12 weeks.
 */
import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** One ECharts canvas showing `option`, resized with its box. */
function Chart({ option, testId, height = 260 }: { option: EChartsCoreOption; testId: string; height?: number }) {
  const el = useRef<HTMLDivElement>(null);
  const instance = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const made = echarts.init(el.current, undefined, { renderer: 'canvas' });
    instance.current = made;
    const observer = new ResizeObserver(() => made.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      made.dispose();
      instance.current = null;
    };
  }, []);
  useEffect(() => {
    instance.current?.setOption(option, true);
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testId} />;
}

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
  return <Chart option={option} testId={testId} />;
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
  return <Chart option={option} testId={testId} />;
}
