import { ConfigFileError } from './errors.js';

/** One `key = value` occurrence; `line` is where the key is. */
export interface IniValue {
  value: string;
  line: number;
}

/** A parsed file: section -> key -> every occurrence, in file order. */
export interface IniFile {
  path: string;
  sections: Map<string, Map<string, IniValue[]>>;
}

/**
 * oslo.config section names: "DEFAULT" is special, every other section is
 * case-insensitive.
 */
export function normalizeSection(name: string): string {
  return name.toUpperCase() === 'DEFAULT' ? 'DEFAULT' : name.toLowerCase();
}

/**
 * Parses INI text with oslo.config's rules: `#` and `;` comment lines (no
 * inline comments: `#` inside a value is part of it), `key = value` or
 * `key: value`, an indented line continues the previous value (joined with
 * a newline), a blank line ends it, matching outer quotes are stripped, and a
 * key may repeat (multi-valued options keep every occurrence).
 */
export function parseIni(text: string, path: string): IniFile {
  const sections = new Map<string, Map<string, IniValue[]>>();
  let section: Map<string, IniValue[]> | undefined;
  let pending: { key: string; lines: string[]; line: number } | undefined;

  const flush = (): void => {
    if (!pending || !section) return;
    const value = unquote(pending.lines.join('\n'));
    const list = section.get(pending.key);
    const entry = { value, line: pending.line };
    if (list) list.push(entry);
    else section.set(pending.key, [entry]);
    pending = undefined;
  };

  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNo = index + 1;
    const line = (lines[index] ?? '').trimEnd();
    if (line === '') {
      flush();
      continue;
    }
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!pending) {
        throw new ConfigFileError(path, lineNo, 'indented line continues no value; remove the indentation');
      }
      pending.lines.push(line.trimStart());
      continue;
    }
    flush();
    if (line.startsWith('[')) {
      if (!line.endsWith(']') || line.length < 3) {
        throw new ConfigFileError(path, lineNo, `malformed section header ${JSON.stringify(line)}; write it as [name]`);
      }
      const name = normalizeSection(line.slice(1, -1).trim());
      section = sections.get(name) ?? new Map<string, IniValue[]>();
      sections.set(name, section);
      continue;
    }
    if (line.startsWith('#') || line.startsWith(';')) continue;
    const split = /[=:]/.exec(line);
    const key = split ? line.slice(0, split.index).trim() : '';
    if (!split || key === '') {
      throw new ConfigFileError(path, lineNo, `expected "key = value", found ${JSON.stringify(line)}`);
    }
    if (!section) {
      throw new ConfigFileError(path, lineNo, `"${key}" comes before any section; put it under [DEFAULT] or another section`);
    }
    pending = { key, lines: [line.slice(split.index + 1).trim()], line: lineNo };
  }
  flush();
  return { path, sections };
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}
