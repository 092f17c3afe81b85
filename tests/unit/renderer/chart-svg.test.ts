/**
 * A chart inside a frame drawn once on the host (renderer/first-frame): no canvas, no effect,
 * so it draws itself as SVG from the same props, in the same box as the live chart.
 */
import { createElement, type ComponentType } from 'react';
import { renderToString } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StaticFrameContext } from '../../../renderer/components/static-frame';
import { formatCompact, formatNumber } from '../../../renderer/format';

type Dataset = { label: string; data: (number | null)[]; color?: string | string[]; asLine?: boolean; dashed?: boolean };
type Props = {
  type: 'bar' | 'line' | 'doughnut';
  labels: string[];
  datasets: Dataset[];
  horizontal?: boolean;
  stacked?: boolean;
  legend?: boolean;
  formatValue?(n: number): string;
  ariaLabel: string;
  className?: string;
};

// Imported by path at run time: the node typecheck has no JSX or DOM types for the components.
const CHART = '../../../renderer/components/Chart';
let Chart: ComponentType<Props>;
let PALETTE: string[];

beforeAll(async () => {
  // The i18n layer sets the page's language on the document when it loads.
  vi.stubGlobal('document', { documentElement: { lang: '' } });
  ({ Chart, PALETTE } = (await import(/* @vite-ignore */ CHART)) as { Chart: ComponentType<Props>; PALETTE: string[] });
});
afterAll(() => vi.unstubAllGlobals());

const live = (p: Props) => renderToString(createElement(Chart, p));
const frame = (p: Props) => renderToString(createElement(StaticFrameContext.Provider, { value: true }, createElement(Chart, p)));

type El = { tag: string; attrs: Record<string, string>; text: string };
/** The elements of `html` (start tags, their attributes and the text right after them). */
function elements(html: string): El[] {
  const out: El[] = [];
  const re = /<([a-zA-Z]+)((?:\s+[\w:-]+="[^"]*")*)\s*\/?>([^<]*)/g;
  for (const m of html.matchAll(re)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2]!.matchAll(/([\w:-]+)="([^"]*)"/g)) attrs[a[1]!] = a[2]!;
    out.push({ tag: m[1]!, attrs, text: m[3]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x27;/g, "'").replace(/&quot;/g, '"') });
  }
  return out;
}
/** The markup inside the first `<g …attr…>` (groups do not nest in the chart's markup). */
function group(html: string, attr: string): string {
  const at = html.indexOf(`<g ${attr}`);
  if (at < 0) return '';
  return html.slice(at, html.indexOf('</g>', at));
}
/** The rects of dataset `i`'s bars, in category order. */
const bars = (html: string, i: number) => elements(group(html, `data-series="${i}"`)).filter((e) => e.tag === 'rect');
/** The points drawn on dataset `i`'s line. */
const points = (html: string, i: number) => elements(group(html, `data-points="${i}"`)).filter((e) => e.tag === 'circle');
/** The texts of an axis ("value" or "category") or of the legend. */
const texts = (html: string, attr: string) => elements(group(html, attr)).filter((e) => e.tag === 'text').map((e) => e.text);
const num = (e: El, a: string) => Number(e.attrs[a]);
/** 0-based rank of each value (ties keep order): the order of values and of their drawn sizes compare. */
const ranks = (xs: number[]) => xs.map((x) => xs.filter((y) => y < x).length);

const DISTRICTS = [
  'Thành phố Biên Hòa',
  'Thành phố Long Khánh',
  'Huyện Nhơn Trạch',
  'Huyện Long Thành',
  'Huyện Trảng Bom',
  'Huyện Thống Nhất',
  'Huyện Vĩnh Cửu',
  'Huyện Định Quán',
  'Huyện Tân Phú',
  'Huyện Xuân Lộc',
  'Huyện Cẩm Mỹ với một cái tên dài hơn mọi cái tên khác',
];
const DISTRICT_VALUES = [12840, 5230, 4410, 3980, 3650, 2210, 1980, 1750, 1420, 1210, 980];
const areaBars = (): Props => ({
  type: 'bar',
  horizontal: true,
  ariaLabel: 'Hồ sơ tiếp nhận',
  labels: DISTRICTS,
  datasets: [{ label: 'Hồ sơ tiếp nhận (hồ sơ)', data: DISTRICT_VALUES, color: DISTRICT_VALUES.map(() => '#EE7733') }],
  legend: false,
  formatValue: (n) => formatNumber(n, 0),
});
const PERIODS = ['T1/25', 'T2/25', 'T3/25', 'T4/25', 'T5/25', 'T6/25', 'T7/25', 'T8/25', 'T9/25', 'T10/25', 'T11/25', 'T12/25'];
const trend = (type: 'bar' | 'line' = 'line'): Props => ({
  type,
  ariaLabel: 'Thu ngân sách',
  labels: PERIODS,
  datasets: [
    { label: 'Thu ngân sách (tỷ đồng)', data: [1210, 1350, 1420, 1180, 1510, 1640, 1580, 1710, 1690, 1820, 1900, 2050], color: '#4477AA' },
    ...(type === 'bar' ? [{ label: 'GRDP (%)', data: [5.1, 5.3, 5.2, 5.8, 6, 6.1, 6.2, 6, 6.4, 6.6, 6.5, 7], color: '#EE7733', asLine: true }] : []),
  ],
  formatValue: (n) => formatNumber(n, 0),
});

describe('a chart in a static frame', () => {
  it('is an SVG, not a canvas, in the same wrapper as the live chart, labelled like the canvas', () => {
    const p = { ...areaBars(), className: 'kov__chart' };
    const html = frame(p);
    expect(html).toContain('<svg');
    expect(html).not.toContain('<canvas');
    const svg = elements(html).find((e) => e.tag === 'svg')!;
    expect(svg.attrs.role).toBe('img');
    expect(svg.attrs['aria-label']).toBe('Hồ sơ tiếp nhận');
    expect(svg.attrs.width).toBe('100%');
    expect(svg.attrs.height).toBe('100%');
    // The live chart's box: same element, same classes.
    const wrapper = (h: string) => h.slice(0, h.indexOf('>') + 1);
    expect(wrapper(html)).toBe(wrapper(live(p)));
    expect(wrapper(html)).toBe('<div class="chart kov__chart">');
    // The plot stretches to the box (bars are as wide as the box); its text is drawn outside that scaling.
    const plot = elements(html).find((e) => e.tag === 'svg' && e.attrs.viewBox);
    expect(plot?.attrs.preserveAspectRatio).toBe('none');
  });

  it('without the frame the chart is the canvas, as before', () => {
    expect(live({ type: 'bar', labels: ['a'], datasets: [{ label: 'x', data: [1] }], ariaLabel: 'A' })).toBe(
      '<div class="chart "><canvas role="img" aria-label="A" width="300" height="150" style="display:block;box-sizing:border-box"></canvas></div>',
    );
  });

  it('vertical bars: one per value, heights ordered like the values, a negative one below zero', () => {
    const data = [30, 10, 50, -20, 40];
    const html = frame({ type: 'bar', labels: ['a', 'b', 'c', 'd', 'e'], datasets: [{ label: 'x', data }], ariaLabel: 'A' });
    const rs = bars(html, 0);
    expect(rs).toHaveLength(5);
    const heights = rs.map((r) => num(r, 'height'));
    expect(ranks(heights)).toEqual(ranks(data.map(Math.abs)));
    // Bars left to right in category order.
    const xs = rs.map((r) => num(r, 'x'));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    // Zero is where the positive bars end and the negative one starts.
    const zero = num(rs[0]!, 'y') + num(rs[0]!, 'height');
    expect(num(rs[3]!, 'y')).toBeCloseTo(zero, 1);
    expect(rs.every((r) => r.attrs.fill === undefined)).toBe(true);
    expect(group(html, 'data-series="0"')).toContain(`fill="${PALETTE[0]}"`);
  });

  it('horizontal bars (11 districts): one per district, widths ordered, every name shown and long ones shortened', () => {
    const html = frame(areaBars());
    const rs = bars(html, 0);
    expect(rs).toHaveLength(11);
    expect(ranks(rs.map((r) => num(r, 'width')))).toEqual(ranks(DISTRICT_VALUES));
    // Top to bottom in the given order.
    const ys = rs.map((r) => num(r, 'y'));
    expect(ys).toEqual([...ys].sort((a, b) => a - b));
    const names = texts(html, 'data-axis="category"');
    expect(names).toHaveLength(11);
    expect(names.slice(0, 10)).toEqual(DISTRICTS.slice(0, 10));
    // The live chart's shortening of horizontal names (22 characters).
    expect(names[10]).toBe('Huyện Cẩm Mỹ với một …');
    // The dataset's own colour, as on the live chart.
    expect(html).toContain('#EE7733');
    expect(html).not.toContain(PALETTE[0]);
  });

  it('stacked horizontal bars: each dataset starts where the one before ends; the legend names them in their colours', () => {
    const labels = ['Sở A', 'Sở B', 'Sở C'];
    const sets = [
      { label: 'Đúng hạn', data: [50, 30, 10], color: '#4477AA' },
      { label: 'Trễ hạn', data: [10, 20, 5], color: '#CCBB44' },
      { label: 'Quá hạn', data: [5, 0, 15], color: '#EE6677' },
    ];
    const html = frame({ type: 'bar', horizontal: true, stacked: true, legend: true, labels, datasets: sets, ariaLabel: 'A', formatValue: (n) => formatNumber(n, 0) });
    for (let i = 0; i < 3; i++) expect(bars(html, i)).toHaveLength(3);
    for (let c = 0; c < 3; c++) {
      const a = bars(html, 0)[c]!;
      const b = bars(html, 1)[c]!;
      expect(num(b, 'x')).toBeCloseTo(num(a, 'x') + num(a, 'width'), 1);
      expect(num(b, 'y')).toBeCloseTo(num(a, 'y'), 5);
    }
    expect(texts(html, 'data-legend')).toEqual(['Đúng hạn', 'Trễ hạn', 'Quá hạn']);
    const legend = group(html, 'data-legend');
    for (const s of sets) expect(legend).toContain(s.color);
  });

  it('a line: one point per value, none for a missing one, one path through them', () => {
    const p = trend('line');
    expect(points(frame(p), 0)).toHaveLength(12);
    const gap = { ...p, datasets: [{ ...p.datasets[0]!, data: p.datasets[0]!.data.map((v, i) => (i === 4 ? null : v)) }] };
    const html = frame(gap);
    expect(points(html, 0)).toHaveLength(11);
    // Higher value, higher point (smaller y).
    const cy = points(html, 0).map((c) => Number(c.attrs.cy!.replace('%', '')));
    expect(cy[0]!).toBeGreaterThan(cy[10]!);
    expect((html.match(/<path data-line="0"/g) ?? []).length).toBe(1);
    // A single dataset: no legend, as on the live chart.
    expect(html).not.toContain('data-legend');
  });

  it('a trend of bars with a second indicator as a line: 12 bars, 12 points, both in the legend', () => {
    const html = frame(trend('bar'));
    expect(bars(html, 0)).toHaveLength(12);
    expect(bars(html, 1)).toHaveLength(0);
    expect(points(html, 1)).toHaveLength(12);
    expect(texts(html, 'data-legend')).toEqual(['Thu ngân sách (tỷ đồng)', 'GRDP (%)']);
  });

  it('value ticks are formatted as the live chart formats them (vi-VN separators, compact by default, no repeated label)', () => {
    const html = frame({ type: 'bar', labels: ['a', 'b', 'c', 'd'], datasets: [{ label: 'x', data: [1200, 3400, 5600, 7800] }], ariaLabel: 'A', formatValue: (n) => formatNumber(n, 0) });
    expect(texts(html, 'data-axis="value"')).toEqual(['0', '2.000', '4.000', '6.000', '8.000']);
    expect(texts(html, 'data-axis="value"')).toEqual([0, 2000, 4000, 6000, 8000].map((n) => formatNumber(n, 0)));

    const compact = frame({ type: 'line', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [400_000, 1_300_000, 2_400_000] }], ariaLabel: 'A' });
    expect(texts(compact, 'data-axis="value"')).toEqual([0, 1e6, 2e6, 3e6].map((n) => formatCompact(n)));
    expect(texts(compact, 'data-axis="value"')[1]).toBe('1\u00a0Tr');

    // Counts 0–2 in steps of 0,5: the live callback names no figure twice.
    const counts = texts(frame({ type: 'bar', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [0, 1, 2] }], ariaLabel: 'A', formatValue: (n) => formatNumber(n, 0) }), 'data-axis="value"');
    expect(new Set(counts).size).toBe(counts.length);
  });

  it('a doughnut: one slice per non-zero value in the palette, its legend on the right naming each', () => {
    const labels = ['Mới', 'Đang xử lý', 'Đã xong', 'Huỷ'];
    const html = frame({ type: 'doughnut', labels, datasets: [{ label: 'Trạng thái', data: [5, 3, 0, 2] }], ariaLabel: 'A', legend: true });
    const slices = elements(group(html, 'data-series="0"')).filter((e) => e.tag === 'circle');
    expect(slices).toHaveLength(3);
    expect(slices.map((s) => s.attrs.stroke)).toEqual([PALETTE[0], PALETTE[1], PALETTE[3]]);
    expect(texts(html, 'data-legend')).toEqual(labels);
    expect(html).not.toContain('data-axis');
  });

  it('every text is at least the wall minimum (18 px)', () => {
    for (const p of [areaBars(), trend('bar'), trend('line')]) {
      const sizes = elements(frame(p)).flatMap((e) => (e.attrs['font-size'] ? [Number(e.attrs['font-size'])] : []));
      expect(sizes.length).toBeGreaterThan(0);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(18);
    }
  });

  it('an empty chart draws no axes and keeps the live chart’s “no data” words', () => {
    const html = frame({ type: 'bar', labels: [], datasets: [], ariaLabel: 'A' });
    expect(html).toContain('<svg');
    expect(html).not.toContain('data-axis');
    expect(html).toContain('chart__empty');
  });

  it('thousands of labels: the category names are thinned, the bars all drawn', () => {
    const n = 5000;
    const labels = Array.from({ length: n }, (_, i) => `Nhãn ${i}`);
    const data = labels.map((_, i) => (i * 37) % 101);
    const v = frame({ type: 'bar', labels, datasets: [{ label: 'x', data }], ariaLabel: 'A' });
    expect(bars(v, 0)).toHaveLength(n);
    expect(texts(v, 'data-axis="category"').length).toBeGreaterThan(1);
    expect(texts(v, 'data-axis="category"').length).toBeLessThanOrEqual(30);
    const h = frame({ type: 'bar', horizontal: true, labels, datasets: [{ label: 'x', data }], ariaLabel: 'A' });
    expect(texts(h, 'data-axis="category"').length).toBeLessThanOrEqual(30);
    const l = frame({ type: 'line', labels, datasets: [{ label: 'x', data }], ariaLabel: 'A' });
    expect(texts(l, 'data-axis="category"').length).toBeLessThanOrEqual(30);
    // A line of thousands of points is a line: no dot per point.
    expect(l.length).toBeLessThan(200_000);
  });

  it('hostile data neither throws nor puts NaN or Infinity in the markup', () => {
    const long = 'Phường '.repeat(2000);
    const weird = [null, undefined, NaN, Infinity, -Infinity, 3] as unknown as (number | null)[];
    const cases: Props[] = [
      { type: 'bar', labels: [], datasets: [], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b'], datasets: [], ariaLabel: 'A' },
      { type: 'line', labels: [], datasets: [{ label: 'x', data: [1, 2] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b', 'c', 'd', 'e', 'f'], datasets: [{ label: 'x', data: weird }], ariaLabel: 'A' },
      { type: 'bar', horizontal: true, labels: ['a', 'b', 'c', 'd', 'e', 'f'], datasets: [{ label: 'x', data: weird }], ariaLabel: 'A' },
      { type: 'line', labels: ['a', 'b', 'c', 'd', 'e', 'f'], datasets: [{ label: 'x', data: weird }, { label: 'y', data: weird, dashed: true }], ariaLabel: 'A' },
      { type: 'doughnut', labels: ['a', 'b', 'c', 'd', 'e', 'f'], datasets: [{ label: 'x', data: weird }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b'], datasets: [{ label: 'x', data: [null, null] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [0, 0, 0] }], ariaLabel: 'A' },
      { type: 'line', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [0, 0, 0] }], ariaLabel: 'A' },
      { type: 'doughnut', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [0, 0, 0] }], ariaLabel: 'A' },
      { type: 'doughnut', labels: ['a', 'b'], datasets: [{ label: 'x', data: [-3, 5] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [-5, -10, -1] }], ariaLabel: 'A' },
      { type: 'bar', horizontal: true, stacked: true, labels: ['a', 'b'], datasets: [{ label: 'x', data: [-5, 10] }, { label: 'y', data: [7, -3] }], ariaLabel: 'A' },
      { type: 'line', labels: ['a'], datasets: [{ label: 'x', data: [42] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a'], datasets: [{ label: 'x', data: [42] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a'], datasets: [{ label: 'x', data: [1e308] }, { label: 'y', data: [-1e308] }], ariaLabel: 'A' },
      { type: 'bar', stacked: true, labels: ['a'], datasets: [{ label: 'x', data: [1e308] }, { label: 'y', data: [1e308] }], ariaLabel: 'A' },
      { type: 'bar', stacked: true, labels: ['a', 'b'], datasets: [{ label: 'x', data: [1e300, 5] }, { label: 'y', data: [1.7e308, 5] }, { label: 'z', data: [1.7e308, 5] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b'], datasets: [{ label: 'x', data: [1e-300, 2e-300] }], ariaLabel: 'A' },
      { type: 'bar', labels: [long, long], datasets: [{ label: long, data: [1, 2] }, { label: 'y', data: [2, 1] }], ariaLabel: long },
      { type: 'bar', horizontal: true, labels: [long], datasets: [{ label: 'x', data: [1] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['__proto__', 'constructor', 'toString'], datasets: [{ label: '__proto__', data: [1, 2, 3] }, { label: 'y', data: [1, 2, 3] }], ariaLabel: '__proto__' },
      { type: 'doughnut', labels: ['__proto__', 'constructor'], datasets: [{ label: 'x', data: [1, 2] }], ariaLabel: 'A' },
      // Lengths that do not match: more values than labels, fewer colours than values.
      { type: 'bar', labels: ['a'], datasets: [{ label: 'x', data: [1, 2, 3], color: ['#111111'] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b', 'c'], datasets: [{ label: 'x', data: [1] }], ariaLabel: 'A' },
      { type: 'bar', labels: ['a', 'b'], datasets: [{ label: 'x', data: [1, 2] }], ariaLabel: 'A', formatValue: () => 'NaN' },
    ];
    for (const p of cases) {
      let html = '';
      expect(() => (html = frame(p)), JSON.stringify(p).slice(0, 200)).not.toThrow();
      // Attribute values and coordinates (a formatter's own words are its business, checked apart).
      const attrs = elements(html).flatMap((e) => Object.values(e.attrs));
      expect(attrs.filter((a) => /NaN|Infinity/.test(a)), JSON.stringify(p).slice(0, 200)).toEqual([]);
      if (!p.formatValue) expect(html, JSON.stringify(p).slice(0, 200)).not.toMatch(/NaN|Infinity/);
      // Bars stay inside the plot (its 0–100 units), whatever the range did.
      for (const r of elements(html).filter((e) => e.tag === 'rect' && e.attrs.width && !e.attrs.fill?.startsWith('#'))) {
        const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => num(r, a));
        expect([x, y, w, h].every((v) => v! >= 0 && v! <= 100) && x! + w! <= 100.01 && y! + h! <= 100.01, JSON.stringify(p).slice(0, 200) + JSON.stringify(r.attrs)).toBe(true);
      }
    }
    const longOne = frame({ type: 'bar', labels: [long, long], datasets: [{ label: 'x', data: [1, 2] }], ariaLabel: 'A' });
    expect(longOne.length).toBeLessThan(8000);
    expect(texts(longOne, 'data-axis="category"').every((t) => t.length <= 22 && t.endsWith('…'))).toBe(true);
    const proto = cases.find((c) => c.type === 'bar' && c.labels[0] === '__proto__')!;
    expect(texts(frame(proto), 'data-axis="category"')).toEqual(['__proto__', 'constructor', 'toString']);
  });
});
