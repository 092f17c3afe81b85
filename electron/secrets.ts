import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SafeStorage } from 'electron';
import { readSecretsFile } from '../host/sync/file-secrets';

/**
 * Feed secrets (passwords, OAuth client secrets, API keys) encrypted with the OS keychain
 * through Electron's safeStorage (DPAPI on Windows, libsecret/kwallet on Linux, Keychain on
 * macOS). Structurally the sync engine's SecretStore (sync/store.ts: get/set), so the host can
 * take it without electron/ importing sync/. Only ciphertext touches the disk.
 */
export class SafeStorageSecretStore {
  constructor(
    private readonly safeStorage: Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>,
    private readonly file: string,
  ) {}

  /** False on Linux without a keyring ('basic_text' would be plain obfuscation, not encryption). */
  available(): boolean {
    if (!this.safeStorage.isEncryptionAvailable()) return false;
    if (process.platform === 'linux' && this.safeStorage.getSelectedStorageBackend() === 'basic_text') return false;
    return true;
  }

  private read(): Record<string, string> {
    return readSecretsFile(this.file, 'enter the feed secrets again in the console');
  }

  get(key: string): string | null {
    const all = this.read();
    const sealed = Object.hasOwn(all, key) ? all[key] : undefined;
    if (typeof sealed !== 'string') return null;
    return this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
  }

  /** The names stored; the values stay sealed. */
  list(): string[] {
    return Object.keys(this.read()).sort();
  }

  set(key: string, value: string | null): void {
    if (value !== null && !this.available()) {
      throw new Error(
        'Không lưu được bí mật: hệ điều hành không có kho khoá (keyring). / Cannot store the secret: no OS keyring is available — install and unlock gnome-keyring or kwallet, or set the secret through the environment.',
      );
    }
    const all = this.read();
    if (value === null) delete all[key];
    else all[key] = this.safeStorage.encryptString(value).toString('base64');
    mkdirSync(dirname(this.file), { recursive: true });
    // Write-then-rename: a crash mid-write must not lose every other secret.
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
