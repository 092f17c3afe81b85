import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { z } from 'zod';
import { describeInlineSecrets, inlineSecretFields, type InlineSecretField } from '../sync/inline-secrets';
import { builtInKeys, keyIdOf, signDetached, verifyDetached, type TrustedKey } from '../trust/keys';
import type { KeyObject } from 'node:crypto';

/**
 * The offline bundle file: one file that travels on a USB stick.
 *
 *   MAGIC (16 bytes) | u32 BE manifest length | manifest (UTF-8 JSON) | u32 BE signature length (64)
 *   | Ed25519 signature of (MAGIC | length | manifest) | part bytes, in manifest order
 *
 * The manifest lists every part with its size and sha256, so the signature covers every byte; the
 * file must be exactly as long as the manifest says (shorter: truncated, longer: oversized).
 */

export const MAGIC = Buffer.from('IOCWALL-BUNDLE\u0000\u0001', 'latin1');
export const MAX_MANIFEST_BYTES = 1024 * 1024;
/** Beyond any real bundle (a database snapshot plus two installers); refuses a runaway file. */
export const MAX_BUNDLE_BYTES = 8 * 1024 ** 3;
export const PART_KINDS = ['config', 'layouts', 'boundaries', 'data', 'update'] as const;
export type PartKind = (typeof PART_KINDS)[number];
/**
 * Where each kind of part lives. `update/` holds the installers and their latest*.yml (+ .sig) as
 * electron-builder published them, each directly under `update/` (UPDATE_DIR).
 */
export const PART_PATHS = {
  config: 'config/feeds.json',
  layouts: 'layouts/layouts.json',
  boundaries: 'boundaries/boundaries.geojson',
  data: 'data/ioc-wall.db',
} as const;
export const UPDATE_DIR = 'update';
/** The update metadata electron-updater reads; without one the installers beside it are never offered. */
export const UPDATE_METADATA = /^(latest|beta)(-linux)?\.yml$/;

export const partSchema = z.strictObject({
  kind: z.enum(PART_KINDS),
  path: z.string().min(1).max(255),
  size: z.number().int().min(0).max(MAX_BUNDLE_BYTES),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type Part = z.infer<typeof partSchema>;

export const manifestSchema = z.strictObject({
  format: z.literal(1),
  app: z.literal('ioc-wall'),
  /** The IOC Wall version that made the bundle. */
  version: z.string().min(1),
  createdAt: z.string().min(1),
  by: z.string().min(1),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  parts: z.array(partSchema).max(64),
});
export type Manifest = z.infer<typeof manifestSchema>;

export type BundleProblem =
  | 'unreadable'
  | 'not_a_bundle'
  | 'truncated'
  | 'oversized'
  | 'bad_manifest'
  | 'unknown_key'
  | 'bad_signature'
  | 'unsafe_path'
  | 'hash_mismatch'
  | 'bad_part'
  /** A config part (or snapshot) holding secret values instead of `secret:NAME` references. */
  | 'inline_secret'
  /** Made before the last bundle applied here (a rollback); applied only when the installer says so. */
  | 'older_bundle'
  /** This very bundle was applied here already. */
  | 'already_applied'
  /** Installers this build's updater can never install: a Linux build made with no key in build/keys. */
  | 'no_update_key'
  /** Checks passed, then a step failed (a full disk, a file in use); what was done was undone. */
  | 'apply_failed';

/** A refused bundle: `code` for programs, the message in Vietnamese then English for people. */
export class BundleError extends Error {
  override name = 'BundleError';
  constructor(
    readonly code: BundleProblem,
    readonly vi: string,
    readonly en: string,
  ) {
    super(`${vi} / ${en}`);
  }
}

const NOTHING_CHANGED = { vi: 'Không có gì thay đổi.', en: 'Nothing was changed.' };
export const refuse = (code: BundleProblem, vi: string, en: string) => new BundleError(code, `${vi} ${NOTHING_CHANGED.vi}`, `${en} ${NOTHING_CHANGED.en}`);

/**
 * A part path is a relative POSIX path inside the bundle: no absolute path, drive, backslash,
 * empty, '.' or '..' segment — so no part can be written outside the folder it is unpacked into.
 */
export function checkPartPath(path: string): void {
  const segments = path.split('/');
  const bad =
    path.startsWith('/') ||
    /[\\:\u0000-\u001f]/.test(path) ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    posix.normalize(path) !== path;
  if (bad) {
    throw refuse('unsafe_path', `Gói chứa đường dẫn không an toàn "${path}" (ra ngoài gói).`, `The bundle holds an unsafe path "${path}" (it escapes the bundle).`);
  }
}

/** Characters and names Windows cannot hold in a file name: the installer folder is on Windows machines too. */
const WINDOWS_BAD_CHARS = /[<>"|?*]/;
const WINDOWS_DEVICE_NAME = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
/** The longest file name ext4 and NTFS both take (ext4 counts bytes). */
const MAX_NAME_BYTES = 255;
/** Problems named in one refusal; a manifest wrong throughout is wrong for one reason, told by the first few. */
const MAX_PROBLEMS = 10;

/**
 * What the format allows beyond a safe path (checkPartPath): config, layouts, boundaries and data
 * each at most once and exactly at its PART_PATHS place; installers and their latest*.yml (+ .sig)
 * directly in `update/` (as electron-builder publishes them, no sub-folders), under a file name
 * every machine can hold, and with a latest*.yml among them. Checked on the signed manifest before
 * a byte is unpacked, so a bundle that apply could not finish is refused whole — and `verify`
 * says so too — instead of failing half way through (an installer at `update/win/app.exe` used to
 * fail after the layouts and feeds were committed).
 */
export function checkParts(parts: readonly Part[]): void {
  const vi: string[] = [];
  const en: string[] = [];
  const problem = (v: string, e: string) => {
    vi.push(v);
    en.push(e);
  };
  for (const kind of PART_KINDS) {
    if (kind === 'update') continue;
    const of = parts.filter((p) => p.kind === kind).map((p) => `"${p.path}"`);
    // Apply reads one part of each of these kinds: a second one would be silently ignored.
    if (of.length > 1) problem(`có ${of.length} phần loại ${kind} (${of.join(', ')}), mỗi gói chỉ được một`, `it has ${of.length} ${kind} parts (${of.join(', ')}), at most one is allowed`);
  }
  const updatePrefix = `${UPDATE_DIR}/`;
  const names = new Map<string, string>();
  for (const p of parts) {
    if (p.kind !== 'update') {
      const place = PART_PATHS[p.kind];
      if (p.path !== place) problem(`phần "${p.path}" (loại ${p.kind}) phải nằm ở "${place}"`, `the part "${p.path}" (kind ${p.kind}) must be at "${place}"`);
      continue;
    }
    const name = p.path.slice(updatePrefix.length);
    if (!p.path.startsWith(updatePrefix) || name.includes('/')) {
      problem(
        `phần "${p.path}" (loại update) phải nằm ngay trong "update/" (update/<tên tệp>, không có thư mục con)`,
        `the part "${p.path}" (kind update) must sit directly in "update/" (update/<file name>, no sub-folders)`,
      );
    } else if (WINDOWS_BAD_CHARS.test(name) || /[. ]$/.test(name) || WINDOWS_DEVICE_NAME.test(name) || Buffer.byteLength(name) > MAX_NAME_BYTES) {
      problem(
        `tên tệp của phần "${p.path}" không lưu được trên mọi máy (không có < > " | ? *, không kết thúc bằng dấu chấm hay khoảng trắng, không phải tên thiết bị như CON, NUL; tối đa ${MAX_NAME_BYTES} byte)`,
        `the file name of the part "${p.path}" cannot be stored on every machine (no < > " | ? *, no trailing dot or space, not a device name such as CON or NUL; at most ${MAX_NAME_BYTES} bytes)`,
      );
    } else {
      // Windows (and macOS) file names ignore letter case: the second file would land on the first.
      const other = names.get(name.toLowerCase());
      if (other) problem(`phần "${other}" và "${p.path}" chỉ khác chữ hoa/thường (trên Windows là cùng một tệp)`, `the parts "${other}" and "${p.path}" differ only in letter case (one and the same file on Windows)`);
      names.set(name.toLowerCase(), p.path);
    }
  }
  if (parts.some((p) => p.kind === 'update') && ![...names.keys()].some((n) => UPDATE_METADATA.test(n))) {
    problem(
      'các phần update không có latest.yml / latest-linux.yml, nên trình cập nhật không dùng được bản cài đặt',
      'the update parts hold no latest.yml / latest-linux.yml, so the updater could not use the installers',
    );
  }
  if (vi.length === 0) return;
  const more = vi.length - MAX_PROBLEMS;
  const list = (l: string[], rest: string) => l.slice(0, MAX_PROBLEMS).join('; ') + (more > 0 ? `; ${rest}` : '');
  throw refuse(
    'bad_manifest',
    `Gói không đúng định dạng: ${list(vi, `còn ${more} vấn đề nữa`)}.`,
    `The bundle does not follow the format: ${list(en, `${more} more problems`)}.`,
  );
}

function headerBytes(manifest: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(manifest.length);
  return Buffer.concat([MAGIC, len, manifest]);
}

/** The signed head of a bundle, for a manifest whose parts are already hashed. */
export function signedHead(manifest: Manifest, key: KeyObject): Buffer {
  if (manifest.keyId !== keyIdOf(key)) throw new Error('manifest keyId does not match the signing key');
  const head = headerBytes(Buffer.from(JSON.stringify(manifest), 'utf8'));
  const sig = signDetached(key, head);
  const sigLen = Buffer.alloc(4);
  sigLen.writeUInt32BE(sig.length);
  return Buffer.concat([head, sigLen, sig]);
}

export async function sha256OfRange(file: string, start: number, size: number): Promise<string> {
  const hash = createHash('sha256');
  if (size > 0) {
    for await (const chunk of createReadStream(file, { start, end: start + size - 1, highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

export interface OpenedBundle {
  manifest: Manifest;
  signer: TrustedKey;
  /** sha256 of the signed head (manifest and signature): names this bundle, whatever its file name. */
  id: string;
  /** Byte offset of each part (same order as manifest.parts). */
  offsets: number[];
  size: number;
}

async function readExactly(fh: FileHandle, position: number, length: number): Promise<Buffer | null> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return bytesRead === length ? buf : null;
}

const truncated = () => refuse('truncated', 'Tệp gói bị cắt cụt (thiếu dữ liệu so với mục lục).', 'The bundle file is truncated (shorter than its manifest says).');

/**
 * Reads and checks the head: magic, sizes, the signature against the trusted keys, the manifest,
 * the part paths and the total length. Part hashes are checked by verifyBundle.
 */
export async function openBundle(file: string, trusted: readonly TrustedKey[]): Promise<OpenedBundle> {
  const unreadable = (why: string) => refuse('unreadable', `Không đọc được tệp gói ${file} (${why}).`, `Cannot read the bundle file ${file} (${why}).`);
  const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? String(err);
  const st = await stat(file).catch((err: unknown) => {
    throw unreadable(errCode(err));
  });
  // A directory opens on Linux and fails only when read; a device ("/dev/zero") never ends.
  if (!st.isFile()) throw unreadable(st.isDirectory() ? 'EISDIR' : 'not a regular file');
  const size = st.size;
  const fh: FileHandle = await open(file, 'r').catch((err: unknown) => {
    throw unreadable(errCode(err));
  });
  try {
    if (size > MAX_BUNDLE_BYTES) {
      throw refuse('oversized', `Tệp gói quá lớn (${size} byte, tối đa ${MAX_BUNDLE_BYTES}).`, `The bundle file is too large (${size} bytes, at most ${MAX_BUNDLE_BYTES}).`);
    }
    const magic = await readExactly(fh, 0, MAGIC.length);
    if (!magic || !magic.equals(MAGIC)) {
      if (magic === null && size > 0 && MAGIC.subarray(0, size).equals(await readExactly(fh, 0, size) ?? Buffer.alloc(0))) throw truncated();
      throw refuse('not_a_bundle', `${file} không phải gói cập nhật IOC Wall.`, `${file} is not an IOC Wall bundle.`);
    }
    const lenBuf = await readExactly(fh, MAGIC.length, 4);
    if (!lenBuf) throw truncated();
    const manifestLen = lenBuf.readUInt32BE();
    if (manifestLen === 0 || manifestLen > MAX_MANIFEST_BYTES) {
      throw refuse('bad_manifest', `Mục lục của gói có kích thước không hợp lệ (${manifestLen} byte).`, `The bundle manifest has an invalid size (${manifestLen} bytes).`);
    }
    const manifestBytes = await readExactly(fh, MAGIC.length + 4, manifestLen);
    if (!manifestBytes) throw truncated();
    const sigAt = MAGIC.length + 4 + manifestLen;
    const sigLenBuf = await readExactly(fh, sigAt, 4);
    if (!sigLenBuf) throw truncated();
    const sigLen = sigLenBuf.readUInt32BE();
    if (sigLen !== 64) throw refuse('bad_signature', 'Chữ ký của gói không đúng định dạng Ed25519.', 'The bundle signature is not an Ed25519 signature.');
    const signature = await readExactly(fh, sigAt + 4, sigLen);
    if (!signature) throw truncated();

    // The signature first: nothing in an unsigned manifest is believed, not even its sizes.
    const head = Buffer.concat([MAGIC, lenBuf, manifestBytes]);
    const signer = verifyDetached(trusted, head, signature);
    if (!signer) {
      const claimed = /"keyId"\s*:\s*"([0-9a-f]{16})"/.exec(manifestBytes.toString('utf8'))?.[1] ?? '?';
      if (trusted.some((k) => k.id === claimed)) {
        throw refuse('bad_signature', 'Chữ ký không khớp: gói đã bị sửa sau khi ký.', 'The signature does not match: the bundle was changed after it was signed.');
      }
      throw refuse(
        'unknown_key',
        `Gói được ký bằng khoá lạ (${claimed}), không nằm trong các khoá tin cậy (${trusted.map((k) => k.id).join(', ') || 'không có'}). Thêm khoá công khai bằng --trust hoặc trust.bundleKeys nếu đúng là khoá của đơn vị.`,
        `The bundle is signed with an unknown key (${claimed}), not one of the trusted keys (${trusted.map((k) => k.id).join(', ') || 'none'}). Add its public key with --trust or config trust.bundleKeys if it really is your agency's.`,
      );
    }
    let manifest: Manifest;
    try {
      manifest = manifestSchema.parse(JSON.parse(manifestBytes.toString('utf8')));
    } catch (err) {
      throw refuse('bad_manifest', `Mục lục của gói không hợp lệ (${(err as Error).message.slice(0, 200)}).`, `The bundle manifest is invalid (${(err as Error).message.slice(0, 200)}).`);
    }
    if (manifest.keyId !== signer.id) throw refuse('bad_manifest', 'Mục lục ghi sai khoá đã ký.', 'The manifest names another key than the one that signed it.');
    const seen = new Set<string>();
    for (const p of manifest.parts) {
      checkPartPath(p.path);
      if (seen.has(p.path)) throw refuse('bad_manifest', `Phần "${p.path}" có hai lần trong gói.`, `The part "${p.path}" appears twice in the bundle.`);
      seen.add(p.path);
    }
    checkParts(manifest.parts);
    const offsets: number[] = [];
    let at = sigAt + 4 + sigLen;
    for (const p of manifest.parts) {
      offsets.push(at);
      at += p.size;
    }
    if (size < at) throw truncated();
    if (size > at) {
      throw refuse('oversized', `Tệp gói dài hơn mục lục (${size - at} byte thừa ở cuối).`, `The bundle file is longer than its manifest says (${size - at} extra bytes at the end).`);
    }
    return { manifest, signer, id: createHash('sha256').update(head).update(signature).digest('hex'), offsets, size };
  } finally {
    await fh.close();
  }
}

/** What decides whether this machine's updater can install a bundle's installers (tests set it). */
export interface UpdaterTrust {
  platform?: NodeJS.Platform;
  /** The keys the updater checks Linux update metadata with: the build's own (builtInKeys). */
  keys?: () => readonly TrustedKey[];
}

/**
 * A Linux build installs an update only once its latest-linux.yml verifies with a key built into
 * it (electron/update-verify.ts); the keys that let a bundle in (config trust.bundleKeys, --trust)
 * are not the updater's. A build made with no key in build/keys would take the installers in and
 * never install them, so such a bundle is refused before anything is applied. Elsewhere the
 * updater checks a Windows installer by its publisher, with no key of ours.
 */
function checkInstallable(parts: readonly Part[], updater: UpdaterTrust): void {
  if ((updater.platform ?? process.platform) !== 'linux' || !parts.some((p) => p.kind === 'update')) return;
  if ((updater.keys ?? builtInKeys)().length > 0) return;
  throw refuse(
    'no_update_key',
    'Gói có bộ cài đặt, nhưng bản build này không có khoá công khai cập nhật (build/keys trống) nên không bao giờ cài được nó. Tạo gói không có phần "update", hoặc cài bản build có khoá phát hành.',
    'The bundle holds installers, but this build has no built-in update key (build/keys was empty), so it could never install them. Make the bundle without the "update" part, or install a build made with the release key.',
  );
}

/** openBundle, then the sha256 of every part, then whether its installers can ever be installed here. */
export async function verifyBundle(file: string, trusted: readonly TrustedKey[], updater: UpdaterTrust = {}): Promise<OpenedBundle> {
  const opened = await openBundle(file, trusted);
  for (const [i, p] of opened.manifest.parts.entries()) {
    const actual = await sha256OfRange(file, opened.offsets[i]!, p.size);
    if (actual !== p.sha256) {
      throw refuse('hash_mismatch', `Phần "${p.path}" không khớp mã băm sha256 trong mục lục (tệp bị hỏng hoặc bị sửa).`, `The part "${p.path}" does not match its sha256 in the manifest (the file is damaged or was changed).`);
    }
  }
  const config = opened.manifest.parts.findIndex((p) => p.kind === 'config');
  if (config >= 0) await checkConfigPart(file, opened.offsets[config]!, opened.manifest.parts[config]!);
  checkInstallable(opened.manifest.parts, updater);
  return opened;
}

/** A config part larger than this is no feed list; apply refuses it as it reads it. */
const MAX_CONFIG_PART_BYTES = 16 * 1024 * 1024;

/**
 * A bundle carries secret names only (`secret:NAME`): a value in it would be stored on the target
 * under the feed's name — over the value entered there — and allowed to the bundle's server.
 */
export function inlineSecretRefusal(where: { vi: string; en: string }, list: readonly InlineSecretField[]): BundleError {
  const fields = describeInlineSecrets(list);
  return refuse(
    'inline_secret',
    `${where.vi} chứa giá trị bí mật ghi thẳng (${fields}): gói chỉ được mang tham chiếu "secret:TÊN"; đặt giá trị trên từng máy bằng "ioc-wall secret set TÊN".`,
    `${where.en} holds inline secret values (${fields}): a bundle may carry only "secret:NAME" references; set the values on each machine with "ioc-wall secret set NAME".`,
  );
}

async function checkConfigPart(file: string, offset: number, part: Part): Promise<void> {
  if (part.size > MAX_CONFIG_PART_BYTES) return;
  const fh = await open(file, 'r');
  let value: unknown;
  try {
    const bytes = await readExactly(fh, offset, part.size);
    if (!bytes) throw truncated();
    value = JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    if (err instanceof BundleError) throw err;
    // Not JSON: apply names the part and the reason.
    return;
  } finally {
    await fh.close();
  }
  const list = inlineSecretFields((value as { feeds?: unknown } | null)?.feeds);
  if (list.length > 0) throw inlineSecretRefusal({ vi: `Phần cấu hình "${part.path}"`, en: `The config part "${part.path}"` }, list);
}
