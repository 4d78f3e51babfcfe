import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigFileError } from './errors.js';
import { parseIni, type IniFile } from './ini-parser.js';

const DEFAULT_NAME = 'net-server.conf';

/**
 * Where `net-server.conf` is looked for, first match wins: the working
 * directory, ~/.net-server, /etc/net-server. A neutron.conf is read only
 * when named (`--config-file /etc/neutron/neutron.conf`, `--config-dir
 * /etc/neutron`): on a host that also runs neutron-server, net-server must
 * not borrow its database, auth and plugins unasked.
 */
export function defaultConfigDirs(home: string = homedir(), cwd: string = process.cwd()): string[] {
  return [cwd, join(home, '.net-server'), '/etc/net-server'];
}

/** oslo.config's find_config_files for net-server.conf: the file in the first directory that has one. */
export function findDefaultConfigFiles(dirs: readonly string[] = defaultConfigDirs()): string[] {
  const dir = dirs.find((candidate) => isFile(join(candidate, DEFAULT_NAME)));
  return dir === undefined ? [] : [join(dir, DEFAULT_NAME)];
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
