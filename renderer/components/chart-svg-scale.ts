/**
 * The arithmetic of a chart drawn as SVG (chart-svg.tsx), apart from React: Chart.js's "nice"
 * value ticks, where categories sit, how many names fit, and numbers written so that no NaN or
 * Infinity reaches the markup whatever the data is.
 */

/** Chart.js clips long category names on a horizontal axis; shorten them ourselves. */
export const MAX_LABEL = 22;
export const ellipsis = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
export const shortLabel = (s: string): string => ellipsis(s, MAX_LABEL);

export const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * A coordinate as written in the markup: two decimals, and 0 for anything not a finite number
 * (a value range that overflowed, a division by an empty range), so the markup never says NaN.
 */
export function coord(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const r = Math.round(Math.min(1e6, Math.max(-1e6, n)) * 100) / 100;
  return String(r === 0 ? 0 : r);
}

/** A fraction of the plot (0–1) as a percentage of it. */
export const pct = (f: number): string => `${coord(f * 100)}%`;

/** Chart.js's niceNum (helpers.math): 1, 2, 5 or 10 times a power of ten, at least `range`. */
function niceNum(range: number): number {
  const rounded = Math.round(range);
  const r = Math.abs(range - rounded) <= range / 1000 ? rounded : range;
  const magnitude = 10 ** Math.floor(Math.log10(r));
  const fraction = r / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

/**
 * The ticks Chart.js gives a linear axis that begins at zero, with at most `maxTicks` ticks
 * (its generateTicks without min/max/step options): [0, 2000, 4000, 6000, 8000] for values up
 * to 7800. All-zero data gets 0–1, as Chart.js does. Always at least two finite ticks.
 */
export function niceTicks(lo: number, hi: number, maxTicks = 5): number[] {
  // A stack's sum past a double is as large as a double gets, not nothing.
  const end = (v: number) => (Number.isNaN(v) ? 0 : Math.min(Number.MAX_VALUE, Math.max(-Number.MAX_VALUE, v)));
  const min = Math.min(0, end(lo));
  let max = Math.max(0, end(hi));
  if (min === max) max = min + 1;
  const spaces = Math.max(1, maxTicks - 1);
  let spacing = niceNum((max - min) / spaces);
  // Too fine to step (1e-300) or beyond a double (1e308 − −1e308): the two ends only.
  if (!(spacing >= 1e-14) || !Number.isFinite(spacing)) return [min, max];
  const first = Math.ceil(max / spacing) - Math.floor(min / spacing);
  if (first > spaces) spacing = niceNum((first * spacing) / spaces);
  const niceMin = Math.floor(min / spacing) * spacing;
  const niceMax = Math.ceil(max / spacing) * spacing;
  // Bounded whatever the floats do: a tick loop must not run away on odd data.
  const count = Math.min(2 * spaces + 2, Math.round((niceMax - niceMin) / spacing));
  const ticks: number[] = [];
  // toPrecision drops the float noise of the steps (0.30000000000000004).
  for (let j = 0; j <= count; j++) ticks.push(Number((niceMin + j * spacing).toPrecision(12)));
  return ticks.every(Number.isFinite) && ticks.length >= 2 ? ticks : [min, max];
}

/**
 * Where value `v` falls between the first and the last tick, 0–1: 0 for a range that is no range,
 * and never outside the plot (a range that overflowed a double must not draw over the page).
 */
export function fraction(v: number, ticks: readonly number[]): number {
  const lo = ticks[0] ?? 0;
  const hi = ticks[ticks.length - 1] ?? 1;
  const f = (v - lo) / (hi - lo);
  return Number.isFinite(f) ? Math.min(1, Math.max(0, f)) : 0;
}

/**
 * The centre of category `i` of `n`, 0–1 along the axis. Bars sit in the middle of their slot
 * (Chart.js's category offset for bar charts); a line's points run from edge to edge, and a
 * single one stands in the middle.
 */
export function categoryCentre(i: number, n: number, offset: boolean): number {
  if (offset) return (i + 0.5) / n;
  return n <= 1 ? 0.5 : i / (n - 1);
}

/** Rough width of a text in the wall's sans-serif at `font` px: enough to leave room for it. */
export const textWidth = (s: string, font: number): number => s.length * font * 0.58;

/** Every how many categories one is named so that at most `fit` are: 1 names them all. */
export const nameEvery = (n: number, fit: number): number => Math.max(1, Math.ceil(n / Math.max(1, Math.floor(fit))));
