import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MB, readRegularFile } from '../files';

/**
 * Ed25519 keys for the offline bundles and the signed Linux update metadata. All cryptography is
 * Node's (node:crypto): key generation, signing and verification; nothing here computes a
 * signature by hand.
 */

export const PRIVATE_KEY_FILE = 'bundle-key.pem';
export const PUBLIC_KEY_FILE = 'bundle-key.pub.pem';

export class TrustError extends Error {
  override name = 'TrustError';
}

export interface TrustedKey {
  /** The first 16 hex digits of the sha256 of the key's SPKI DER: what a bundle names its signer by. */
  id: string;
  key: KeyObject;
  /** Where the key came from (the build, the config, --trust FILE), for messages. */
  origin: string;
}

export function keyIdOf(key: KeyObject): string {
  const der = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

/** Writes DIR/bundle-key.pem (0600) and DIR/bundle-key.pub.pem; never overwrites a key. */
export function generateKeys(dir: string): { privateFile: string; publicFile: string; id: string } {
  const privateFile = join(dir, PRIVATE_KEY_FILE);
  const publicFile = join(dir, PUBLIC_KEY_FILE);
  for (const f of [privateFile, publicFile]) {
    if (existsSync(f)) {
      throw new TrustError(
        `Tệp khoá đã có / ${f} already exists: a key is never overwritten (bundles signed with it would no longer verify). Choose another --out folder.`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  // 'wx' refuses to follow a file created in between; mode applies on creation.
  writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  chmodSync(privateFile, 0o600); // the umask may have taken bits away, never added: make it exact
  writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644, flag: 'wx' });
  return { privateFile, publicFile, id: keyIdOf(publicKey) };
}

function expectEd25519(key: KeyObject, origin: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TrustError(`Khoá không phải Ed25519 / ${origin} is a ${key.asymmetricKeyType ?? 'unknown'} key; IOC Wall bundles use Ed25519 (ioc-wall keys generate).`);
  }
  return key;
}

export function loadPrivateKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readRegularFile(file, MB, 'utf8');
  } catch (err) {
    throw new TrustError(`Không đọc được khoá bí mật / cannot read the private key ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  try {
    return expectEd25519(createPrivateKey(pem), file);
  } catch (err) {
    if (err instanceof TrustError) throw err;
    throw new TrustError(`Tệp không phải khoá bí mật PEM / ${file} is not a PEM private key (${(err as Error).message})`);
  }
}

/** A public key from PEM text (inline in the config) or from a .pem file. */
export function loadPublicKey(source: string, origin = source): TrustedKey {
  let pem = source;
  if (!source.trimStart().startsWith('-----BEGIN')) {
    try {
      pem = readRegularFile(source, MB, 'utf8');
    } catch (err) {
      throw new TrustError(`Không đọc được khoá công khai / cannot read the public key ${source} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (err) {
    throw new TrustError(`Không phải khoá công khai PEM / ${origin} is not a PEM public key (${(err as Error).message})`);
  }
  expectEd25519(key, origin);
  return { id: keyIdOf(key), key, origin };
}

export function signDetached(privateKey: KeyObject, data: Buffer): Buffer {
  return sign(null, data, privateKey);
}

/** The trusted key that signed `data`, or null. */
export function verifyDetached(keys: readonly TrustedKey[], data: Buffer, signature: Buffer): TrustedKey | null {
  if (signature.length !== 64) return null;
  for (const k of keys) if (verify(null, data, k.key, signature)) return k;
  return null;
}

// scripts/build.mjs replaces this with the PEM text of every build/keys/*.pub.pem at build time.
declare const __IOC_WALL_BUILT_IN_KEYS__: readonly string[] | undefined;

/** Where the release's public keys live in the repository (tests and tsx runs read them here). */
export const BUILT_IN_KEYS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'keys');

export function pemFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.pub.pem'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'));
}

/** The public keys built into this release: they verify Linux update metadata and bundles. */
export function builtInKeys(): TrustedKey[] {
  const pems = typeof __IOC_WALL_BUILT_IN_KEYS__ !== 'undefined' ? __IOC_WALL_BUILT_IN_KEYS__ : pemFilesIn(BUILT_IN_KEYS_DIR);
  return pems.map((pem, i) => loadPublicKey(pem, `built-in key #${i + 1}`));
}

/** Build keys, then config `trust.bundleKeys`, then `--trust` files; one entry per key. */
export function trustedKeys(sources: { builtIn?: readonly TrustedKey[]; config?: readonly string[]; files?: readonly string[] }): TrustedKey[] {
  const all = [
    ...(sources.builtIn ?? builtInKeys()),
    ...(sources.config ?? []).map((s, i) => loadPublicKey(s, s.trimStart().startsWith('-----BEGIN') ? `config trust.bundleKeys[${i}]` : s)),
    ...(sources.files ?? []).map((f) => loadPublicKey(f, `--trust ${f}`)),
  ];
  const seen = new Set<string>();
  return all.filter((k) => !seen.has(k.id) && seen.add(k.id));
}
