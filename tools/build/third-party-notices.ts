/**
 * The third-party notices shipped with every build: each package the app runs with (the
 * lockfile's production tree: the renderer's libraries and the host's), its version, its licence
 * and the licence text it carries (LICENSE, and NOTICE where Apache-2.0 asks for it). The console's
 * "Giới thiệu" tab lists them; installers hand them on with the build. The build stops when a
 * package's licence is not one the project has agreed to ship (ALLOWED_LICENCES), so a new
 * dependency under a copyleft or unknown licence is a decision, not an accident.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { NOTICES_FILE, type ThirdPartyNotice as Notice } from '../../base/third-party.ts';

/** Permissive licences (SPDX ids): attribution at most, nothing asked of the app's own code. */
export const ALLOWED_LICENCES = new Set([
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  '0BSD',
  'BlueOak-1.0.0',
  'Unlicense',
  'CC0-1.0',
  'Python-2.0',
  'Zlib',
]);

/**
 * Whether an SPDX expression may ship: `A OR B` when either may, `A AND B` when both may,
 * parentheses and a `+` suffix allowed; anything unparsed (a custom "SEE LICENSE IN …") may not.
 */
export function licenceAllowed(expression: string): boolean {
  const tokens = expression.replace(/[()]/g, ' ').trim().split(/\s+/);
  if (tokens.length === 0 || tokens[0] === '') return false;
  // AND binds tighter than OR: split on OR, each part needs all its ANDed ids allowed.
  const alternatives: string[][] = [[]];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === 'OR') alternatives.push([]);
    else if (t === 'AND') continue;
    else if (t === 'WITH') i++; // an exception only widens what the licence allows
    else alternatives[alternatives.length - 1]!.push(t.replace(/\+$/, ''));
  }
  return alternatives.some((ids) => ids.length > 0 && ids.every((id) => ALLOWED_LICENCES.has(id)));
}

const NOTICE_FILE = /^(licen[cs]e|copying|notice)([.-].*)?$/i;

interface LockEntry {
  version?: string;
  license?: string;
  dev?: boolean;
  devOptional?: boolean;
  link?: boolean;
}

/**
 * Every package of the lockfile's production tree that is installed (an optional one this
 * platform did not install is not shipped either), once per name and version, sorted by name.
 */
export function collectNotices(root: string): Notice[] {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const out: Notice[] = [];
  const seen = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.dev || entry.devOptional || entry.link) continue;
    const dir = join(root, path);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string; license?: unknown };
    const name = pkg.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const version = pkg.version ?? entry.version ?? '';
    if (seen.has(`${name}@${version}`)) continue;
    seen.add(`${name}@${version}`);
    const files = readdirSync(dir)
      .filter((f) => NOTICE_FILE.test(f))
      .sort();
    const text = files.map((f) => readFileSync(join(dir, f), 'utf8').trim()).join('\n\n');
    out.push({ name, version, licence: typeof pkg.license === 'string' ? pkg.license : (entry.license ?? ''), text });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Vite plugin: emits NOTICES_FILE beside the app, or fails the build on a licence not allowed. */
export function thirdPartyNoticesPlugin(root: string): Plugin {
  return {
    name: 'ioc-wall-third-party-notices',
    apply: 'build',
    generateBundle() {
      const notices = collectNotices(root);
      const refused = notices.filter((n) => !licenceAllowed(n.licence));
      if (refused.length > 0) {
        this.error(
          `third-party notices: licence not allowed for ${refused.map((n) => `${n.name}@${n.version} (${n.licence || 'none declared'})`).join(', ')}; ` +
            'replace the package, or add its licence to ALLOWED_LICENCES in tools/build/third-party-notices.ts once it is agreed it may ship',
        );
      }
      this.emitFile({ type: 'asset', fileName: NOTICES_FILE, source: JSON.stringify(notices) });
    },
  };
}
