import type { LogEntry } from './log-entry.js';

/** How a destination wants its lines: JSON objects, or oslo.log's text. */
export type LogFormat = 'json' | 'human';

/** A log destination: stderr, a file, syslog... A logger writes every record to each of its sinks. */
export interface LogSink {
  write(entry: LogEntry): void;
}

/** A sink writing each record's text in `format` (newline included) with `write`. */
export function textSink(write: (text: string) => void, format: LogFormat): LogSink {
  return format === 'json' ? { write: (entry) => write(entry.json) } : { write: (entry) => write(entry.human) };
}

/**
 * The process's stderr: oslo.log's text when it is a terminal someone
 * reads, JSON lines when it goes to a pipe or a file that a collector
 * parses; `format` decides instead when given.
 */
export function stderrSink(format?: LogFormat): LogSink {
  return textSink((text) => process.stderr.write(text), format ?? (process.stderr.isTTY ? 'human' : 'json'));
}
