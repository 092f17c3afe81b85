/**
 * Stops a spawned `ioc-wall serve` (or any child) and resolves only once it has exited, so the
 * caller may remove its data dir: a host still shutting down writes its log and database files,
 * and removing the dir under it fails with ENOTEMPTY.
 */
import type { ChildProcess } from 'node:child_process';

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((ok) => child.once('exit', () => ok()));
}

/** SIGTERM, then SIGKILL if it is still running after `graceMs`; waits for the exit either way. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  const gone = exited(child);
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = await Promise.race([gone.then(() => false), new Promise<boolean>((ok) => (timer = setTimeout(() => ok(true), graceMs)))]);
  clearTimeout(timer);
  if (late) {
    child.kill('SIGKILL');
    await gone;
  }
}
