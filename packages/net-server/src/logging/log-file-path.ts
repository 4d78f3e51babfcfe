import { isAbsolute, join, resolve } from 'node:path';

/** The file oslo.log names for a service with log_dir and no log_file: <log_dir>/<binary>.log. */
export const DEFAULT_LOG_FILE_NAME = 'net-server.log';

/**
 * oslo.log's _get_log_file_path: log_file alone (relative to the working
 * directory), log_file under log_dir (an absolute log_file stays as it is,
 * as os.path.join keeps it), log_dir alone names net-server.log in it;
 * neither: no file.
 */
export function logFilePath(logFile: string | undefined, logDir: string | undefined, cwd: string): string | undefined {
  const file = logFile?.trim() || undefined;
  const dir = logDir?.trim() || undefined;
  if (file === undefined && dir === undefined) return undefined;
  if (dir === undefined) return resolve(cwd, file as string);
  const inDir = file === undefined ? join(dir, DEFAULT_LOG_FILE_NAME) : isAbsolute(file) ? file : join(dir, file);
  return resolve(cwd, inDir);
}
