import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../../sync/store';

/**
 * SecretStore for plain Node (`serve`, the CLI): a JSON file readable by the owner only, in the
 * data directory. Inside Electron the shell supplies a safeStorage-backed store instead.
 */
export class FileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  static inDataDir(dataDir: string): FileSecretStore {
    return new FileSecretStore(join(dataDir, 'secrets.json'));
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
  }

  get(key: string): string | null {
    return this.read()[key] ?? null;
  }

  set(key: string, value: string | null): void {
    const all = this.read();
    if (value === null) delete all[key];
    else all[key] = value;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
    chmodSync(this.file, 0o600);
  }
}
