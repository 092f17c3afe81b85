// Which built renderer the host serves: the one beside its bundle, even in a copy of dist/
// under another name (a bench serving an earlier build beside the current one).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findRendererDir } from '../../host/server/static';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function built(dir: string): void {
  mkdirSync(join(dir, 'renderer'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(dir, 'cli.js'), '');
}

describe('findRendererDir', () => {
  it('takes the renderer beside the bundle in a copy of dist/ named otherwise, not the checkout\'s dist/', () => {
    root = mkdtempSync(join(tmpdir(), 'ioc-rdir-'));
    built(join(root, 'dist'));
    built(join(root, 'bench', 'copy-before'));
    expect(findRendererDir(join(root, 'bench', 'copy-before'))).toBe(join(root, 'bench', 'copy-before', 'renderer'));
    expect(findRendererDir(join(root, 'dist'))).toBe(join(root, 'dist', 'renderer'));
  });

  it('from a source folder finds the checkout\'s dist/renderer above it', () => {
    root = mkdtempSync(join(tmpdir(), 'ioc-rdir-'));
    built(join(root, 'dist'));
    mkdirSync(join(root, 'host', 'server'), { recursive: true });
    expect(findRendererDir(join(root, 'host', 'server'))).toBe(join(root, 'dist', 'renderer'));
  });
});
