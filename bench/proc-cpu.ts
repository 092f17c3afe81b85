// CPU time so far of the host and of every Chromium process on the machine, from /proc, by kind
// (a process type, or for renderers and the host their threads): start-cpu.ts's breakdown, and
// first-frame-cpu.ts's "all of Chromium". Read before the pages close: a process that has ended
// is gone from /proc with its time.
import { readdirSync, readFileSync } from 'node:fs';

/** /proc/<pid>/stat's clock ticks (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

const cpuOf = (stat: string) => {
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
};

/** The processes started, directly or not, by `root` (not `root` itself). */
export function descendantsOf(root: number): Set<number> {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = new Set<number>();
  const todo = [...(children.get(root) ?? [])];
  while (todo.length > 0) {
    const pid = todo.pop()!;
    if (out.has(pid)) continue;
    out.add(pid);
    todo.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * CPU ms so far per "kind" key (a process type, or process type/thread name), by pid or tid.
 * `onlyUnder`: only the host and the Chromium processes started by that process (this one's own
 * browser, when other Chromiums run on the machine: a soak, a CI run).
 */
export function cpuSnapshot(hostPid: number, onlyUnder?: number): Map<number, { kind: string; ms: number }> {
  const out = new Map<number, { kind: string; ms: number }>();
  const mine = onlyUnder === undefined ? null : descendantsOf(onlyUnder);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const pid = Number(name);
      if (mine && pid !== hostPid && !mine.has(pid)) continue;
      // Chromium rewrites its command line into one string: split on NULs and spaces.
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split(/[\0 ]/);
      let kind: string;
      if (pid === hostPid) kind = 'host';
      else if (cmd[0]?.includes('chrom')) {
        const type = cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
        const sub = cmd.find((a) => a.startsWith('--utility-sub-type='))?.slice(19);
        kind = `chromium ${type}${sub ? ` ${sub}` : ''}`;
      } else continue;
      if (kind === 'host' || kind === 'chromium renderer') {
        for (const tid of readdirSync(`/proc/${name}/task`)) {
          const stat = readFileSync(`/proc/${name}/task/${tid}/stat`, 'utf8');
          const thread = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '');
          out.set(-Number(tid), { kind: `${kind} / ${thread === 'chromium' ? 'main' : thread}`, ms: cpuOf(stat) });
        }
      } else out.set(pid, { kind, ms: cpuOf(readFileSync(`/proc/${name}/stat`, 'utf8')) });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Chromium's CPU ms between two snapshots (processes started meanwhile count from 0). */
export function chromiumMsSince(before: Map<number, { kind: string; ms: number }>, after: Map<number, { kind: string; ms: number }>): number {
  let ms = 0;
  for (const [id, v] of after) if (v.kind.startsWith('chromium')) ms += v.ms - (before.get(id)?.ms ?? 0);
  return ms;
}
