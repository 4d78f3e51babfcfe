import { didYouMean } from '@net-server/lib';
import { ConfigUsageError, flagName } from './errors.js';
import type { CliOverride } from './config.js';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';

/**
 * Matches `--group-option value`, `--group-option=value` and, for options of
 * [DEFAULT], `--option value` flags to registered options. Dashes and
 * underscores are interchangeable. A boolean flag needs no value, and
 * `--no-<flag>` sets it false, as oslo's BoolOpt on the command line.
 */
export function parseCliOverrides(args: readonly string[], registry: OptionRegistry): CliOverride[] {
  const overrides: CliOverride[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (!arg.startsWith('--')) {
      throw new ConfigUsageError(`unexpected argument ${JSON.stringify(arg)}; see --help for usage`);
    }
    const equals = arg.indexOf('=');
    const flag = equals >= 0 ? arg.slice(0, equals) : arg;
    const inline = equals >= 0 ? arg.slice(equals + 1) : undefined;
    const name = flag.slice(2).replaceAll('-', '_');
    let target = match(name, registry, flag);
    let value = inline;
    if (!target && name.startsWith('no_')) {
      const negated = match(name.slice(3), registry, flag);
      if (negated && negated.option.type.typeName === 'boolean value' && inline === undefined) {
        target = negated;
        value = 'false';
      }
    }
    if (!target) {
      const flags = registry.all().map((registered) => `--${flagName(registered.group, registered.option.name).replaceAll('_', '-')}`);
      throw new ConfigUsageError(
        `unknown option ${flag}.${didYouMean(flag.replaceAll('_', '-'), flags)} Config options are given as --<group>-<option> ` +
          '(--<option> for [DEFAULT]); `net-server config sample` lists them all',
      );
    }
    if (value === undefined) {
      const next = args[index + 1];
      if (target.option.type.typeName === 'boolean value' && (next === undefined || next.startsWith('--'))) {
        value = 'true';
      } else if (next === undefined) {
        throw new ConfigUsageError(`${flag} needs a value: ${flag}=<${target.option.type.expected}>`);
      } else {
        value = next;
        index++;
      }
    }
    overrides.push({ group: target.group, name: target.option.name, value, flag });
  }
  return overrides;
}

function match(name: string, registry: OptionRegistry, flag: string): RegisteredOption | undefined {
  const candidates: RegisteredOption[] = [];
  const top = registry.find('DEFAULT', name);
  if (top) candidates.push(top);
  for (const group of registry.groups()) {
    if (group === 'DEFAULT' || !name.startsWith(`${group}_`)) continue;
    const found = registry.find(group, name.slice(group.length + 1));
    if (found) candidates.push(found);
  }
  if (candidates.length > 1) {
    throw new ConfigUsageError(
      `${flag} is ambiguous: it could set ${candidates.map((c) => `[${c.group}] ${c.option.name}`).join(' or ')}. ` +
        'Set the option in a config file or with its NET_SERVER_<GROUP>__<OPTION> environment variable instead',
    );
  }
  return candidates[0];
}
