#!/usr/bin/env node
// The `ioc-wall` command: a thin shim over the bundle, so the CLI starts without a TypeScript loader.
import { existsSync } from 'node:fs';
import { withHostMallocTunables } from './malloc-tunables.js';

// `serve` runs for months: glibc reads its tunables only when a process starts, so a host started
// without them starts again at once, in the same process (same pid, arguments and node flags),
// with them (bin/malloc-tunables.js says why). Other commands are short and run as they are.
if (process.argv[2] === 'serve' && process.platform === 'linux' && typeof process.execve === 'function') {
  const env = withHostMallocTunables(process.env);
  if (env !== process.env) process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], env);
}

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('IOC Wall chưa được build / IOC Wall is not built: run `npm run build` first.');
  process.exit(1);
}
await import(cli.href);
