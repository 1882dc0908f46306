import { FunnelChart as EChartsFunnel } from 'echarts/charts';
import { TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only the funnel, its tooltip and the SVG renderer: the chart chunk stays small, and it is loaded
// only when the tracking page draws it (React.lazy), never with the initial JavaScript.
echarts.use([EChartsFunnel, TooltipComponent, SVGRenderer]);

export interface FunnelChartProps {
  steps: { label: string; value: number; display: string }[];
  /** Spoken for the chart as a whole; the numbers are also in the table next to it. */
  label: string;
}

export default function FunnelChart({ steps, label }: FunnelChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    const max = Math.max(1, ...steps.map((s) => s.value));
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      tooltip: { trigger: 'item', formatter: (p: { name: string; data: { display: string } }) => `${p.name}: ${p.data.display}` },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          min: 0,
          max,
          minSize: '4%',
          gap: 2,
          left: '2%',
          width: '48%',
          // Beside the funnel, in dark text: a narrow stage still reads, at AA contrast.
          label: { show: true, position: 'right', color: '#212529', formatter: (p: { name: string; data: { display: string } }) => `${p.name}: ${p.data.display}` },
          data: steps.map((s) => ({ name: s.label, value: s.value, display: s.display })),
          color: ['#0b5394', '#0e6aa8', '#127fbf', '#1c7c54', '#2b8a3e', '#8c4a00', '#a61e4d'],
        },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [steps]);
  return <div ref={ref} role="img" aria-label={label} data-testid="funnel-chart" style={{ width: '100%', height: 320 }} />;
}
