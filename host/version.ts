// Bundled by esbuild (and read by tsx/vitest) from package.json, so the CLI, /healthz and
// host.info can never disagree about which build is running.
import pkg from '../package.json';

export const VERSION: string = pkg.version;
