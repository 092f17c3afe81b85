import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { DATA_FOLDER_OPTIONS } from './options';

/**
 * The argv of a command with subcommands that works on a data folder (alerts, nodes, secret):
 * the data-folder flags plus the command's own, positionals for the subcommand and its operands,
 * any unknown flag refused (run.ts turns parseArgs' error into the usage and exit 2).
 */
export function parseDataFolderArgs<const T extends ParseArgsOptionsConfig>(argv: string[], options: T) {
  return parseArgs({ args: argv, options: { ...DATA_FOLDER_OPTIONS, ...options }, allowPositionals: true, strict: true });
}
