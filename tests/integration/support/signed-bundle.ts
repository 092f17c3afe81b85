import { createHash, type KeyObject } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { signedHead, type Manifest, type PartKind } from '../../../host/bundle/format';
import { keyIdOf } from '../../../host/trust/keys';

export interface HandPart {
  path: string;
  body: Buffer | string;
  /** Default 'layouts'. */
  kind?: PartKind;
  /** What the manifest claims; default the body's real hash (a lie makes a forged bundle). */
  sha256?: string;
}

/**
 * A validly signed bundle with the parts exactly as given, written to `file`: what a hand-made
 * bundle, an older tool or a forger with the key could make, for refusals that `createBundle`
 * (which checks its parts) cannot produce.
 */
export function signedBundle(file: string, key: KeyObject, parts: readonly HandPart[], opts: { createdAt?: string } = {}): string {
  const bodies = parts.map((p) => (typeof p.body === 'string' ? Buffer.from(p.body) : p.body));
  const manifest: Manifest = {
    format: 1,
    app: 'ioc-wall',
    version: '0.1.0',
    createdAt: opts.createdAt ?? new Date().toISOString(),
    by: 'test',
    keyId: keyIdOf(key),
    parts: parts.map((p, i) => ({
      kind: p.kind ?? 'layouts',
      path: p.path,
      size: bodies[i]!.length,
      sha256: p.sha256 ?? createHash('sha256').update(bodies[i]!).digest('hex'),
    })),
  };
  writeFileSync(file, Buffer.concat([signedHead(manifest, key), ...bodies]));
  return file;
}
