import type { Option } from '@net-server/lib';
import type { OptionRegistry, RegisteredOption } from './option-registry.js';

const WIDTH = 70;

/**
 * A commented sample config file of every registered option, in the layout
 * of oslo-config-generator: sections, then per package a "From" banner, then
 * each option's help, type, limits and commented-out default.
 */
export function generateSample(registry: OptionRegistry): string {
  const out: string[] = [];
  for (const group of registry.groups()) {
    out.push(`[${group}]`, '');
    const help = registry.groupHelp(group);
    if (help) out.push(...comment(help), '');
    const bySource = new Map<string, RegisteredOption[]>();
    for (const registered of registry.options(group)) {
      const list = bySource.get(registered.source) ?? [];
      list.push(registered);
      bySource.set(registered.source, list);
    }
    for (const [source, options] of [...bySource].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push('#', `# From ${source}`, '#', '');
      for (const { option } of options) out.push(...describeOption(group, option), '');
    }
  }
  return out.join('\n');
}

function describeOption(group: string, option: Option): string[] {
  const lines = comment(`${option.help} (${option.multi ? 'multi valued' : option.type.typeName})`);
  for (const note of option.type.notes) lines.push(`# ${note}`);
  if (option.required) lines.push('# This option is required.');
  if (option.secret) lines.push('# This option is secret: its value is never logged.');
  for (const alias of option.deprecatedNames) lines.push(`# Deprecated group/name - [${alias.group ?? group}]/${alias.name}`);
  if (option.deprecatedReason) lines.push('# This option is deprecated for removal.', ...comment(`Reason: ${option.deprecatedReason}`));
  for (const value of defaultTexts(option)) lines.push(`#${option.name} = ${value}`);
  return lines;
}

function defaultTexts(option: Option): string[] {
  if (option.sampleDefault !== undefined) return [option.sampleDefault];
  if (option.default === undefined) return ['<None>'];
  if (option.multi) {
    const values = option.default as unknown[];
    return values.length === 0 ? [''] : values.map((value) => option.type.format(value));
  }
  return [option.type.format(option.default)];
}

function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > WIDTH - 2) {
      lines.push(`# ${line}`);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(`# ${line}`);
  return lines;
}
