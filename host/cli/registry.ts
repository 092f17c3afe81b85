/**
 * The CLI's commands. A command file calls registerCommand() at import time, so adding one is a
 * single line in commands/index.ts (`import './sync';`).
 */

export interface Io {
  out(line: string): void;
  err(line: string): void;
  /** Standard input as text (secret values are read from here, never from argv). Default: process.stdin. */
  readStdin?(): Promise<string>;
}

export interface Command {
  name: string;
  /** One line for `ioc-wall --help`. */
  summary: string;
  /** Full usage text for `ioc-wall <name> --help`. */
  usage: string;
  /** Returns the process exit code. Long-running commands resolve when they stop. */
  run(argv: string[], io: Io): Promise<number>;
}

const commands = new Map<string, Command>();

export function registerCommand(c: Command): void {
  if (commands.has(c.name)) throw new Error(`CLI command '${c.name}' registered twice`);
  commands.set(c.name, c);
}

export function getCommand(name: string): Command | undefined {
  return commands.get(name);
}

export function listCommands(): Command[] {
  return [...commands.values()];
}
