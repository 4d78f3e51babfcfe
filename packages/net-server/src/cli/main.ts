import { isEntryPointError } from '@net-server/entrypoints';
import { ConfigError } from '../config/errors.js';
import { InvalidConnectionUrlError } from '../db/errors.js';
import { ManagerError } from '../manager/errors.js';
import { ownPackageVersion } from '../own-package.js';
import { processIo, type CliIo } from './cli-io.js';
import type { Command } from './command.js';
import { commands } from './commands/index.js';
import { CliUsageError, ExitCode } from './exit-codes.js';
import { parseInvocation } from './parse-invocation.js';

function mainHelp(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const list = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n');
  return `Usage: net-server <command> [options]

net-server is a Neutron-compatible network server whose core plugin, service
plugins, drivers and database migrations are npm packages discovered from
the packages installed in the working directory.

Commands:
${list}

Options:
  --version   Print the net-server version.
  --help      Show this help; \`net-server <command> --help\` shows a
              command's options.

Exit status: 0 success, 1 runtime error (database, plugin, file), 2 bad
usage or configuration, 3 database behind the installed packages (db check).`;
}

/** The command named by the leading words of `args`, with the rest of the arguments. */
function findCommand(args: readonly string[]): { command: Command; rest: string[] } | undefined {
  let best: { command: Command; rest: string[] } | undefined;
  for (const command of commands) {
    const words = command.name.split(' ');
    if (words.every((word, index) => args[index] === word) && (!best || words.length > best.command.name.split(' ').length)) {
      best = { command, rest: args.slice(words.length) };
    }
  }
  return best;
}

function groupHelp(prefix: string): string | undefined {
  const members = commands.filter((command) => command.name.startsWith(`${prefix} `));
  if (members.length === 0) return undefined;
  return `Usage: net-server ${prefix} <${members.map((c) => c.name.slice(prefix.length + 1)).join('|')}> [options]\n\n${members
    .map((command) => `  ${command.name}  ${command.summary}`)
    .join('\n')}\n\nRun \`net-server ${prefix} <command> --help\` for details.`;
}

function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliUsageError || error instanceof ConfigError || error instanceof InvalidConnectionUrlError) {
    return ExitCode.usageError;
  }
  if (error instanceof ManagerError) return error.configProblem ? ExitCode.usageError : ExitCode.runtimeError;
  return ExitCode.runtimeError;
}

function hasCode(error: Error): boolean {
  return typeof (error as { code?: unknown }).code === 'string' || isEntryPointError(error);
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message} [${code}]` : error.message;
  }
  return String(error);
}

/** Runs `net-server` with `args` (argv without node and the script) and returns the exit status. */
export async function main(args: readonly string[], io: CliIo = processIo): Promise<ExitCode> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    io.stdout(`${mainHelp()}\n`);
    return args.length === 0 ? ExitCode.usageError : ExitCode.ok;
  }
  if (args[0] === '--version' || args[0] === '-V') {
    io.stdout(`${ownPackageVersion()}\n`);
    return ExitCode.ok;
  }
  const found = findCommand(args);
  if (!found) {
    const group = args[0] === undefined ? undefined : groupHelp(args[0]);
    if (group && (args.length === 1 || args[1] === '--help')) {
      io.stdout(`${group}\n`);
      return args.length === 1 ? ExitCode.usageError : ExitCode.ok;
    }
    const what = group ? `${args[0]} ${args[1] ?? ''}`.trim() : args[0];
    io.stderr(`net-server: unknown command "${what}". Run \`net-server --help\` for the list of commands.\n`);
    return ExitCode.usageError;
  }
  const { command, rest } = found;
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`${command.help}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(parseInvocation(command, rest), io);
  } catch (error) {
    const status = exitCodeFor(error);
    const hint = error instanceof CliUsageError ? ` Run \`net-server ${error.command} --help\` for usage.` : '';
    io.stderr(`net-server ${command.name}: error: ${describeError(error)}${hint}\n`);
    if (status === ExitCode.runtimeError && error instanceof Error && !hasCode(error)) {
      // Failures without an error code are bugs: keep their stack for the report.
      io.stderr(`${error.stack ?? ''}\n`);
    }
    return status;
  }
}
