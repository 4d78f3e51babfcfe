import type { CliIo } from './cli-io.js';
import type { ExitCode } from './exit-codes.js';

/** One `net-server <name>` command. */
export interface Command {
  /** Words after `net-server`, e.g. "db upgrade". */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The full --help text. */
  help: string;
  /** Flags the command itself takes; any other `--flag` is a config option override. */
  flags: Readonly<Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>>;
  /** Highest number of positional arguments. */
  maxPositionals: number;
  /** Whether the command reads configuration (and so accepts --config-file and option flags). */
  usesConfig: boolean;
  run(invocation: Invocation, io: CliIo): Promise<ExitCode>;
}

/** A parsed command line. */
export interface Invocation {
  positionals: string[];
  flags: Record<string, string | boolean | string[] | undefined>;
  configFiles: string[];
  configDirs: string[];
  /** `--group-option value` flags, matched to options once they are registered. */
  configArgs: string[];
}
