// CPU time of a process and all its descendants (Linux /proc), for figures the machine's load
// sways less than wall-clock time: a wall's start on a 2-core box is mostly CPU (compiling,
// running, painting, and the host's serving), and time other processes took is not in it.
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux this runs on). */
const TICK_MS = 10;

/** Per process of `root`'s tree (itself included): [parent pid, utime + stime in ms]. */
function treeTimes(root: number): Map<number, number> {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // "pid (comm) state ppid ..." — comm may hold spaces and parentheses: split after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    parent.set(Number(name), Number(f[1]));
    // Its own time and that of its children that ended and were reaped (a closed page's
    // renderer, a browser that exited): gone from /proc, but counted in their parent.
    cpu.set(Number(name), (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS);
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 64; p = parent.get(p), hops++) if (p === root) return true;
    return false;
  };
  const out = new Map<number, number>();
  for (const [pid, ms] of cpu) if (inTree(pid)) out.set(pid, ms);
  return out;
}

/** Starts counting; `stop()` gives the CPU ms the tree used since (processes started meanwhile count from 0). */
export function treeCpu(root = process.pid): { stop(): number } {
  const before = treeTimes(root);
  return {
    stop() {
      let ms = 0;
      for (const [pid, t] of treeTimes(root)) ms += t - (before.get(pid) ?? 0);
      return ms;
    },
  };
}
