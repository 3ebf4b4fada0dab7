import { useEffect, useId, useRef, useState } from "react";

// A small inline-SVG line chart (the app has no chart library): one or more series over a
// numeric x axis, gaps where a value is null, an optional target band, and ticks on both axes.

export interface ChartPoint {
  x: number;
  y: number | null;
  /** Shown as the point's tooltip. */
  label?: string;
}

export interface ChartSeries {
  id: string;
  label: string;
  points: ChartPoint[];
  /** Stroke and fill colour classes, light and dark. */
  colour: string;
}

/** Until the container is measured (and in tests, which have no layout). */
const DEFAULT_WIDTH = 640;
const MARGIN = { top: 10, right: 14, bottom: 26, left: 44 };

/** Round numbers between lo and hi, about `count` of them; `steps`: the spacings allowed, in
 * increasing order (default: 1, 2, 2.5 or 5 times a power of ten). */
export function ticks(lo: number, hi: number, count = 5, steps?: readonly number[]): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const allowed = steps ?? [1, 2, 2.5, 5, 10].map((m) => m * magnitude);
  const step = allowed.find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let value = Math.ceil(lo / step) * step; value <= hi + step * 1e-9; value += step) {
    out.push(Number(value.toFixed(10)));
  }
  return out;
}

/** Runs of consecutive non-null points: a null breaks the line. */
function runs(points: ChartPoint[]): { x: number; y: number; label?: string }[][] {
  const out: { x: number; y: number; label?: string }[][] = [];
  let current: { x: number; y: number; label?: string }[] = [];
  for (const point of points) {
    if (point.y === null || !Number.isFinite(point.y)) {
      if (current.length) out.push(current);
      current = [];
    } else {
      current.push({ x: point.x, y: point.y, label: point.label });
    }
  }
  if (current.length) out.push(current);
  return out;
}

export function LineChart({
  title,
  summary,
  series,
  xDomain,
  yDomain,
  xTicks,
  yTicks,
  formatX,
  formatY = (value) => String(value),
  band,
  height = 200,
  dots = false,
}: {
  title: string;
  /** What the chart shows, in words, for people who cannot see it. */
  summary: string;
  series: ChartSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: number[];
  yTicks: number[];
  formatX: (value: number) => string;
  formatY?: (value: number) => string;
  /** A shaded range on the y axis (the target), with what it is, said under the chart. */
  band?: { from: number; to: number; label: string };
  height?: number;
  /** Draw every point, not only lone ones. */
  dots?: boolean;
}) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  // Drawn at the container's own width, so that text and dots keep their size on any screen.
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  useEffect(() => {
    const element = box.current;
    if (!element || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      const measured = Math.round(entry?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const [x0, x1] = xDomain;
  const [y0, y1] = yDomain;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const sx = (x: number) => MARGIN.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * plotW : plotW / 2);
  const sy = (y: number) => {
    const clamped = Math.min(y1, Math.max(y0, y));
    return MARGIN.top + plotH - ((clamped - y0) / (y1 - y0)) * plotH;
  };
  return (
    <div ref={box}>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        height={height}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {band && (
          <g>
            <rect
              x={MARGIN.left}
              width={plotW}
              y={sy(band.to)}
              height={Math.max(0, sy(band.from) - sy(band.to))}
              className="fill-emerald-500/10 dark:fill-emerald-400/10"
            />
          </g>
        )}
        <g className="text-[11px]" aria-hidden="true">
          {yTicks.map((value) => (
            <g key={`y${value}`}>
              <line
                x1={MARGIN.left}
                x2={MARGIN.left + plotW}
                y1={sy(value)}
                y2={sy(value)}
                className="stroke-zinc-200 dark:stroke-zinc-800"
              />
              <text
                x={MARGIN.left - 6}
                y={sy(value)}
                dy="0.32em"
                textAnchor="end"
                className="fill-zinc-500 dark:fill-zinc-400"
              >
                {formatY(value)}
              </text>
            </g>
          ))}
          {xTicks.map((value) => {
            const x = sx(value);
            // Labels at the ends are aligned inwards rather than cut off.
            const anchor =
              x - MARGIN.left < 30 ? "start" : MARGIN.left + plotW - x < 30 ? "end" : "middle";
            return (
              <text
                key={`x${value}`}
                x={x}
                y={height - 8}
                textAnchor={anchor}
                className="fill-zinc-500 dark:fill-zinc-400"
              >
                {formatX(value)}
              </text>
            );
          })}
        </g>
        {series.map((each) => (
          <g key={each.id} className={each.colour}>
            {runs(each.points).map((run, index) => (
              <g key={index}>
                {run.length > 1 && (
                  <polyline
                    points={run.map((p) => `${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(" ")}
                    fill="none"
                    stroke="currentColor"
                    strokeWidth={2}
                    strokeLinejoin="round"
                    strokeLinecap="round"
                  />
                )}
                {(dots || run.length === 1) &&
                  run.map((p) => (
                    <circle
                      key={p.x}
                      cx={sx(p.x)}
                      cy={sy(p.y)}
                      r={3.5}
                      fill="currentColor"
                      className="stroke-white dark:stroke-zinc-900"
                      strokeWidth={1.5}
                    >
                      {p.label && <title>{p.label}</title>}
                    </circle>
                  ))}
              </g>
            ))}
          </g>
        ))}
      </svg>
      {band && (
        // Under the chart, not on the band: the line runs through the band when all goes well.
        <p className="mt-1 flex items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
          <span
            aria-hidden="true"
            className="inline-block size-3 rounded-sm bg-emerald-500/20 dark:bg-emerald-400/20"
          />
          {band.label}
        </p>
      )}
    </div>
  );
}
