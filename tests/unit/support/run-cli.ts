import { runCli } from '../../../host/cli/run';

/** `ioc-wall ARGV…` run in-process: its exit code, and what it printed to each stream, lines joined. */
export async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
