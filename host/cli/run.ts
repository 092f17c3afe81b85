import { VERSION } from '../version';
import './commands';
import { getCommand, listCommands, type Io } from './registry';

export const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

function help(): string {
  const width = Math.max(...listCommands().map((c) => c.name.length));
  return [
    `IOC Wall ${VERSION} — màn hình tường, bàn điều khiển, kiosk / video wall, operator console, kiosk`,
    '',
    'Usage: ioc-wall <command> [options]',
    '',
    'Commands:',
    ...listCommands().map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  --help, -h     this help (`ioc-wall <command> --help` for a command)',
    '  --version, -v  print the version',
  ].join('\n');
}

/** Parses the top level (command name, --help, --version) and hands the rest to the command. */
export async function runCli(argv: string[], io: Io = consoleIo): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(help());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(VERSION);
    return 0;
  }
  const command = getCommand(first);
  if (!command) {
    io.err(`Không có lệnh '${first}' / Unknown command '${first}'. Run \`ioc-wall --help\` to see the commands.`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    // parseArgs throws TypeErrors with codes for unknown or malformed flags: a usage problem.
    const code = (err as { code?: string }).code;
    if (code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(err as Error).message}\n\n${command.usage}`);
      return 2;
    }
    throw err;
  }
}

