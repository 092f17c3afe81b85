/**
 * Chart.js 4 for panels, tuned for the wall: only the controllers we use are registered
 * (tree-shaken), dark theme, 18px minimum text, no animation (a wall repaints on data, not
 * for show; and `onPainted` fires on the first real draw). The chart is created once and
 * updated in place when data changes, so live updates do not flicker.
 *
 *   <Chart type="bar" data={{ labels, datasets: [{ label, data }] }} onPainted={mark} />
 *
 * Datasets without colours get the palette below (Paul Tol "bright", colour-blind safe);
 * pass `color` on a dataset to use a domain accent.
 */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  DomPlatform,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartData,
  type ChartEvent,
  type ChartOptions,
  type ChartType,
} from 'chart.js';
import { getMaximumSize } from 'chart.js/helpers';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { formatCompact, formatNumber } from '../format';
import { CanvasPool } from './canvas-pool';
import { ChartSvg } from './chart-svg';
import { shortLabel } from './chart-svg-scale';
import { useStaticFrame } from './static-frame';
import { useSurface } from './surface';
import { useTranslation } from '../i18n';

ChartJS.register(
  BarController, LineController, DoughnutController,
  CategoryScale, LinearScale,
  BarElement, LineElement, PointElement, ArcElement,
  Legend, Tooltip, Filler,
);

/**
 * Chart.js's DOM platform without its 'detach' watch. A responsive chart on the page watches
 * the whole document for removed nodes (a MutationObserver on `document`, subtree), to notice
 * its canvas leaving: with the charts of every canvas a display keeps mounted, each node Leaflet
 * or React added or removed anywhere was a record for each of them, and each removal a
 * `contains` check per chart. Here a chart lives exactly as long as its component (destroyed in
 * the effect's cleanup), so there is nothing to notice; and between React removing the DOM and
 * that cleanup the watch only made a dying chart stop and resize to 0×0. Attaching (a canvas
 * created outside the document) and resizing are Chart.js's own, unchanged.
 */
class ComponentPlatform extends DomPlatform {
  override addEventListener(chart: ChartJS, type: string, listener: (e: ChartEvent) => void): void {
    if (type === 'detach') return;
    super.addEventListener(chart, type, listener);
  }

  /**
   * A wall chart taken down keeps its canvas's size for the next chart of that size (see
   * keptCanvases): Chart.js would set it back to its first 300×150 and drop the bitmap.
   */
  override releaseContext(context: CanvasRenderingContext2D): boolean {
    const canvas = context.canvas;
    if (!toKeep.has(canvas)) return super.releaseContext(context);
    delete (canvas as HTMLCanvasElement & { $chartjs?: unknown }).$chartjs;
    return true;
  }

  /** While a chart is created (createLaidOut): the size read for it with the others of its batch. */
  override getMaximumSize(canvas: HTMLCanvasElement, width?: number, height?: number, aspectRatio?: number): { width: number; height: number } {
    const read = width === undefined && height === undefined && !aspectRatio ? sizeRead.get(boxOf(canvas)) : undefined;
    return read ?? super.getMaximumSize(canvas, width, height, aspectRatio);
  }
}

/**
 * Charts are created in batches, their sizes read first. Creating a chart reads its box from the
 * layout (Chart.js's getMaximumSize, twice) and then writes the canvas's size: with the charts of
 * a layout switch created one after the other in their effects, each read came after the previous
 * chart's writes and forced a fresh style and layout of the page, once or twice per chart. The
 * effects of one commit queue their charts; a microtask, once they have all run, reads every
 * size in one pass (one layout) with the same function Chart.js uses, then creates the charts,
 * which take the size read (ComponentPlatform) instead of reading it again. Same sizes, same
 * pixels; a later resize is Chart.js's own (its ResizeObserver).
 */
type Size = { width: number; height: number };
/**
 * Sizes read, by the chart's box (the canvas's parent, which Chart.js measures): a wall chart
 * may be created on a kept canvas put in its placeholder's place, in the same box.
 */
const sizeRead = new WeakMap<object, Size>();
const boxOf = (canvas: HTMLCanvasElement): object => canvas.parentNode ?? canvas;
const toCreate = new globalThis.Map<HTMLCanvasElement, { create(size: Size): void; fail(err: unknown): void }>();
function flushCreate(): void {
  const batch = [...toCreate];
  toCreate.clear();
  const sizes = batch.map(([canvas]) => getMaximumSize(canvas));
  batch.forEach(([canvas, { create, fail }], i) => {
    const size = sizes[i]!;
    const box = boxOf(canvas);
    sizeRead.set(box, size);
    try {
      create(size);
    } catch (err) {
      // One chart failing must not leave the others of the batch uncreated.
      fail(err);
    } finally {
      sizeRead.delete(box);
    }
  });
}
/** Queues `create` for the next batch; returns the cancel (the component unmounted first). */
function createLaidOut(canvas: HTMLCanvasElement, create: (size: Size) => void, fail: (err: unknown) => void): () => void {
  if (toCreate.size === 0) queueMicrotask(flushCreate);
  toCreate.set(canvas, { create, fail });
  return () => void toCreate.delete(canvas);
}

/**
 * The wall's charts keep their canvases between layouts (canvas-pool.ts). Chart.js's first
 * drawing call on a canvas just given its size allocates the bitmap (its retinaScale's
 * setTransform: 60 ms per cold switch over the six pages of the 3×2 bench wall); a canvas
 * that already has the size keeps its bitmap. Up to one window's pixels per page, oldest freed.
 */
const keptCanvases = new CanvasPool<HTMLCanvasElement>(
  () => innerWidth * innerHeight * devicePixelRatio ** 2,
  (c) => {
    c.width = 0;
    c.height = 0;
  },
);
/** Canvases being destroyed with their chart that go to keptCanvases (ComponentPlatform). */
const toKeep = new WeakSet<HTMLCanvasElement>();

/** In `placeholder`'s place, a kept canvas of the pixel size Chart.js gives a `size` box, if one is kept. */
function adoptKept(placeholder: HTMLCanvasElement, size: Size): HTMLCanvasElement {
  // Chart.js's retinaScale: its width and height rounded to a tenth, times the ratio, floored.
  const device = (n: number) => Math.floor(Math.round(n * devicePixelRatio * 10) / 10);
  const kept = keptCanvases.takeExact(device(size.width), device(size.height));
  if (!kept) return placeholder;
  for (const name of ['role', 'aria-label', 'style']) kept.setAttribute(name, placeholder.getAttribute(name) ?? '');
  placeholder.replaceWith(kept);
  return kept;
}

export const PALETTE = ['#4477AA', '#EE6677', '#228833', '#CCBB44', '#66CCEE', '#AA3377', '#BBBBBB', '#EE7733'];
const TEXT = '#e6ebf2';
const GRID = 'rgba(255,255,255,0.14)';
export const MIN_FONT = 18;

ChartJS.defaults.color = TEXT;
ChartJS.defaults.borderColor = GRID;
ChartJS.defaults.font.family = "'Noto Sans', 'Segoe UI', Roboto, Arial, sans-serif";
ChartJS.defaults.font.size = MIN_FONT;
ChartJS.defaults.animation = false;
ChartJS.defaults.maintainAspectRatio = false;
ChartJS.defaults.responsive = true;
ChartJS.defaults.plugins.legend.labels.boxWidth = 18;
ChartJS.defaults.plugins.legend.labels.boxHeight = 18;
ChartJS.defaults.plugins.tooltip.titleFont = { size: MIN_FONT };
ChartJS.defaults.plugins.tooltip.bodyFont = { size: MIN_FONT };

export type SimpleDataset = {
  label: string;
  data: (number | null)[];
  /** One colour (bar/line) or one per point (doughnut, highlighted bars). */
  color?: string | string[];
  /** Draw this dataset as a line on a bar chart (plan vs actual). */
  asLine?: boolean;
  dashed?: boolean;
};

export interface ChartProps {
  type: 'bar' | 'line' | 'doughnut';
  labels: string[];
  datasets: SimpleDataset[];
  /** Horizontal bars (long district names read better this way). */
  horizontal?: boolean;
  stacked?: boolean;
  legend?: boolean;
  /** Value axis tick format; default compact vi-VN ("1,2 Tr"). */
  formatValue?: (n: number) => string;
  /** Accessible summary of what the chart shows. */
  ariaLabel: string;
  onPainted?(): void;
  /** Clicking a bar/slice: index into labels (drill-down). */
  onPick?(index: number): void;
  className?: string;
  /** Extra Chart.js options, merged shallowly last. */
  options?: ChartOptions;
}

function toChartData(p: ChartProps): ChartData {
  return {
    labels: p.horizontal ? p.labels.map(shortLabel) : p.labels,
    datasets: p.datasets.map((d, i) => {
      const c = d.color ?? (p.type === 'doughnut' ? p.labels.map((_, j) => PALETTE[j % PALETTE.length]!) : PALETTE[i % PALETTE.length]!);
      const line = p.type === 'line' || d.asLine;
      return {
        type: (line ? 'line' : p.type) as ChartType,
        label: d.label,
        data: d.data,
        backgroundColor: line ? 'transparent' : c,
        borderColor: p.type === 'doughnut' ? '#101722' : c,
        borderWidth: line ? 4 : p.type === 'doughnut' ? 2 : 0,
        borderDash: d.dashed ? [10, 6] : undefined,
        pointRadius: line ? 4 : undefined,
        pointBackgroundColor: line ? c : undefined,
        tension: 0.25,
        spanGaps: true,
      } as never;
    }),
  };
}

/** Nothing to draw: no category, or no value in any dataset (an empty database, a domain with no feed yet). */
const hasNoValues = (p: Pick<ChartProps, 'labels' | 'datasets'>): boolean =>
  p.labels.length === 0 || p.datasets.every((d) => d.data.every((v) => v === null || v === undefined));

function toOptions(p: ChartProps, onWall = false): ChartOptions {
  const fmt = p.formatValue ?? formatCompact;
  // An empty chart draws no axes: a bare "0 / 0,5 / 1" scale read as figures (the words over it say why).
  const empty = hasNoValues(p);
  const valueAxis = {
    display: !empty,
    beginAtZero: true,
    stacked: p.stacked,
    ticks: {
      // Steps finer than the format shows ("0, 1, 1" for counts; five "0" for 0,004) name one
      // figure twice: a tick reads as the one before it gets no label.
      callback: (v: string | number, i: number, ticks: { value: number }[]) => {
        const label = fmt(Number(v));
        return i > 0 && ticks[i - 1] && fmt(ticks[i - 1]!.value) === label ? null : label;
      },
      maxTicksLimit: 5,
    },
    grid: { color: GRID },
  };
  const catAxis = {
    display: !empty,
    stacked: p.stacked,
    // Horizontal bars are few and each row is named: never drop a name.
    ticks: { autoSkip: !p.horizontal, maxRotation: 0 },
    grid: { display: false },
  };
  const base: ChartOptions = {
    indexAxis: p.horizontal ? 'y' : 'x',
    plugins: {
      legend: { display: !empty && (p.legend ?? (p.datasets.length > 1 || p.type === 'doughnut')), position: p.type === 'doughnut' ? 'right' : 'top' },
      tooltip: {
        callbacks: {
          label: (ctx) => `${ctx.dataset.label ?? ''}: ${formatNumber(Number(ctx.raw))}`,
        },
      },
    },
    layout: { padding: 4 },
    ...(onWall ? { events: [] } : {}),
    onClick: p.onPick
      ? (_e, els) => {
          if (els[0]) p.onPick?.(els[0].index);
        }
      : undefined,
  } as ChartOptions;
  if (p.type !== 'doughnut') {
    (base as ChartOptions<'bar'>).scales = p.horizontal ? { x: valueAxis, y: catAxis } : { x: catAxis, y: valueAxis };
  }
  return { ...base, ...(p.options ?? {}) } as ChartOptions;
}

const CANVAS_STYLE = { display: 'block', boxSizing: 'border-box' } as const;

/**
 * On a page, the Chart.js chart; in a frame drawn once off the page (static-frame.ts), the same
 * chart as SVG in the same box, as nothing there can draw on a canvas.
 */
export function Chart(props: ChartProps) {
  return useStaticFrame() ? <StaticChart {...props} /> : <LiveChart {...props} />;
}

/** The chart as markup: drawn from what the live chart would be given, in the live chart's box. */
function StaticChart(props: ChartProps) {
  const { t } = useTranslation();
  const onWall = useSurface() === 'wall';
  return (
    <div className={`chart ${props.className ?? ''}`}>
      <ChartSvg type={props.type} data={toChartData(props)} options={toOptions(props, onWall)} ariaLabel={props.ariaLabel} text={TEXT} grid={GRID} font={MIN_FONT} />
      {hasNoValues(props) ? <p className="chart__empty">{t('panel.noData')}</p> : null}
    </div>
  );
}

function LiveChart(props: ChartProps) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJS | null>(null);
  const painted = useRef(props.onPainted);
  painted.current = props.onPainted;

  const pick = useRef(props.onPick);
  pick.current = props.onPick;
  // Nobody points at the wall: its charts listen to no pointer events (Chart.js binds five
  // listeners per chart, and its tooltip plugin would answer them).
  const onWall = useSurface() === 'wall';
  const dataKey = JSON.stringify([props.labels, props.datasets, props.stacked, props.legend]);
  // What the chart was last given: the data effect below runs right after the chart is created,
  // and updating a chart just built from the same data laid it out and drew it a second time.
  const drawnKey = useRef<string | null>(null);
  // The props of the last render. The chart is created in a batch after its effect, and new data
  // may be rendered in between (React runs a pending effect before the next render): built from
  // the props its effect saw, the chart drew the older data, and the data effect, finding no
  // chart yet, had nothing to update: it stayed so until the data changed again (a wall's
  // per-district chart was seen empty beside its filled copy on another page).
  // Set when a render commits (a render React throws away, as in a transition, is never drawn).
  const latest = useRef({ props, dataKey });
  useLayoutEffect(() => {
    latest.current = { props, dataKey };
  });
  // A chart that failed to be created (in its batch, outside React's render): thrown here, so the
  // tile's error boundary contains it as it did when charts were created in the effect.
  const [failure, setFailure] = useState<{ err: unknown } | null>(null);
  if (failure) throw failure.err;

  // Set when the component is taken down (this cleanup runs before the chart's): its canvas
  // may then be kept for another chart, which it could not while the component still shows it.
  const unmounted = useRef(false);
  useEffect(
    () => () => {
      unmounted.current = true;
    },
    [],
  );

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    // Created by the batch (createLaidOut), after this effect: null if unmounted before it.
    let c = null as ChartJS | null;
    const cancel = createLaidOut(el, (size) => {
      const target = onWall ? adoptKept(el, size) : el;
      // Tests and the layout-switch bench read whether a wall chart found a kept canvas.
      if (onWall && target.parentElement) target.parentElement.dataset.canvas = target === el ? 'new' : 'kept';
      const { props: now, dataKey: key } = latest.current;
      drawnKey.current = key;
      c = new ChartJS(target, {
        platform: ComponentPlatform,
        type: props.type,
        data: toChartData(now),
        options: toOptions({ ...now, onPick: now.onPick ? (i) => pick.current?.(i) : undefined }, onWall),
        plugins: [
          {
            id: 'painted',
            afterRender: (ch) => {
              // A chart drawn into a 0-size box has not really painted yet.
              if (ch.width > 0 && ch.height > 0) painted.current?.();
            },
          },
        ],
      });
      chart.current = c;
    }, (err) => setFailure({ err }));
    return () => {
      cancel();
      const live = c?.canvas;
      // Re-created in place (its kind changed): React's own canvas goes back where it was.
      if (live && live !== el && !unmounted.current) live.replaceWith(el);
      const keep = live && onWall && (unmounted.current || live !== el);
      if (keep) toKeep.add(live);
      c?.destroy();
      chart.current = null;
      if (keep) {
        toKeep.delete(live);
        keptCanvases.give(live);
      }
    };
    // Recreated only if the chart kind changes (a horizontal chart is another kind); data updates go through the effect below.
  }, [props.type, props.horizontal, onWall]);

  useEffect(() => {
    const c = chart.current;
    if (!c || drawnKey.current === dataKey) return;
    drawnKey.current = dataKey;
    c.data = toChartData(props);
    c.options = toOptions({ ...props, onPick: props.onPick ? (i) => pick.current?.(i) : undefined }, onWall);
    c.update('none');
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `dataKey` stands for what is drawn: the freshness tick re-renders panels every 30 s with equal but new props
  }, [dataKey]);

  // A kept canvas drawn in React's canvas's place (adoptKept) follows its label.
  useEffect(() => {
    const live = chart.current?.canvas;
    if (live && live !== canvas.current) live.setAttribute('aria-label', props.ariaLabel);
  }, [props.ariaLabel]);

  // The canvas as Chart.js makes it before reading its size (its default 300×150 and a block box,
  // Chart.js's initCanvas): given here, Chart.js does not read them from the layout either.
  return (
    <div className={`chart ${props.className ?? ''}`}>
      <canvas ref={canvas} role="img" aria-label={props.ariaLabel} width={300} height={150} style={CANVAS_STYLE} />
      {hasNoValues(props) ? <p className="chart__empty">{t('panel.noData')}</p> : null}
    </div>
  );
}
