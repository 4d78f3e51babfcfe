import pino from 'pino';
import { createLogEntry } from './logging/log-entry.js';
import { serialiseErrors, type LogFields, type LogLevel } from './logging/log-record.js';
import { stderrSink, textSink, type LogFormat, type LogSink } from './logging/log-sink.js';
import { compileStrftime } from './logging/strftime.js';

export type { LogFields, LogLevel } from './logging/log-record.js';

/**
 * Logging shared by every net-server package. Records are built and
 * serialised by pino (levels, bound fields, safe JSON of any value), then
 * written to sinks: JSON lines for machines, oslo.log's text for people
 * (see formatHumanRecord). Every record is written whole in one call, so
 * lines from several worker processes interleave cleanly.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line it writes. */
  child(fields: LogFields): Logger;
}

/** oslo.log's default log_date_format. */
export const DEFAULT_LOG_DATE_FORMAT = '%Y-%m-%d %H:%M:%S';

export interface LoggerOptions {
  /** The lowest level written; NET_SERVER_LOG_LEVEL, else info, by default. */
  level?: LogLevel;
  /**
   * Receives each record as one line without its newline, in `format`
   * (JSON unless said). Without `write` or `sinks`, records go to stderr:
   * oslo.log's text on a terminal, JSON lines otherwise.
   */
  write?: (line: string) => void;
  format?: LogFormat;
  /** Where records go, each sink with its own format; `write` is added to them when given too. */
  sinks?: readonly LogSink[];
  /** strftime format of the date in human lines (oslo.log's log_date_format). */
  dateFormat?: string;
  fields?: LogFields;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const date = compileStrftime(options.dateFormat ?? DEFAULT_LOG_DATE_FORMAT);
  const sinks: LogSink[] = [...(options.sinks ?? [])];
  if (options.write) {
    const write = options.write;
    sinks.push(textSink((text) => write(text.endsWith('\n') ? text.slice(0, -1) : text), options.format ?? 'json'));
  }
  if (sinks.length === 0) sinks.push(stderrSink(options.format));
  const destination = {
    write(json: string): void {
      const entry = createLogEntry(json, date);
      for (const sink of sinks) sink.write(entry);
    },
  };
  const root = pino(
    {
      level: options.level ?? levelFromEnv(),
      base: { pid: process.pid },
      messageKey: 'msg',
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }), log: serialiseErrors },
    },
    destination,
  );
  return wrap(options.fields ? root.child(serialiseErrors(options.fields)) : root);
}

/** Our Logger's (message, fields) calls on pino's (fields, message). */
function wrap(logger: pino.Logger): Logger {
  return {
    debug: (message, fields) => (fields ? logger.debug(fields, message) : logger.debug(message)),
    info: (message, fields) => (fields ? logger.info(fields, message) : logger.info(message)),
    warn: (message, fields) => (fields ? logger.warn(fields, message) : logger.warn(message)),
    error: (message, fields) => (fields ? logger.error(fields, message) : logger.error(message)),
    child: (fields) => wrap(logger.child(serialiseErrors(fields))),
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
