import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * Which processes have a data folder's database open: each host (`serve`, the desktop app) and
 * each long-running `sync` writes `<dataDir>/running/<hostname>-<pid>-<n>.json` when it opens the
 * database and removes it when it closes. A file whose process is gone (a crash, a power cut) is
 * stale and ignored; a file written on another machine (a shared folder) cannot be checked and
 * counts as running. `restore` refuses while any live one is there.
 */

export const RUNNING_DIR = 'running';

export interface RunningProcess {
  pid: number;
  hostname: string;
  kind: string;
  startedAt: string;
  file: string;
}

/** Whether a process of this machine lives (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

let marks = 0;

/** Marks this process as running on the data folder; the returned function removes the mark. */
export function markRunning(dataDir: string, kind: string): () => void {
  const dir = join(dataDir, RUNNING_DIR);
  mkdirSync(dir, { recursive: true });
  // A counter keeps two hosts of one process (tests) from sharing a mark.
  const file = join(dir, `${hostname()}-${process.pid}-${++marks}.json`);
  writeFileSync(file, JSON.stringify({ pid: process.pid, hostname: hostname(), kind, startedAt: new Date().toISOString() }));
  let removed = false;
  return () => {
    if (removed) return;
    removed = true;
    rmSync(file, { force: true });
  };
}

/** Live processes on the data folder; stale marks of this machine are deleted on the way. */
export function runningOn(dataDir: string): RunningProcess[] {
  const dir = join(dataDir, RUNNING_DIR);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const me = hostname();
  const out: RunningProcess[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let p: Omit<RunningProcess, 'file'>;
    try {
      p = JSON.parse(readFileSync(file, 'utf8')) as Omit<RunningProcess, 'file'>;
    } catch {
      continue; // half-written or foreign: not ours to judge
    }
    if (typeof p.pid !== 'number') continue;
    if (p.hostname === me && p.pid !== process.pid && !processAlive(p.pid)) {
      rmSync(file, { force: true });
      continue;
    }
    out.push({ ...p, file });
  }
  return out;
}
