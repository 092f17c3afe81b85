// Entry of dist/cli.js (bin/ioc-wall.js imports it): runs the CLI with the process's arguments.
import { runCli } from './run';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
