import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { uptime } from 'node:os';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { NodeHeartbeat } from '../host/api/contract';
import { readRegularFile } from '../host/files';
import { inInstallWindow } from './install-window';

/**
 * The node's memory ceiling. A wall runs for months, and Chromium's own processes grow where no
 * page of ours does (a software-compositing GPU process: +3.5 MB/h, +27 % in a 110-minute soak
 * whose every JS heap stayed flat). Reloading the windows does not help — the GPU process
 * survives a reload — so, as signage software does, the node restarts the whole app when the
 * memory of all its processes together stays above a ceiling, and only at a quiet moment: no
 * alert takeover or identify on screen, nobody at the keyboard, inside the maintenance window
 * if one is set, and not twice within `minHoursBetween` (kept across the restart).
 *
 * A machine whose baseline is above the ceiling must not restart in a loop: after a guard
 * restart, memory still above the ceiling that caused it within the first hour means the
 * restart did not help, so the ceiling is raised over the new baseline (kept across restarts
 * until the configured ceiling changes) and the heartbeat says so.
 *
 * Pure: no electron import. The samples, clocks, state file and the restart itself are given,
 * so the decisions are tested in plain Node (tests/unit/electron-memory-guard.test.ts).
 * Durations are read on monotonic clocks (this process's, and the OS's uptime across the
 * restart); the wall clock only places the maintenance window and dates what is reported.
 */

/** A derived ceiling is measured this long after start, once the windows have drawn their layouts. */
export const SETTLE_MS = 15 * 60_000;
/**
 * A first sample this long after the guard began means its windows began with it, not with the
 * app: a node's windows and heartbeat start once it is enrolled, and its enrollment window may
 * wait hours for a code. Settling is then counted from that first sample.
 */
export const LATE_FIRST_SAMPLE_MS = 60_000;
/** A guard restart is judged by the first hour after it. */
export const CHECK_AFTER_RESTART_MS = 60 * 60_000;
/** Consecutive samples above the ceiling before it counts (3 min of 10-s heartbeats): a spike is not acted on. */
export const SUSTAIN_SAMPLES = 18;
/** Guard restarts remembered (for the log and the heartbeat's last one). */
export const HISTORY_MAX = 10;
/** The state file is a few hundred bytes; anything much larger is not ours to parse. */
export const STATE_MAX_BYTES = 64 * 1024;
export const MEMORY_GUARD_FILE = 'memory-guard.json';

export type MemoryGuardReport = NonNullable<NodeHeartbeat['memoryGuard']>;

/** One process of Electron's app.getAppMetrics(), as far as the guard reads it. */
export interface ProcessMetric {
  type?: string;
  memory?: { workingSetSize?: number };
}

export interface MemorySample {
  totalMB: number;
  /** By Chromium process type (Browser, GPU, Tab, Utility…). */
  byTypeMB: Record<string, number>;
}

const toMB = (kib: number) => Math.round((kib / 1024) * 10) / 10;

/** The working set (KiB in getAppMetrics) of every process of the app, in all and by type, in MB. */
export function sampleMemory(metrics: readonly ProcessMetric[]): MemorySample {
  let total = 0;
  const byType = new Map<string, number>();
  for (const p of metrics) {
    const kib = p.memory?.workingSetSize ?? 0;
    if (!Number.isFinite(kib) || kib <= 0) continue;
    total += kib;
    const type = (p.type ?? 'Unknown').slice(0, 32);
    byType.set(type, (byType.get(type) ?? 0) + kib);
  }
  return { totalMB: toMB(total), byTypeMB: Object.fromEntries([...byType].slice(0, 16).map(([t, kib]) => [t, toMB(kib)])) };
}

/**
 * The ceiling when none is configured, from the level once the app has settled: half as much
 * again, and at least 512 MB more. A wall's level depends on its displays and layouts
 * (1–3 GB), so no one figure suits every machine; 1.5× lets Chromium's slow growth run for days
 * (3.5 MB/h takes 6 days to add 512 MB) while catching a leak long before the machine swaps,
 * and the 512 MB floor keeps a small level's ordinary swings (a camera tile, a layout switch)
 * from reaching it.
 */
export function deriveCeilingMB(levelMB: number): number {
  return Math.round(Math.max(1.5 * levelMB, levelMB + 512));
}

export interface MemoryGuardSettings {
  enabled: boolean;
  ceilingMB?: number;
  /** "HH:MM-HH:MM" on timeZone's clock; absent: any quiet moment. */
  window?: string;
  timeZone: string;
  minHoursBetween: number;
  idleMinutes: number;
}

export interface GuardClocks {
  /** ms on this process's monotonic clock (performance.now). */
  mono(): number;
  /** Seconds since the OS booted (os.uptime): monotonic, untouched by clock steps, and it outlives the app's restart. */
  bootSec(): number;
  /** ms on the wall clock (Date.now): the maintenance window and the reported times only. */
  wall(): number;
}

export const systemClocks = (): GuardClocks => ({ mono: () => performance.now(), bootSec: () => uptime(), wall: () => Date.now() });

/** Where the guard's state outlives the restart. */
export interface GuardStore {
  read(): string | null;
  write(text: string): void;
}

export function fileGuardStore(file: string): GuardStore {
  return {
    read() {
      try {
        return readRegularFile(file, STATE_MAX_BYTES, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    write(text) {
      mkdirSync(dirname(file), { recursive: true });
      // Whole or not at all: a power cut mid-write must not leave half a file.
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
    },
  };
}

const restartSchema = z.object({
  at: z.string().max(40),
  bootSec: z.number().nonnegative(),
  totalMB: z.number().nonnegative(),
  ceilingMB: z.number().nonnegative(),
  /** The largest process type then (null: the sample named none). */
  topType: z.object({ type: z.string().max(32), mb: z.number().nonnegative() }).nullable(),
});
export type GuardRestart = z.output<typeof restartSchema>;

const stateSchema = z.object({
  v: z.literal(1),
  /** Newest last. */
  restarts: z
    .array(z.unknown())
    .max(1000)
    // A damaged entry is dropped, not the whole history: the last restart is what prevents a loop.
    .transform((rs) => rs.flatMap((r) => restartSchema.safeParse(r).data ?? []).slice(-HISTORY_MAX)),
  /** The app was restarted by the guard and has not yet been judged by its first hour. */
  checkPending: z.boolean(),
  raised: z
    .object({
      ceilingMB: z.number().positive(),
      /** The configured ceiling it was raised over (null: a derived one); another configured value drops it. */
      configuredMB: z.number().nullable(),
      at: z.string().max(40),
      /** Memory still this high `afterMinutes` after a restart at `fromCeilingMB`. */
      memoryMB: z.number().nonnegative(),
      afterMinutes: z.number().nonnegative(),
      fromCeilingMB: z.number().nonnegative(),
    })
    .nullable(),
});
export type GuardState = z.output<typeof stateSchema>;

const EMPTY: GuardState = { v: 1, restarts: [], checkPending: false, raised: null };

/** The stored state, or a fresh one when there is none or it is damaged (never a throw). */
export function parseGuardState(text: string | null): { state: GuardState; problem: string | null } {
  if (text === null) return { state: { ...EMPTY }, problem: null };
  try {
    const parsed = stateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, problem: null };
    return { state: { ...EMPTY }, problem: 'not a memory-guard state' };
  } catch (err) {
    return { state: { ...EMPTY }, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** What the node is doing that a restart must not cut short; null when nothing is. */
export interface QuietCheck {
  busy: string | null;
  /** Seconds without keyboard, mouse or touch input. */
  idleSec: number;
}

/**
 * How app.relaunch must start the app again. Inside the Linux AppImage, process.execPath is in
 * the AppImage's temporary mount, gone once this process exits, so a plain relaunch never comes
 * back (electron-builder#1727, #4650): the AppImage file itself is started, extracting rather
 * than mounting, with this start's arguments (--config, --data-dir). Elsewhere (.deb, Windows,
 * macOS) the default relaunch is right.
 */
export function relaunchOptions(p: { isPackaged: boolean; env: Record<string, string | undefined>; argv: readonly string[] }): { execPath: string; args: string[] } | undefined {
  const appImage = p.env.APPIMAGE;
  if (!p.isPackaged || !appImage) return undefined;
  return { execPath: appImage, args: ['--appimage-extract-and-run', ...p.argv.slice(1).filter((a) => a !== '--appimage-extract-and-run')] };
}

/**
 * What main knows cheaply of what the screens show: an alert's wall action (the host's
 * layout.changed / layout.active say why the layout is on) and identify (main sends it, for
 * IDENTIFY_MS). A restart under either would blank the wall when it matters.
 */
export class ScreenActivity {
  private takeover = false;
  private identifyUntil = -Infinity;

  constructor(private readonly mono: () => number = () => performance.now()) {}

  layout(active: { resolution?: { reason?: string } }): void {
    this.takeover = active.resolution?.reason === 'alert';
  }

  identify(ms: number): void {
    this.identifyUntil = Math.max(this.identifyUntil, this.mono() + ms);
  }

  busy(): string | null {
    if (this.takeover) return 'an alert takeover is on the wall';
    if (this.mono() < this.identifyUntil) return 'identify is on screen';
    return null;
  }
}

export interface MemoryGuardOptions {
  settings: MemoryGuardSettings;
  store: GuardStore;
  clocks: GuardClocks;
  /** Ends this process and starts the app again (main: app.relaunch(); app.exit(0)). */
  restart: (reason: string) => void;
  log?: (msg: string) => void;
  sustainSamples?: number;
}

type Waiting = MemoryGuardReport['waitingFor'];

export class MemoryGuard {
  private readonly s: MemoryGuardSettings;
  private readonly clocks: GuardClocks;
  private readonly log: (msg: string) => void;
  private readonly sustain: number;
  private readonly startMono: number;
  /** Where SETTLE_MS is counted from (LATE_FIRST_SAMPLE_MS); null until the first sample. */
  private settleFrom: number | null = null;
  private state: GuardState;
  private derivedMB: number | null = null;
  private run = 0;
  private runMinMB = Infinity;
  private last: MemorySample | null = null;
  private status: MemoryGuardReport['state'];
  private waitingFor: Waiting = null;
  private restarting = false;
  private writeFailed = false;

  constructor(private readonly opts: MemoryGuardOptions) {
    this.s = opts.settings;
    this.clocks = opts.clocks;
    this.log = opts.log ?? console.warn;
    this.sustain = Math.max(1, opts.sustainSamples ?? SUSTAIN_SAMPLES);
    this.startMono = this.clocks.mono();
    let text: string | null = null;
    let problem: string | null = null;
    try {
      text = opts.store.read();
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err);
    }
    const parsed = problem ? { state: { ...EMPTY }, problem } : parseGuardState(text);
    if (parsed.problem) this.log(`[memory-guard] state file ignored (${parsed.problem}): starting afresh`);
    this.state = parsed.state;
    // A ceiling raised over another configured value says nothing about the one configured now.
    if (this.state.raised && this.state.raised.configuredMB !== (this.s.ceilingMB ?? null)) this.state.raised = null;
    // Uptime below the last restart's: the machine rebooted since, so that restart was before
    // this boot began. Rebased to the boot's start now, while the uptime is still small; later
    // it could have climbed past the old figure and hide the reboot.
    const lastRestart = this.state.restarts.at(-1);
    if (lastRestart && this.clocks.bootSec() < lastRestart.bootSec) {
      lastRestart.bootSec = 0;
      this.persist();
    }
    this.status = this.s.enabled ? 'settling' : 'off';
  }

  /** The ceiling in force now and where it comes from; null while a derived one is not measured yet. */
  private ceiling(): { mb: number; from: 'config' | 'derived' | 'raised' } | null {
    const base = this.s.ceilingMB ?? this.derivedMB;
    if (base === null) return null;
    const raised = this.state.raised?.ceilingMB ?? 0;
    if (raised > base) return { mb: raised, from: 'raised' };
    return { mb: base, from: this.s.ceilingMB !== undefined ? 'config' : 'derived' };
  }

  private persist(): boolean {
    try {
      this.opts.store.write(JSON.stringify(this.state));
      this.writeFailed = false;
      return true;
    } catch (err) {
      if (!this.writeFailed) this.log(`[memory-guard] state not written (${err instanceof Error ? err.message : String(err)}): no restart without it`);
      this.writeFailed = true;
      return false;
    }
  }

  private wait(why: Exclude<Waiting, null>, detail: string): void {
    if (this.waitingFor !== why) this.log(`[memory-guard] above the ceiling, waiting: ${detail}`);
    this.status = 'waiting';
    this.waitingFor = why;
  }

  /** One heartbeat's sample: counts, and restarts or raises when due. */
  observe(sample: MemorySample, quiet: QuietCheck): void {
    this.last = sample;
    if (!this.s.enabled || this.restarting) return;
    const mono = this.clocks.mono();
    const sinceStart = mono - this.startMono;
    this.settleFrom ??= sinceStart > LATE_FIRST_SAMPLE_MS ? mono : this.startMono;
    const settled = mono - this.settleFrom;
    if (this.s.ceilingMB === undefined && this.derivedMB === null && settled >= SETTLE_MS) {
      this.derivedMB = deriveCeilingMB(sample.totalMB);
      this.log(`[memory-guard] ${sample.totalMB} MB ${Math.round(settled / 60_000)} min after start: ceiling ${this.derivedMB} MB`);
    }
    const lastRestart = this.state.restarts.at(-1) ?? null;
    const judging = this.state.checkPending && lastRestart !== null && sinceStart < CHECK_AFTER_RESTART_MS;
    if (this.state.checkPending && !judging) {
      // An hour under the ceiling that caused it: the restart did its job.
      this.state.checkPending = false;
      this.persist();
    }
    const ceiling = this.ceiling();
    // In the hour after a guard restart, the ceiling that caused it is the one that counts.
    const limit = judging ? lastRestart.ceilingMB : ceiling?.mb ?? null;
    if (limit === null) {
      this.status = 'settling';
      this.waitingFor = null;
      return;
    }
    if (sample.totalMB > limit) {
      this.run += 1;
      this.runMinMB = Math.min(this.runMinMB, sample.totalMB);
    } else {
      this.run = 0;
      this.runMinMB = Infinity;
    }
    if (this.run < this.sustain) {
      this.status = this.run > 0 ? 'above' : ceiling ? 'watching' : 'settling';
      this.waitingFor = null;
      return;
    }
    if (judging) return this.raise(lastRestart, sinceStart);
    if (!ceiling) return;
    const minSec = this.s.minHoursBetween * 3600;
    if (lastRestart) {
      const now = this.clocks.bootSec();
      // Uptime lower than at that restart: the machine rebooted since, so at least the uptime has passed.
      const elapsed = now >= lastRestart.bootSec ? now - lastRestart.bootSec : now;
      if (elapsed < minSec) return this.wait('interval', `the last guard restart was ${(elapsed / 3600).toFixed(1)} h ago (at most one per ${this.s.minHoursBetween} h)`);
    }
    if (this.s.window) {
      const [from, to] = this.s.window.split('-') as [string, string];
      if (!inInstallWindow(new Date(this.clocks.wall()), { from, to, timeZone: this.s.timeZone })) {
        return this.wait('window', `outside the maintenance window ${this.s.window} ${this.s.timeZone}`);
      }
    }
    if (quiet.busy) return this.wait('busy', quiet.busy);
    if (quiet.idleSec < this.s.idleMinutes * 60) {
      return this.wait('busy', `in use (input ${Math.round(quiet.idleSec)} s ago, ${this.s.idleMinutes} min needed)`);
    }
    const gpu = sample.byTypeMB.GPU;
    const reason = `${sample.totalMB} MB above the ceiling ${ceiling.mb} MB for ${this.run} samples${gpu !== undefined ? ` (GPU ${gpu} MB)` : ''}`;
    const top = Object.entries(sample.byTypeMB).reduce<[string, number] | null>((a, e) => (a === null || e[1] > a[1] ? e : a), null);
    this.state.restarts = [
      ...this.state.restarts,
      {
        at: new Date(this.clocks.wall()).toISOString(),
        bootSec: this.clocks.bootSec(),
        totalMB: sample.totalMB,
        ceilingMB: ceiling.mb,
        topType: top ? { type: top[0], mb: top[1] } : null,
      },
    ].slice(-HISTORY_MAX);
    this.state.checkPending = true;
    // Without the record the next start could not tell it follows a guard restart: no restart then.
    if (!this.persist()) {
      this.state.restarts = this.state.restarts.slice(0, -1);
      this.state.checkPending = false;
      this.status = 'waiting';
      this.waitingFor = null;
      return;
    }
    this.restarting = true;
    this.log(`[memory-guard] restarting the app: ${reason}`);
    this.opts.restart(reason);
  }

  /** The restart did not bring memory under the ceiling that caused it: the baseline is above it. */
  private raise(lastRestart: GuardRestart, sinceStart: number): void {
    const level = Math.min(this.runMinMB, this.last?.totalMB ?? this.runMinMB);
    const raisedMB = Math.max(deriveCeilingMB(level), this.ceiling()?.mb ?? 0);
    const afterMinutes = Math.round(sinceStart / 60_000);
    this.state.raised = {
      ceilingMB: raisedMB,
      configuredMB: this.s.ceilingMB ?? null,
      at: new Date(this.clocks.wall()).toISOString(),
      memoryMB: level,
      afterMinutes,
      fromCeilingMB: lastRestart.ceilingMB,
    };
    this.state.checkPending = false;
    this.persist();
    this.log(`[memory-guard] still ${level} MB ${afterMinutes} min after a restart at ${lastRestart.ceilingMB} MB: ceiling raised to ${raisedMB} MB`);
    this.run = 0;
    this.runMinMB = Infinity;
    this.status = 'watching';
    this.waitingFor = null;
  }

  /** The heartbeat's part: figures only, the console words them in its own language. */
  report(): MemoryGuardReport {
    const c = this.s.enabled ? this.ceiling() : null;
    const lastRestart = this.state.restarts.at(-1) ?? null;
    const raised = this.state.raised;
    const [from, to] = this.s.window ? (this.s.window.split('-') as [string, string]) : [];
    return {
      enabled: this.s.enabled,
      ceilingMB: c?.mb ?? (this.s.enabled ? null : this.s.ceilingMB ?? null),
      ceilingFrom: c?.from ?? null,
      state: this.status,
      waitingFor: this.waitingFor,
      byType: Object.entries(this.last?.byTypeMB ?? {})
        .map(([type, mb]) => ({ type, mb }))
        .sort((a, b) => b.mb - a.mb),
      window: from && to ? { from, to, timeZone: this.s.timeZone } : null,
      lastRestart: lastRestart && { at: lastRestart.at, memoryMB: lastRestart.totalMB, ceilingMB: lastRestart.ceilingMB, topType: lastRestart.topType },
      raised: raised && { ceilingMB: raised.ceilingMB, afterMinutes: raised.afterMinutes, memoryMB: raised.memoryMB, fromCeilingMB: raised.fromCeilingMB },
      stateFileError: this.writeFailed,
    };
  }
}
