/**
 * Vite plugin: after the renderer is written, builds renderer/sw/sw.ts into dist/renderer/sw.js
 * with the list of files to keep offline (index.html and every asset of this build, never
 * source maps) and a version made from their contents, so a new build gets a new worker that
 * replaces the old shell, and an unchanged build keeps the installed one.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Plugin } from 'vite';
import { NOTICES_FILE } from '../../base/third-party.ts';

export const SW_FILE = 'sw.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** The URL paths the worker precaches, and the build's version. */
export function shellManifest(outDir: string): { files: string[]; version: string } {
  const hash = createHash('sha256');
  const files: string[] = [];
  for (const abs of filesUnder(outDir).sort()) {
    const path = '/' + relative(outDir, abs).split(sep).join('/');
    // .vite/: build metadata for the host (the wall's preloads), not part of the shell; the
    // licence texts are read by the console's "Giới thiệu" when opened, never by an offline wall.
    if (path === '/' + SW_FILE || path === '/' + NOTICES_FILE || path.endsWith('.map') || path.startsWith('/.vite/')) continue;
    files.push(path);
    hash.update(path).update('\0').update(readFileSync(abs));
  }
  if (!files.includes('/index.html')) throw new Error(`service worker: ${outDir}/index.html was not built`);
  return { files, version: hash.digest('hex').slice(0, 16) };
}

export function serviceWorkerPlugin(entry: string): Plugin {
  return {
    name: 'ioc-wall-service-worker',
    apply: 'build',
    async writeBundle(options) {
      const outDir = options.dir!;
      const { files, version } = shellManifest(outDir);
      const out = await build({
        entryPoints: [entry],
        bundle: true,
        format: 'iife',
        target: 'es2022',
        minify: true,
        write: false,
        logLevel: 'warning',
        define: { __SHELL_VERSION__: JSON.stringify(version), __SHELL_FILES__: JSON.stringify(files) },
      });
      writeFileSync(join(outDir, SW_FILE), out.outputFiles[0]!.contents);
    },
  };
}
