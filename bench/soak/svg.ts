import { leastSquaresSlope, type Growth, type Point } from './stats';

export interface PlotSeries {
  name: string;
  points: readonly Point[];
  /** Its figures after the warm-up; drawn as a dashed least-squares line and a caption. */
  growth?: Growth;
  /** false: drawn with its figures, but not held to the goal (grey instead of green or red). */
  judged?: boolean;
  /** Several named lines on one scale instead of `points` (a heap split by kind), with a legend. */
  lines?: readonly { name: string; points: readonly Point[] }[];
}

const LINE_COLOURS = ['#1f5fa8', '#c0262d', '#17803d', '#b8860b', '#6a3d9a'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (v: number) => (Math.round(v * 10) / 10).toString();

const PANEL_W = 420;
const PANEL_H = 190;
const PAD = { left: 52, right: 12, top: 40, bottom: 26 };
const COLS = 2;

/**
 * The soak's plot: one small panel per series (each with its own MB scale, since a host's RSS and
 * a page's heap differ tenfold), the warm-up shaded, the samples as a line and the least-squares
 * line after the warm-up dashed, green when the series meets the goal and red when it does not.
 */
export function soakSvg(title: string, series: readonly PlotSeries[], warmupSec: number): string {
  const rows = Math.max(1, Math.ceil(series.length / COLS));
  const width = PANEL_W * COLS;
  const height = 36 + rows * PANEL_H;
  const maxSec = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.sec)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="22" font-size="14" font-weight="bold">${esc(title)}</text>`,
  ];
  series.forEach((s, i) => {
    const ox = (i % COLS) * PANEL_W;
    const oy = 36 + Math.floor(i / COLS) * PANEL_H;
    const w = PANEL_W - PAD.left - PAD.right;
    const h = PANEL_H - PAD.top - PAD.bottom;
    const ys = [...s.points, ...(s.lines ?? []).flatMap((l) => l.points)].map((p) => p.mb);
    let lo = ys.length ? Math.min(...ys) : 0;
    let hi = ys.length ? Math.max(...ys) : 1;
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const margin = (hi - lo) * 0.08;
    lo -= margin;
    hi += margin;
    const X = (sec: number) => ox + PAD.left + (sec / maxSec) * w;
    const Y = (mb: number) => oy + PAD.top + h - ((mb - lo) / (hi - lo)) * h;
    const colour = !s.growth || s.judged === false ? '#666' : s.growth.pass ? '#17803d' : '#c0262d';
    const caption = s.growth
      ? `${s.growth.growth >= 0 ? '+' : ''}${(s.growth.growth * 100).toFixed(1)} %, ${num(s.growth.slopeMBPerHour)} MB/h (${num(s.growth.projectedMBPerWeek)} MB/week)`
      : '';
    out.push(`<g>`);
    out.push(`<text x="${ox + PAD.left}" y="${oy + 18}" font-weight="bold">${esc(s.name)}</text>`);
    if (caption) out.push(`<text x="${ox + PAD.left}" y="${oy + 32}" fill="${colour}">${esc(caption)}</text>`);
    out.push(`<rect x="${X(0)}" y="${oy + PAD.top}" width="${Math.max(0, X(Math.min(warmupSec, maxSec)) - X(0))}" height="${h}" fill="#eee"/>`);
    out.push(`<rect x="${X(0)}" y="${oy + PAD.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
    out.push(`<text x="${ox + PAD.left - 4}" y="${oy + PAD.top + 10}" text-anchor="end">${num(hi)}</text>`);
    out.push(`<text x="${ox + PAD.left - 4}" y="${oy + PAD.top + h}" text-anchor="end">${num(lo)}</text>`);
    out.push(`<text x="${ox + 6}" y="${oy + PAD.top + h / 2}" fill="#666">MB</text>`);
    out.push(`<text x="${X(0)}" y="${oy + PANEL_H - 8}">0</text>`);
    out.push(`<text x="${X(maxSec)}" y="${oy + PANEL_H - 8}" text-anchor="end">${num(maxSec / 60)} min</text>`);
    (s.lines ?? []).forEach((l, k) => {
      const c = LINE_COLOURS[k % LINE_COLOURS.length]!;
      out.push(`<text x="${ox + PAD.left + 8 + k * 70}" y="${oy + 32}" fill="${c}">— ${esc(l.name)}</text>`);
      if (l.points.length) out.push(`<polyline fill="none" stroke="${c}" stroke-width="1.5" points="${l.points.map((p) => `${num(X(p.sec))},${num(Y(p.mb))}`).join(' ')}"/>`);
    });
    if (s.points.length) {
      out.push(`<polyline fill="none" stroke="#1f5fa8" stroke-width="1.5" points="${s.points.map((p) => `${num(X(p.sec))},${num(Y(p.mb))}`).join(' ')}"/>`);
    }
    const after = s.points.filter((p) => p.sec >= warmupSec);
    if (after.length >= 2) {
      const slope = leastSquaresSlope(
        after.map((p) => p.sec),
        after.map((p) => p.mb),
      );
      const mx = after.reduce((a, p) => a + p.sec, 0) / after.length;
      const my = after.reduce((a, p) => a + p.mb, 0) / after.length;
      const a = after[0]!.sec;
      const b = after[after.length - 1]!.sec;
      out.push(
        `<line x1="${num(X(a))}" y1="${num(Y(my + slope * (a - mx)))}" x2="${num(X(b))}" y2="${num(Y(my + slope * (b - mx)))}" stroke="${colour}" stroke-width="1.5" stroke-dasharray="5 3"/>`,
      );
    }
    out.push(`</g>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
