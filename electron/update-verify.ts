import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { load as loadYaml } from 'js-yaml';
import { verifyDetached, type TrustedKey } from '../host/trust/keys';
import type { DownloadedUpdate } from './updater';

/**
 * Linux updates (AppImage, .deb) carry only a sha512 from the same server as the file, so anyone
 * who can change the server can change both. The release signs `latest-linux.yml` with an Ed25519
 * key (`ioc-wall keys sign`, a detached `latest-linux.yml.sig`) whose public half is built into the
 * app (build/keys/); before a downloaded update may install, the signature is checked and the
 * downloaded file's own sha512 must be one the signed metadata lists, for the version it names.
 */

export interface SignedMetadata {
  yml: Buffer;
  /** The .sig file: base64 of the 64-byte signature. */
  sig: Buffer;
  /** Where it came from, for messages. */
  from: string;
}

export class UpdateRefused extends Error {
  override name = 'UpdateRefused';
}

export const linuxMetadataName = (channel: 'stable' | 'beta') => `${channel === 'beta' ? 'beta' : 'latest'}-linux.yml`;

export async function sha512Base64(file: string): Promise<string> {
  const h = createHash('sha512');
  for await (const c of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(c as Buffer);
  return h.digest('base64');
}

interface LinuxMetadata {
  version?: unknown;
  files?: { url?: unknown; sha512?: unknown; size?: unknown }[];
  path?: unknown;
  sha512?: unknown;
}

/** A semver prerelease (0.6.0-beta.1): the `-` part before any `+build`. */
export const isPrerelease = (version: string) => /^v?\d+\.\d+\.\d+-[0-9A-Za-z.-]+/.test(version.split('+')[0] ?? '');

/** A stable machine never installs a prerelease, whatever metadata name it came under. */
export function checkChannel(version: string, channel: 'stable' | 'beta' | undefined): void {
  if ((channel ?? 'stable') === 'stable' && isPrerelease(version)) {
    throw new UpdateRefused(
      `Máy theo kênh ổn định không cài bản thử nghiệm ${version} / This machine is on the stable channel: the prerelease ${version} is not installed (set updates.channel to "beta" to take betas).`,
    );
  }
}

export async function verifyLinuxUpdate(
  update: DownloadedUpdate,
  metadata: SignedMetadata,
  keys: readonly TrustedKey[],
  opts: { channel?: 'stable' | 'beta' } = {},
): Promise<TrustedKey> {
  checkChannel(update.version, opts.channel);
  if (keys.length === 0) {
    throw new UpdateRefused(
      'Bản build không có khoá công khai để kiểm tra cập nhật Linux / This build has no public key to check Linux updates (build/keys/ was empty), so it installs none, from a server or from an offline bundle: install the new version by hand, or use a build made with the release key.',
    );
  }
  const sig = Buffer.from(metadata.sig.toString('utf8').trim(), 'base64');
  const signer = verifyDetached(keys, metadata.yml, sig);
  if (!signer) {
    throw new UpdateRefused(`Chữ ký siêu dữ liệu cập nhật không hợp lệ / The update metadata ${metadata.from} is not signed by a key this app trusts: not installed.`);
  }
  let info: LinuxMetadata;
  try {
    info = (loadYaml(metadata.yml.toString('utf8')) ?? {}) as LinuxMetadata;
  } catch (err) {
    throw new UpdateRefused(`Siêu dữ liệu cập nhật không đọc được / ${metadata.from} is not valid YAML (${(err as Error).message})`);
  }
  if (String(info.version) !== update.version) {
    throw new UpdateRefused(
      `Phiên bản không khớp / The signed metadata is for version ${String(info.version)}, the download is ${update.version}: not installed (it will be checked again at the next look).`,
    );
  }
  const listed = new Set(
    [...(info.files ?? []).map((f) => f.sha512), info.sha512].filter((s): s is string => typeof s === 'string' && s.length > 0),
  );
  const actual = await sha512Base64(update.downloadedFile);
  if (!listed.has(actual)) {
    throw new UpdateRefused(`Tệp tải về không khớp siêu dữ liệu đã ký / The downloaded ${update.downloadedFile} matches no sha512 in the signed metadata: not installed.`);
  }
  return signer;
}

/** latest-linux.yml and its .sig from the update server (https, or our own loopback feed). */
export async function fetchSignedMetadata(baseUrl: string, name: string, fetchImpl: typeof fetch = fetch): Promise<SignedMetadata> {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const get = async (file: string) => {
    const url = new URL(file, base).toString();
    const res = await fetchImpl(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new UpdateRefused(`Không tải được ${url} / Could not fetch ${url} (HTTP ${res.status}): the update stays uninstalled.`);
    const body = Buffer.from(await res.arrayBuffer());
    if (body.length > 1024 * 1024) throw new UpdateRefused(`${url} is larger than 1 MiB: not update metadata.`);
    return body;
  };
  return { yml: await get(name), sig: await get(`${name}.sig`), from: new URL(name, base).toString() };
}
