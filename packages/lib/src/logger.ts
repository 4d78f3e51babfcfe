/**
 * Structured logging shared by every net-server package: one JSON object per
 * line on stderr, so that logs from several worker processes interleave
 * cleanly and can be parsed by any collector.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
  fields?: LogFields;
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, ...(code === undefined ? {} : { code }), stack: value.stack };
  }
  return value;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = rank[options.level ?? levelFromEnv()];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const base = options.fields ?? {};
  const emit = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (rank[level] < threshold) return;
    const record: LogFields = { time: new Date().toISOString(), level, pid: process.pid, ...base, msg: message };
    if (fields) for (const [key, value] of Object.entries(fields)) record[key] = serialise(value);
    write(JSON.stringify(record));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    child: (fields) => createLogger({ ...options, level: options.level ?? levelFromEnv(), write, fields: { ...base, ...fields } }),
  };
}

function levelFromEnv(): LogLevel {
  const level = process.env['NET_SERVER_LOG_LEVEL'];
  return level === 'debug' || level === 'info' || level === 'warn' || level === 'error' ? level : 'info';
}

/** A logger that drops everything: the default for libraries used in tests. */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};
