import { readFileSync, statSync } from 'node:fs';

/**
 * Files an installer names (the config, boundaries, TLS and CA certificates, keys) are read whole
 * at start, so a path to a device ("/dev/zero", "/dev/stdin") would be read forever and a wrong,
 * huge file would fill memory before it failed to parse. These are checked first: a regular file
 * no larger than `maxBytes`. A refusal carries its reason as `code`, where the callers already show
 * an errno (ENOENT, EACCES) beside the path.
 */
export class FileRefused extends Error {
  override name = 'FileRefused';
  constructor(
    readonly code: string,
    path: string,
  ) {
    super(`${path}: ${code}`);
  }
}

export const MB = 1024 * 1024;

export function readRegularFile(path: string, maxBytes: number): Buffer;
export function readRegularFile(path: string, maxBytes: number, encoding: 'utf8'): string;
export function readRegularFile(path: string, maxBytes: number, encoding?: 'utf8'): Buffer | string {
  const st = statSync(path);
  if (!st.isFile()) throw new FileRefused(st.isDirectory() ? 'a folder, not a file' : 'not a regular file (a device or pipe)', path);
  if (st.size > maxBytes) throw new FileRefused(`larger than ${maxBytes / MB} MB`, path);
  return encoding ? readFileSync(path, encoding) : readFileSync(path);
}
