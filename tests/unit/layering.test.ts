import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Proves that `npm run lint:layers` fails a layering violation: a real file in domains/ that
// imports host/ and a Node built-in, checked with the repository's own dependency-cruiser config.
const root = join(__dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

function cruise(...paths: string[]) {
  const r = spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', ...paths], { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe('layering lint (dependency-cruiser)', () => {
  it('passes the pure domains/ folder as it is', () => {
    const r = cruise('domains');
    expect(r.output).not.toMatch(/error/i);
    expect(r.status).toBe(0);
  });

  it('fails, naming the rules, when domains/ imports host/ or a Node built-in', () => {
    const name = `__violation_test_${process.pid}__.ts`;
    const file = join(root, 'domains', name);
    writeFileSync(
      file,
      `import { VERSION } from '../host/version';\nimport { readFileSync } from 'node:fs';\nexport const leak = [VERSION, readFileSync];\n`,
    );
    try {
      const r = cruise(`domains/${name}`);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('domains-imports-nothing-of-ours');
      expect(r.output).toContain('pure-folders-no-node-builtins');
      expect(r.output).toContain(`domains/${name}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
