import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigFileError } from './errors.js';
import { parseIni, type IniFile } from './ini-parser.js';

/** The file names looked for, lowest precedence first. */
const DEFAULT_NAMES = ['neutron.conf', 'net-server.conf'];

/** The directories searched, in oslo's find_config_files order. */
export function defaultConfigDirs(home: string = homedir()): string[] {
  return [join(home, '.net-server'), home, '/etc/net-server', '/etc/neutron'];
}

/**
 * oslo.config's find_config_files: for each file name, the first directory
 * that holds it wins. An existing neutron.conf is read first and
 * net-server.conf after it, so net-server.conf settings override.
 */
export function findDefaultConfigFiles(dirs: readonly string[] = defaultConfigDirs()): string[] {
  const found: string[] = [];
  for (const name of DEFAULT_NAMES) {
    const dir = dirs.find((candidate) => isFile(join(candidate, name)));
    if (dir !== undefined) found.push(join(dir, name));
  }
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The `*.conf` files of a `--config-dir`, sorted by name as oslo does. */
export function configDirFiles(dir: string, cwd: string = process.cwd()): string[] {
  const path = resolve(cwd, dir);
  if (!existsSync(path) || !statSync(path).isDirectory()) {
    throw new ConfigFileError(path, undefined, 'config directory does not exist; create it or fix --config-dir');
  }
  return readdirSync(path)
    .filter((name) => name.endsWith('.conf'))
    .sort()
    .map((name) => join(path, name));
}

export function readConfigFile(path: string, cwd: string = process.cwd()): IniFile {
  const absolute = resolve(cwd, path);
  let text: string;
  try {
    text = readFileSync(absolute, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file does not exist' : String(error);
    throw new ConfigFileError(absolute, undefined, `${reason}; fix the --config-file path`);
  }
  return parseIni(text, absolute);
}

export interface ConfigFileSelection {
  /** `--config-file` values in order; when empty, the default search runs. */
  configFiles?: readonly string[];
  /** `--config-dir` values; their files come after the config files. */
  configDirs?: readonly string[];
  /** Directories for the default search (tests point it elsewhere). */
  searchDirs?: readonly string[];
  /** Relative paths resolve against this; default: the working directory. */
  cwd?: string;
}

/** Reads and parses the selected files, lowest precedence first. */
export function readConfigFiles(selection: ConfigFileSelection): IniFile[] {
  const explicit = selection.configFiles ?? [];
  const paths = explicit.length > 0 ? [...explicit] : findDefaultConfigFiles(selection.searchDirs);
  for (const dir of selection.configDirs ?? []) paths.push(...configDirFiles(dir, selection.cwd));
  return paths.map((path) => readConfigFile(path, selection.cwd));
}
