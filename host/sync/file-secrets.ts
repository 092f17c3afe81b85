import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { SecretStore } from '../../sync/store';

/**
 * The name → value map of a secrets file ({} when there is none). A damaged file is refused with its
 * path and what to do, never read as empty: the next write would overwrite every other secret.
 */
export function readSecretsFile(file: string, whatToDo: string): Record<string, string> {
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`Tệp bí mật hỏng / The secrets file ${file} is damaged (${(err as Error).message}). Move it away and ${whatToDo}.`);
  }
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
}

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
    return readSecretsFile(this.file, 'set the secrets again (ioc-wall secret set NAME)');
  }

  get(key: string): string | null {
    const all = this.read();
    return Object.hasOwn(all, key) && typeof all[key] === 'string' ? all[key] : null;
  }

  list(): string[] {
    return Object.keys(this.read()).sort();
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
