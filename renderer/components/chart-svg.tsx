/**
 * A chart drawn as SVG, for a frame drawn once off the page (static-frame.ts): the host's first
 * frame of a wall display is markup only, with no canvas to draw on and no effect to draw with.
 * It is drawn from what the live chart is given (Chart.tsx's toChartData and toOptions of the
 * same props: colours, shortened names, the value format, which axes and legend show), and is
 * replaced by the live chart within a second: the same chart to the eye, not the same pixels.
 *
 * The box's size is unknown when the markup is written, so the SVG is laid out by CSS: its
 * padding holds the axes' names and the legend at their real size in px (18 px, the wall's
 * minimum), and its content box is the plot. Bars, grid and lines are drawn in a nested SVG whose
 * 0–100 viewBox is stretched to the plot (preserveAspectRatio="none", as the live chart fills its
 * box; strokes do not scale); points and texts are placed in percent of the plot, so they stay
 * round and 18 px whatever the box; a doughnut keeps its aspect (a "meet" viewBox).
 */
import type { ChartData, ChartOptions } from 'chart.js';
import { Fragment, type ReactElement } from 'react';
import {
  categoryCentre,
  coord,
  ellipsis,
  fraction,
  isFiniteNumber,
  MAX_LABEL,
  nameEvery,
  niceTicks,
  pct,
  textWidth,
} from './chart-svg-scale';

export interface ChartSvgProps {
  type: 'bar' | 'line' | 'doughnut';
  /** What the live chart is given: Chart.tsx's toChartData and toOptions of the same props. */
  data: ChartData;
  options: ChartOptions;
  ariaLabel: string;
  /** The live chart's text colour, grid colour and font size (Chart.js defaults in Chart.tsx). */
  text: string;
  grid: string;
  font: number;
}

type TickCallback = (value: number, index: number, ticks: { value: number }[]) => unknown;
/** The part of a Chart.js scale's options read here (the live options may have been replaced by a caller's). */
interface Axis {
  display?: unknown;
  stacked?: unknown;
  ticks?: { callback?: unknown; maxTicksLimit?: unknown };
  grid?: { color?: unknown; display?: unknown };
}
interface Series {
  line: boolean;
  label: string;
  values: (number | null)[];
  colour: unknown;
  dash: string | undefined;
}

/** Chart.js's default: not more ticks than this, whatever the options say. */
const MAX_TICKS = 11;
/** Names of a horizontal category axis fit in an assumed width; rows of a vertical one, in a count. */
const NAMES_WIDTH = 560;
const MAX_ROWS = 24;
/** A line of more points than this is drawn without a dot per point (it is a line by then). */
const MAX_DOTS = 120;
const POINT_RADIUS = 4;
const LINE_WIDTH = 4;
const LEGEND_BOX = 18;
const LEGEND_LABEL = 28;
/** Doughnut ring: Chart.js's 50 % cutout, drawn as a stroke along the ring's middle. */
const RING_R = 0.75;
const RING_W = 0.5;
const RING = 2 * Math.PI * RING_R;
/** What Chart.js draws without a colour. */
const NO_COLOUR = 'rgba(0,0,0,0.1)';

/** Chart.js's indexable options: one value, or one per point taken round. */
function colourAt(c: unknown, i: number): string {
  const v = Array.isArray(c) ? (c.length > 0 ? (c as unknown[])[i % c.length] : undefined) : c;
  return typeof v === 'string' ? v : NO_COLOUR;
}
/** One colour for every point of `n` (a group's fill), or undefined when they differ. */
function oneColour(c: unknown, n: number): string | undefined {
  if (!Array.isArray(c)) return colourAt(c, 0);
  const first = colourAt(c, 0);
  for (let i = 1; i < Math.min(n, c.length); i++) if (colourAt(c, i) !== first) return undefined;
  return first;
}

/**
 * The tick labels the live chart prints: its scale's callback (the value format, and no figure
 * named twice) on Chart.js's ticks. A label that fails or says nothing is not printed: one
 * chart's formatter must not take the whole frame down with it.
 */
function tickLabels(ticks: number[], axis: Axis | undefined): (string | null)[] {
  const cb = axis?.ticks?.callback;
  const objs = ticks.map((value) => ({ value }));
  return ticks.map((v, i) => {
    let out: unknown = v;
    if (typeof cb === 'function') {
      try {
        out = (cb as TickCallback)(v, i, objs);
      } catch {
        out = null;
      }
    }
    if (out === null || out === undefined || out === '') return null;
    return Array.isArray(out) ? out.join(' ') : String(out);
  });
}

function toSeries(data: ChartData, type: ChartSvgProps['type'], n: number): Series[] {
  return (data.datasets ?? []).map((d) => {
    const line = type === 'line' || d.type === 'line';
    const raw: unknown[] = Array.isArray(d.data) ? (d.data as unknown[]) : [];
    const dash = (d as { borderDash?: unknown }).borderDash;
    return {
      line,
      label: String(d.label ?? ''),
      values: Array.from({ length: n }, (_, i) => (isFiniteNumber(raw[i]) ? raw[i] : null)),
      colour: line ? d.borderColor : d.backgroundColor,
      dash: Array.isArray(dash) && dash.every(isFiniteNumber) ? dash.join(' ') : undefined,
    };
  });
}

interface LegendItem {
  label: string;
  colour: string;
}
/** The legend's rows or row, placed from an origin the caller puts where the legend goes. */
function legendItems(items: LegendItem[], side: boolean, font: number): { el: ReactElement; width: number; height: number } {
  const row = Math.max(LEGEND_BOX, font) + 8;
  const widths = items.map((it) => LEGEND_BOX + 8 + textWidth(it.label, font));
  const width = side ? Math.max(0, ...widths) : widths.reduce((a, w) => a + w, 0) + 16 * Math.max(0, items.length - 1);
  let x = side ? 0 : -width / 2;
  const el = (
    <>
      {items.map((it, i) => {
        const at = side ? { x: 0, y: (i - items.length / 2) * row } : { x, y: 0 };
        if (!side) x += widths[i]! + 16;
        return (
          <Fragment key={i}>
            <rect x={coord(at.x)} y={coord(at.y + (row - LEGEND_BOX) / 2)} width={LEGEND_BOX} height={LEGEND_BOX} fill={it.colour} />
            <text x={coord(at.x + LEGEND_BOX + 8)} y={coord(at.y + row / 2)} dy=".35em">
              {it.label}
            </text>
          </Fragment>
        );
      })}
    </>
  );
  return { el, width, height: side ? row * items.length : row };
}

type Pad = { top: number; right: number; bottom: number; left: number };

/** The legend to the right of the plot, centred on it, or above it; the padding it takes. */
function placeLegend(legend: { el: ReactElement; width: number; height: number }, side: boolean, pad: Pad, text: string, font: number): { pad: Pad; el: ReactElement } {
  if (side) {
    return {
      pad: { ...pad, right: pad.right + Math.ceil(legend.width) + 24 },
      el: (
        <svg key="legend" x="100%" y="50%" overflow="visible">
          <g data-legend="" fill={text} fontSize={font} transform="translate(16 0)">
            {legend.el}
          </g>
        </svg>
      ),
    };
  }
  return {
    pad: { ...pad, top: pad.top + legend.height + 8 },
    el: (
      <svg key="legend" x="50%" y={-(pad.top + legend.height + 4)} overflow="visible">
        <g data-legend="" fill={text} fontSize={font}>
          {legend.el}
        </g>
      </svg>
    ),
  };
}

export function ChartSvg(p: ChartSvgProps) {
  const { options, font } = p;
  const labels = (p.data.labels ?? []).map((l) => (l === null || l === undefined ? '' : String(l)));
  const n = labels.length;
  const series = toSeries(p.data, p.type, n);
  const legendOpts = (options.plugins as { legend?: { display?: unknown; position?: unknown } } | undefined)?.legend;
  // Chart.js shows a legend unless told not to; its side is where the live options put it.
  const legendShown = legendOpts?.display !== false;
  const legendSide = legendOpts?.position === 'right' || legendOpts?.position === 'left';
  const legendOf = (items: LegendItem[]) => legendItems(items.map((it) => ({ ...it, label: ellipsis(it.label, LEGEND_LABEL) })), legendSide, font);

  let pad: Pad = { top: 4, right: 4, bottom: 4, left: 4 };
  let plot: ReactElement | null = null;
  const over: ReactElement[] = [];

  if (p.type === 'doughnut') {
    const first = series[0];
    const values = first ? first.values.map((v) => (v === null ? 0 : Math.abs(v))) : [];
    const total = values.reduce((a, v) => a + v, 0);
    const colours = p.data.datasets?.[0]?.backgroundColor;
    let start = 0;
    plot = (
      <svg viewBox="-1 -1 2 2" width="100%" height="100%">
        <g data-series="0" fill="none" strokeWidth={RING_W} transform="rotate(-90)">
          {values.map((v, i) => {
            if (!(v > 0) || !(total > 0) || !Number.isFinite(total)) return null;
            const len = (v / total) * RING;
            const el = <circle key={i} r={RING_R} stroke={colourAt(colours, i)} strokeDasharray={`${coord(len)} ${coord(RING)}`} strokeDashoffset={coord(-start)} />;
            start += len;
            return el;
          })}
        </g>
      </svg>
    );
    if (legendShown && n > 0) {
      const shown = labels.slice(0, MAX_ROWS);
      const placed = placeLegend(legendOf(shown.map((label, i) => ({ label, colour: colourAt(colours, i) }))), legendSide, pad, p.text, font);
      pad = placed.pad;
      over.push(placed.el);
    }
  } else {
    const horizontal = options.indexAxis === 'y';
    const scales = ((options as { scales?: Record<string, Axis | undefined> }).scales ?? {}) as Record<string, Axis | undefined>;
    const valueAxis = scales[horizontal ? 'x' : 'y'];
    const catAxis = scales[horizontal ? 'y' : 'x'];
    const stacked = !!valueAxis?.stacked;
    const valueShown = valueAxis?.display !== false && n > 0;
    const catShown = catAxis?.display !== false && n > 0;

    // The value range: each stack's sums when stacked, every value otherwise; zero always in.
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < n; i++) {
      let up = 0;
      let down = 0;
      for (const s of series) {
        const v = s.values[i];
        if (v === null || v === undefined) continue;
        if (stacked && !s.line) {
          if (v >= 0) up += v;
          else down += v;
        } else {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
      lo = Math.min(lo, down);
      hi = Math.max(hi, up);
    }
    const limit = isFiniteNumber(valueAxis?.ticks?.maxTicksLimit) ? valueAxis.ticks.maxTicksLimit : MAX_TICKS;
    const ticks = niceTicks(lo, hi, Math.max(2, Math.min(MAX_TICKS, limit)));
    const tickText = valueShown ? tickLabels(ticks, valueAxis) : [];
    const at = (v: number) => fraction(v, ticks);

    // Category geometry: bars in the middle of their slot (80 % of it, 90 % of that per bar, as Chart.js).
    const bars = series.filter((s) => !s.line);
    const offset = p.type === 'bar';
    const slot = n > 0 ? 1 / n : 0;
    const groups = stacked ? 1 : Math.max(1, bars.length);
    const barWidth = ((slot * 0.8) / groups) * 0.9;
    const up = new Array<number>(n).fill(0);
    const down = new Array<number>(n).fill(0);
    /** A rect in the plot's 0–100 units from category position `c`, thickness `w`, values `a`–`b`. */
    const rect = (c: number, w: number, a: number, b: number) => {
      const f0 = Math.min(at(a), at(b));
      const f1 = Math.max(at(a), at(b));
      return horizontal
        ? { x: coord(f0 * 100), y: coord(c * 100), width: coord((f1 - f0) * 100), height: coord(w * 100) }
        : { x: coord(c * 100), y: coord((1 - f1) * 100), width: coord(w * 100), height: coord((f1 - f0) * 100) };
    };
    /** A point's place as fractions of the plot (x right, y down). */
    const point = (i: number, v: number) => {
      const c = categoryCentre(i, n, offset);
      return horizontal ? { x: at(v), y: c } : { x: c, y: 1 - at(v) };
    };

    const gridColour = typeof valueAxis?.grid?.color === 'string' ? valueAxis.grid.color : p.grid;
    const gridShown = valueShown && valueAxis?.grid?.display !== false;
    plot = (
      <svg viewBox="0 0 100 100" preserveAspectRatio="none" width="100%" height="100%" overflow="visible">
        {gridShown ? (
          <g data-grid="" stroke={gridColour}>
            {ticks.map((t, i) => {
              const f = coord((horizontal ? at(t) : 1 - at(t)) * 100);
              return horizontal ? (
                <line key={i} x1={f} x2={f} y1="0" y2="100" vectorEffect="non-scaling-stroke" />
              ) : (
                <line key={i} x1="0" x2="100" y1={f} y2={f} vectorEffect="non-scaling-stroke" />
              );
            })}
          </g>
        ) : null}
        {series.map((s, k) => {
          if (s.line || n === 0) return null;
          const b = bars.indexOf(s);
          const fill = oneColour(s.colour, n);
          return (
            <g key={k} data-series={k} fill={fill}>
              {s.values.map((v, i) => {
                if (v === null) return null;
                let c = i * slot + slot * 0.1 + (slot * 0.8 * 0.05) / groups;
                let from = 0;
                if (stacked) {
                  from = v >= 0 ? up[i]! : down[i]!;
                  if (v >= 0) up[i] = from + v;
                  else down[i] = from + v;
                } else {
                  c += (b * slot * 0.8) / groups;
                }
                return <rect key={i} {...rect(c, barWidth, from, from + v)} fill={fill ? undefined : colourAt(s.colour, i)} />;
              })}
            </g>
          );
        })}
        {series.map((s, k) => {
          if (!s.line) return null;
          const d = s.values
            .flatMap((v, i) => (v === null ? [] : [point(i, v)]))
            .map((q, j) => `${j === 0 ? 'M' : 'L'}${coord(q.x * 100)} ${coord(q.y * 100)}`)
            .join('');
          return d ? (
            <path
              key={k}
              data-line={k}
              d={d}
              fill="none"
              stroke={colourAt(s.colour, 0)}
              strokeWidth={LINE_WIDTH}
              strokeDasharray={s.dash}
              strokeLinejoin="round"
              vectorEffect="non-scaling-stroke"
            />
          ) : null;
        })}
      </svg>
    );

    // Dots of the lines, over the plot in percent of it: round whatever the box's shape.
    series.forEach((s, k) => {
      const dots = s.values.flatMap((v, i) => (v === null ? [] : [point(i, v)]));
      if (!s.line || dots.length === 0 || dots.length > MAX_DOTS) return;
      over.push(
        <g key={`p${k}`} data-points={k} fill={colourAt(s.colour, 0)}>
          {dots.map((q, j) => (
            <circle key={j} cx={pct(q.x)} cy={pct(q.y)} r={POINT_RADIUS} />
          ))}
        </g>,
      );
    });

    // Category names: each row named on a horizontal chart (as the live one) up to what rows fit;
    // along the bottom, as many as an assumed width holds, the others skipped (Chart.js's autoSkip).
    const names = labels.map((l) => ellipsis(l, MAX_LABEL));
    const widest = catShown ? Math.max(0, ...names.map((s) => textWidth(s, font))) : 0;
    const every = horizontal ? nameEvery(n, MAX_ROWS) : nameEvery(n, Math.min(30, NAMES_WIDTH / (widest + 16)));
    const shownNames = catShown ? names.flatMap((s, i) => (i % every === 0 ? [{ s, i }] : [])) : [];
    const widestTick = Math.max(0, ...tickText.map((t) => (t === null ? 0 : textWidth(t, font))));
    const below = font + 14;

    if (horizontal) {
      pad = {
        top: Math.ceil(font / 2),
        left: catShown ? Math.ceil(widest) + 10 : 4,
        bottom: valueShown ? below : 4,
        right: valueShown ? Math.ceil(textWidth(tickText[tickText.length - 1] ?? '', font) / 2) + 4 : 8,
      };
    } else {
      const lastName = shownNames[shownNames.length - 1]?.s ?? '';
      pad = {
        top: Math.ceil(font / 2) + 2,
        left: valueShown ? Math.ceil(widestTick) + 10 : 4,
        bottom: catShown ? below : Math.ceil(font / 2),
        right: !offset && catShown ? Math.ceil(textWidth(lastName, font) / 2) + 4 : 8,
      };
    }

    if (valueShown) {
      over.push(
        <g key="value" data-axis="value" fill={p.text} fontSize={font} textAnchor={horizontal ? 'middle' : 'end'}>
          {ticks.map((t, i) => {
            const label = tickText[i];
            if (label === null || label === undefined) return null;
            return horizontal ? (
              <text key={i} x={pct(at(t))} y="100%" dy={font + 6}>
                {label}
              </text>
            ) : (
              <text key={i} x="-10" y={pct(1 - at(t))} dy=".35em">
                {label}
              </text>
            );
          })}
        </g>,
      );
    }
    if (shownNames.length > 0) {
      over.push(
        <g key="cat" data-axis="category" fill={p.text} fontSize={font} textAnchor={horizontal ? 'end' : 'middle'}>
          {shownNames.map(({ s, i }) => {
            const c = pct(categoryCentre(i, n, offset));
            return horizontal ? (
              <text key={i} x="-10" y={c} dy=".35em">
                {s}
              </text>
            ) : (
              <text key={i} x={c} y="100%" dy={font + 6}>
                {s}
              </text>
            );
          })}
        </g>,
      );
    }

    if (legendShown && series.length > 0) {
      const placed = placeLegend(legendOf(series.map((s) => ({ label: s.label, colour: colourAt(s.colour, 0) }))), legendSide, pad, p.text, font);
      pad = placed.pad;
      over.push(placed.el);
    }
  }

  return (
    <svg
      role="img"
      aria-label={p.ariaLabel}
      className="chart__svg"
      width="100%"
      height="100%"
      style={{ padding: `${pad.top}px ${pad.right}px ${pad.bottom}px ${pad.left}px` }}
    >
      {plot}
      {over}
    </svg>
  );
}
