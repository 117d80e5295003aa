/**
 * One ECharts canvas: made when the box mounts, resized with the box, disposed when it goes, its
 * option replaced whole (not merged) whenever `option` changes. The caller registers the charts
 * and components it draws (`echarts.use`); the canvas renderer is registered here. Import it only
 * from pages loaded on demand, so ECharts stays out of the console's first load.
 */
import { type HTMLAttributes, useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([CanvasRenderer]);

/** The chart's option (memoise it: each new object redraws) and the box's own attributes (style, data-testid…). */
export type EChartProps = { option: EChartsCoreOption } & HTMLAttributes<HTMLDivElement>;

/** A box drawing `option` with ECharts. */
export function EChart({ option, ...box }: EChartProps) {
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
  return <div ref={el} {...box} />;
}
