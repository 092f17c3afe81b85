import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { wallSchema, type Wall } from '../layouts/model';

/**
 * The wall's configuration as the host last gave it. A node that boots while its host is
 * unreachable still has to put each wall display's window on the right monitor.
 */

export function parseWall(value: unknown): Wall | null {
  const parsed = wallSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

export function readLastWall(file: string): Wall | null {
  try {
    return parseWall(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null; // none yet, or damaged: the host's answer replaces it
  }
}

export function writeLastWall(file: string, wall: Wall): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(wall));
    renameSync(`${file}.tmp`, file);
  } catch (err) {
    console.warn(`[electron] could not remember the wall in ${file}: ${String(err)}`);
  }
}
