#!/usr/bin/env node
// The `ioc-wall` command: a thin shim over the bundle, so the CLI starts without a TypeScript loader.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('IOC Wall chưa được build / IOC Wall is not built: run `npm run build` first.');
  process.exit(1);
}
await import(cli.href);
