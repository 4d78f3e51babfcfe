import { didYouMean } from '@net-server/lib';
import type { Command, Invocation } from './command.js';
import { CliUsageError } from './exit-codes.js';

const CONFIG_FLAGS = new Set(['config-file', 'config-dir']);

/**
 * Splits a command's arguments into its own flags, positionals,
 * --config-file/--config-dir and the remaining `--flag` config overrides
 * (kept raw: they are matched once the installed packages' options are
 * registered). `--` ends flag parsing.
 */
export function parseInvocation(command: Command, args: readonly string[]): Invocation {
  const invocation: Invocation = { positionals: [], flags: {}, configFiles: [], configDirs: [], configArgs: [] };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--') {
      invocation.positionals.push(...args.slice(index + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') throw new CliUsageError(`unknown option ${arg}`, command.name);
      invocation.positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals >= 0 ? equals : undefined);
    const inline = equals >= 0 ? arg.slice(equals + 1) : undefined;
    const takeValue = (): string => {
      if (inline !== undefined) return inline;
      const next = args[index + 1];
      if (next === undefined || next.startsWith('--')) throw new CliUsageError(`--${name} needs a value`, command.name);
      index++;
      return next;
    };
    const spec = command.flags[name];
    if (spec) {
      if (spec.type === 'boolean') {
        if (inline !== undefined) throw new CliUsageError(`--${name} takes no value`, command.name);
        invocation.flags[name] = true;
      } else if (spec.multiple) {
        const list = (invocation.flags[name] as string[] | undefined) ?? [];
        list.push(takeValue());
        invocation.flags[name] = list;
      } else {
        invocation.flags[name] = takeValue();
      }
    } else if (command.usesConfig && CONFIG_FLAGS.has(name)) {
      (name === 'config-file' ? invocation.configFiles : invocation.configDirs).push(takeValue());
    } else if (command.usesConfig) {
      invocation.configArgs.push(arg);
      // The value of `--flag value` travels with it; boolean options are resolved later.
      const next = args[index + 1];
      if (inline === undefined && next !== undefined && !next.startsWith('--')) {
        invocation.configArgs.push(next);
        index++;
      }
    } else {
      const hint = didYouMean(
        `--${name}`,
        Object.keys(command.flags).map((flag) => `--${flag}`),
      );
      throw new CliUsageError(`unknown option --${name}${hint === '' ? '' : `.${hint}`}`, command.name);
    }
  }
  if (invocation.positionals.length > command.maxPositionals) {
    throw new CliUsageError(`unexpected argument ${JSON.stringify(invocation.positionals[command.maxPositionals])}`, command.name);
  }
  return invocation;
}
