/** A workbench card's chart (ECharts, loaded only with the workbench). */
import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { WorkbenchCard } from '../../api/workbench.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const COLORS = ['#b71c1c', '#1565c0', '#2e7d32', '#ef6c00'];

/** Renders a card's chart: months along the bottom, one stacked series per kind. */
export function WorkbenchChart({ chart, testId }: { chart: NonNullable<WorkbenchCard['chart']>; testId: string }) {
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
    instance.current?.setOption(
      {
        color: COLORS,
        grid: { left: 32, right: 8, top: 28, bottom: 24 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { fontSize: 11 } },
        xAxis: { type: 'category', data: chart.categories.map((m) => m.slice(2).replace('-', '/')) },
        yAxis: { type: 'value', minInterval: 1 },
        series: chart.series.map((s) => ({ type: chart.type, name: s.name, data: s.data, stack: 'all' })),
      },
      true,
    );
  }, [chart]);

  return <div ref={el} className="qf-chart" data-testid={testId} />;
}
