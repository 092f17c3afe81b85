import { parseArgs } from 'node:util';

/** What `npm run soak -- …` accepts (all in minutes or seconds, as the flags say). */
export interface SoakOptions {
  /** Length of the run. */
  minutes: number;
  /** Seconds each preset stays on the wall (a playlist when ≥ 5 s, the playlist's floor; else the harness switches). */
  switchEvery: number;
  /** Seconds between samples. */
  sampleEvery: number;
  /** Minutes ignored at the start: caches fill, code is compiled, the first syncs land. */
  warmup: number;
  /** Seconds between two changes of the simulator's data. */
  tickEvery: number;
  /** Seconds between two syncs of every feed. */
  feedEvery: number;
  /**
   * Hotline requests that stay open in the simulator (it closes the oldest beyond it, as a
   * province's arrivals and closures balance), so the soak measures leaks, not the data's
   * growth; 0 lets them grow without bound (2 arrive per data tick).
   */
  openTarget: number;
  /** Take heap snapshots of every page and the host after warm-up and at the end and compare them. */
  snapshots: boolean;
  /**
   * Minutes between heap snapshots that split each process's heap by kind (V8's code, the app's
   * objects, strings…) after the warm-up, so growth shows its cause; 0 for none.
   */
  splitEvery: number;
  /**
   * Take the host's heap snapshots too (with --split-every / --snapshots). Off by default: a
   * snapshot of the host leaves glibc's heap holding ~6× the V8 heap in freed memory that stays
   * resident (host RSS +150 MB after the first, measured), so the host's RSS would measure the
   * harness. The pages' snapshots cost them nothing (Chromium's allocator returns it).
   */
  hostSnapshots: boolean;
  /**
   * Drive the pages with Playwright (its DevTools Network and Runtime domains, injected scripts
   * and evaluate calls on every page) instead of plain Chromiums: to compare with the harness's
   * own cost, not to measure the app.
   */
  playwright: boolean;
  /** Where the JSON and the SVG go. */
  out: string;
}

export const SOAK_USAGE = `npm run soak -- [--minutes N] [--switch-every S] [--sample-every S] [--warmup MIN]
                 [--tick-every S] [--feed-every S] [--open-target N] [--split-every MIN] [--snapshots] [--host-snapshots] [--playwright] [--out DIR]`;

const NUMBERS = {
  minutes: { default: 10, min: 1, max: 60 * 24 * 7 },
  'switch-every': { default: 5, min: 1, max: 3600 },
  'sample-every': { default: 30, min: 5, max: 3600 },
  warmup: { default: 3, min: 0, max: 60 * 24 },
  'tick-every': { default: 2, min: 1, max: 3600 },
  'feed-every': { default: 5, min: 1, max: 3600 },
  'split-every': { default: 10, min: 0, max: 60 * 24 },
  'open-target': { default: 300, min: 0, max: 1_000_000 },
} as const;

/** Parses the flags; a bad value throws an error that names the flag (Vietnamese, then English). */
export function parseSoakArgs(argv: readonly string[]): SoakOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(NUMBERS).map((k) => [k, { type: 'string' as const }])),
        snapshots: { type: 'boolean', default: false },
        'host-snapshots': { type: 'boolean', default: false },
        playwright: { type: 'boolean', default: false },
        out: { type: 'string', default: 'bench/results' },
      },
    }));
  } catch (err) {
    throw new Error(`tham số không hợp lệ / invalid argument: ${(err as Error).message}\n${SOAK_USAGE}`);
  }
  const num = (name: keyof typeof NUMBERS): number => {
    const spec = NUMBERS[name];
    const raw = (values as Record<string, unknown>)[name];
    if (raw === undefined) return spec.default;
    const v = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(v) || v < spec.min || v > spec.max) {
      throw new Error(`--${name} phải là số từ ${spec.min} đến ${spec.max} / --${name} must be a number from ${spec.min} to ${spec.max} (got "${String(raw)}")`);
    }
    return v;
  };
  const opts: SoakOptions = {
    minutes: num('minutes'),
    switchEvery: num('switch-every'),
    sampleEvery: num('sample-every'),
    warmup: num('warmup'),
    tickEvery: num('tick-every'),
    feedEvery: num('feed-every'),
    splitEvery: num('split-every'),
    openTarget: num('open-target'),
    snapshots: values.snapshots === true,
    hostSnapshots: values['host-snapshots'] === true,
    playwright: values.playwright === true,
    out: String(values.out),
  };
  // Growth is measured after the warm-up: at least two samples must follow it.
  if (opts.warmup * 60 + 2 * opts.sampleEvery > opts.minutes * 60) {
    throw new Error(
      `--minutes ${opts.minutes} quá ngắn so với --warmup ${opts.warmup} (cần ít nhất 2 mẫu sau khởi động) / ` +
        `--minutes ${opts.minutes} is too short for --warmup ${opts.warmup}: at least two samples must follow the warm-up`,
    );
  }
  return opts;
}
