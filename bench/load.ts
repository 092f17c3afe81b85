// Synthetic CPU load for benchmarks that must be measured on a busy machine (`--load N`): N
// separate busy processes, so the kernel's run queue and load average rise as they do when other
// programs share the cores. Each worker spins in 50 ms chunks and yields to its event loop between
// them, so it notices when its parent goes away (IPC disconnect) and never outlives the bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const BUSY = `process.on('disconnect', () => process.exit(0));
const spin = () => { const end = Date.now() + 50; while (Date.now() < end); setImmediate(spin); };
spin();`;

export interface SyntheticLoad {
  workers: number;
  stop(): void;
}

export function startLoad(workers: number): SyntheticLoad {
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++) {
    children.push(spawn(process.execPath, ['-e', BUSY], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] }));
  }
  return {
    workers,
    stop() {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    },
  };
}

/**
 * Waits (polling once a second, up to `deadlineMs`) until the 1-minute load average reaches
 * `target`; the average follows a new load with a one-minute time constant. Returns what it reached.
 */
export async function waitForLoad(target: number, deadlineMs: number, log: (s: string) => void = () => {}): Promise<number> {
  const end = Date.now() + deadlineMs;
  while (loadavg()[0]! < target && Date.now() < end) {
    log(`  load average ${loadavg()[0]!.toFixed(2)}, waiting for ≥ ${target} (${Math.ceil((end - Date.now()) / 1000)} s left)`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  return loadavg()[0]!;
}

/** Runnable tasks right now (the 4th field of /proc/loadavg, "running/total"), or null off Linux. */
export function runnableNow(): number | null {
  try {
    return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[3]!.split('/')[0]);
  } catch {
    return null;
  }
}

/** `--name N` or `--name=N` among the process arguments, else the fallback. */
export function numberOption(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === `--${name}` && args[i + 1] !== undefined) return Number(args[i + 1]);
    if (a.startsWith(`--${name}=`)) return Number(a.slice(name.length + 3));
  }
  return fallback;
}

/** Options of the bench runner that take a value (`--load 6`): their values are not name filters. */
export const VALUE_OPTIONS = ['load', 'pace'];
