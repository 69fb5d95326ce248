// The 30-day trend (requests and contacts per day) with uPlot, in a box of fixed height; new data is set on the
// existing chart, so a live update redraws the lines without rebuilding or moving anything.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'preact/hooks';
import { formatDate } from '../../format';

const HEIGHT = 240;
const DAY = 86_400;

interface Props {
  /** The first day (YYYY-MM-DD, Istanbul); 30 days are drawn from it. */
  from: string;
  requests: Record<string, number> | null;
  contacts: Record<string, number> | null;
  labels: { day: string; requests: string; contacts: string };
  /** What the chart says, for screen readers. */
  summary: string;
}

function days(from: string): string[] {
  const start = Date.parse(`${from}T12:00:00Z`);
  const out: string[] = [];
  for (let i = 0; i < 30; i++) out.push(new Date(start + i * DAY * 1000).toISOString().slice(0, 10));
  return out;
}

function data(from: string, requests: Record<string, number> | null, contacts: Record<string, number> | null): uPlot.AlignedData {
  const ds = days(from);
  return [
    ds.map((d) => Date.parse(`${d}T12:00:00Z`) / 1000),
    ds.map((d) => requests?.[d] ?? 0),
    ds.map((d) => contacts?.[d] ?? 0),
  ];
}

export function TrendChart({ from, requests, contacts, labels, summary }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Europe/Istanbul'),
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(4, Math.ceil(max * 1.15))] } },
      axes: [
        { values: (_u, ticks) => ticks.map((v) => formatDate(new Date(v * 1000).toISOString()).slice(0, 5)) },
        { size: 44 },
      ],
      series: [
        { label: labels.day, value: (_u, v) => (v === null ? '' : formatDate(new Date(v * 1000).toISOString())) },
        { label: labels.requests, stroke: '#0b4f8a', width: 2, fill: 'rgba(11,79,138,0.08)', points: { size: 5 } },
        { label: labels.contacts, stroke: '#e87722', width: 2, dash: [6, 4], points: { size: 4 } },
      ],
      // Just the series names: the values are read from the axes (and the figure's text for screen readers).
      legend: { show: true, live: false },
    };
    const u = new uPlot(opts, data(from, requests, contacts), el);
    plot.current = u;
    const ro = new ResizeObserver(() => {
      const w = Math.max(200, el.clientWidth);
      if (Math.abs(w - u.width) > 1) u.setSize({ width: w, height: HEIGHT });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // Labels change with the language: rebuild then.
  }, [labels.day, labels.requests, labels.contacts]);

  useEffect(() => {
    plot.current?.setData(data(from, requests, contacts));
  }, [from, requests, contacts]);

  return (
    <figure class="trend" aria-label={summary}>
      <div ref={box} class="trend__plot" data-testid="trend-chart" />
      <figcaption class="sr-only">{summary}</figcaption>
    </figure>
  );
}
