// Builds everything that runs from dist/: the Node side with esbuild (seconds), then the renderer
// with Vite. `--node-only` skips Vite (tests that only need the CLI). Run by `npm run build`,
// and by `prepare` on `npm ci`, so a fresh clone is runnable at once.
import { build } from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const nodeOnly = process.argv.includes('--node-only');
const at = (p) => join(root, p);
const t0 = performance.now();

// The release's public keys (build/keys/*.pub.pem) are compiled in: an installed app trusts them
// for Linux update metadata and offline bundles without reading anything from disk.
const keysDir = at('build/keys');
const builtInKeys = existsSync(keysDir)
  ? readdirSync(keysDir).filter((f) => f.endsWith('.pub.pem')).sort().map((f) => readFileSync(join(keysDir, f), 'utf8'))
  : [];

const node = {
  define: { __IOC_WALL_BUILT_IN_KEYS__: JSON.stringify(builtInKeys) },
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  // Dependencies stay in node_modules (native better-sqlite3, ws): only our code is bundled.
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  absWorkingDir: root,
};

const jobs = [
  build({ ...node, entryPoints: [at('host/cli/main.ts')], outfile: at('dist/cli.js') }),
  // Feed sync runs in a worker thread (sync/worker/source.ts looks for it beside its bundle).
  build({ ...node, entryPoints: [at('sync/worker/entry.ts')], outfile: at('dist/sync-worker.js') }),
];

// The Electron entries are the electron engineer's; build them once they exist.
if (existsSync(at('electron/main.ts'))) {
  jobs.push(build({ ...node, entryPoints: [at('electron/main.ts')], outfile: at('dist/electron/main.js'), external: ['electron'] }));
  jobs.push(build({ ...node, entryPoints: [at('sync/worker/entry.ts')], outfile: at('dist/electron/sync-worker.js') }));
}
if (existsSync(at('electron/preload.ts'))) {
  // Sandboxed preloads must be CommonJS.
  jobs.push(
    build({
      ...node,
      format: 'cjs',
      entryPoints: [at('electron/preload.ts')],
      outfile: at('dist/electron/preload.cjs'),
      external: ['electron'],
    }),
  );
}
await Promise.all(jobs);
console.log(`esbuild: ${jobs.length} bundle(s) in ${Math.round(performance.now() - t0)} ms`);

if (nodeOnly) {
  console.log('vite: skipped (--node-only)');
} else if (!existsSync(at('vite.config.ts'))) {
  console.log('vite: skipped, no vite.config.ts yet (renderer not built)');
} else {
  const t1 = performance.now();
  const { build: viteBuild } = await import('vite');
  // The Vite config's paths are relative to the repository root.
  process.chdir(root);
  await viteBuild({ configFile: at('vite.config.ts'), logLevel: 'warn' });
  console.log(`vite: renderer built in ${Math.round(performance.now() - t1)} ms`);
  // The wall's first frame as the host draws it (renderer/first-frame), for Node: the same
  // components, everything bundled in (the host loads it from dist/ wherever dist/ is), Leaflet
  // replaced by an inert stand-in (it reads `document` as it loads; the frame draws maps as SVG).
  const t2 = performance.now();
  const { default: react } = await import('@vitejs/plugin-react');
  await viteBuild({
    configFile: false,
    root: at('renderer'),
    logLevel: 'warn',
    plugins: [react()],
    resolve: { alias: { leaflet: at('renderer/first-frame/leaflet-absent.ts') } },
    ssr: { noExternal: true },
    // React's production build: the host's environment names none, and React's development
    // build checks and records a stack for every element it renders (5–10 times slower).
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      ssr: at('renderer/first-frame/render.tsx'),
      outDir: at('dist/first-frame'),
      emptyOutDir: true,
      sourcemap: true,
      minify: false,
      rolldownOptions: { output: { codeSplitting: false } },
    },
  });
  console.log(`vite: the host's first-frame module built in ${Math.round(performance.now() - t2)} ms`);
}
