/** One series of a process (MB against seconds since the start of the run). */
export interface Point {
  sec: number;
  mb: number;
}

export interface Growth {
  /** Samples after the warm-up that the figures use. */
  samples: number;
  /** Median of the first and the last few samples after the warm-up (MB). */
  first: number;
  last: number;
  /** last / first − 1: 0.04 is +4 %. */
  growth: number;
  /** Least-squares slope of MB against time after the warm-up. */
  slopeMBPerHour: number;
  /**
   * The same slope over the later half of those samples only. Warm-up (caches filling, code
   * compiled, fragmentation settling) flattens with time; a leak keeps its pace. So a late slope
   * well under the whole run's says the growth is coming to rest, and one as steep says it is not.
   */
  lateSlopeMBPerHour: number;
  projectedMBPerWeek: number;
  /** growth ≤ 10 % and a slope that projects to < 50 MB a week. */
  pass: boolean;
}

export const GOAL = { growth: 0.1, mbPerWeek: 50 } as const;

/** Least-squares slope of y against x; 0 when x does not vary. */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number {
  if (xs.length !== ys.length) throw new Error('x and y differ in length');
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * Growth of one series after the warm-up. The ends are medians of a few samples each (a quarter of
 * them, 1 to 5), so one sample caught mid-switch or mid-sync does not decide the ratio; the slope
 * uses every sample after the warm-up, the late slope the later half of them.
 */
export function growthOf(points: readonly Point[], warmupSec: number): Growth {
  const after = points.filter((p) => p.sec >= warmupSec);
  if (after.length < 2) throw new Error(`need at least 2 samples after the warm-up, got ${after.length}`);
  const k = Math.max(1, Math.min(5, Math.floor(after.length / 4)));
  const first = median(after.slice(0, k).map((p) => p.mb));
  const last = median(after.slice(-k).map((p) => p.mb));
  const growth = first > 0 ? last / first - 1 : 0;
  const slopeMBPerHour = leastSquaresSlope(
    after.map((p) => p.sec / 3600),
    after.map((p) => p.mb),
  );
  const late = after.slice(after.length >> 1);
  const lateSlopeMBPerHour = leastSquaresSlope(
    late.map((p) => p.sec / 3600),
    late.map((p) => p.mb),
  );
  const projectedMBPerWeek = slopeMBPerHour * 24 * 7;
  return {
    samples: after.length,
    first,
    last,
    growth,
    slopeMBPerHour,
    lateSlopeMBPerHour,
    projectedMBPerWeek,
    pass: growth <= GOAL.growth && projectedMBPerWeek < GOAL.mbPerWeek,
  };
}

/** How one kind of a heap (V8's code, the app's objects…) moved between the first and last split. */
export interface KindGrowth {
  first: number;
  last: number;
  deltaMb: number;
  /** Least squares over every split; 0 with fewer than two. */
  slopeMBPerHour: number;
}

/** Per kind of heap: where a process's growth went (splits: MB per kind, in time order). */
export function kindGrowth<K extends string>(splits: readonly { sec: number; mb: Record<K, number> }[]): Record<K, KindGrowth> {
  if (splits.length === 0) return {} as Record<K, KindGrowth>;
  const kinds = Object.keys(splits[0]!.mb) as K[];
  const hours = splits.map((s) => s.sec / 3600);
  return Object.fromEntries(
    kinds.map((k) => {
      const first = splits[0]!.mb[k];
      const last = splits[splits.length - 1]!.mb[k];
      return [k, { first, last, deltaMb: last - first, slopeMBPerHour: leastSquaresSlope(hours, splits.map((s) => s.mb[k])) }];
    }),
  ) as Record<K, KindGrowth>;
}
