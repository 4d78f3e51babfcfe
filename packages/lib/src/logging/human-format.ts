import { isLoggedError, type LogLevel, type LogRecord } from './log-record.js';
import type { DateFormatter } from './strftime.js';

/*
 * oslo.log's line, as neutron-server writes it with the default
 * logging_context_format_string:
 *
 *   2026-12-06 09:00:00.123 12345 INFO net-server.api [req-6c1b...] message key=value
 *
 * date (log_date_format) and milliseconds, process id, level, logger name,
 * request id ("-" outside a request), the message, then the record's other
 * fields as key=value. The logger name is a bound `name` field, or
 * "net-server" followed by the bound `plugin` and `component`
 * ("net-server.api", "net-server.ml2", "net-server.ml2.rpc"). An error field's stack follows on lines of their own,
 * each with the line's prefix, as oslo's logging_exception_prefix does, so
 * that grep by date, process or level finds them too.
 */

const LEVEL_NAMES: Readonly<Record<LogLevel, string>> = { debug: 'DEBUG', info: 'INFO', warn: 'WARNING', error: 'ERROR' };

/** Fields the line's prefix shows, never repeated as key=value. */
const PREFIX_FIELDS = new Set(['time', 'level', 'pid', 'msg']);

export const DEFAULT_LOGGER_NAME = 'net-server';

/** The bound fields that make up the logger name, in order. */
const NAME_FIELDS = ['plugin', 'component'] as const;

export interface HumanFormatOptions {
  /** Renders the record's time (oslo's log_date_format, compiled). */
  date: DateFormatter;
  /**
   * Leave out the date, milliseconds and process id: a syslog message's
   * header carries them already.
   */
  withoutTimeAndPid?: boolean;
}

/** The record as oslo.log's text: one line, then its stack lines; ends with "\n". */
export function formatHumanRecord(record: LogRecord, options: HumanFormatOptions): string {
  const used = new Set(PREFIX_FIELDS);
  const name = loggerName(record, used);
  const requestId = typeof record['request_id'] === 'string' ? record['request_id'] : undefined;
  if (requestId !== undefined) used.add('request_id');
  const level = LEVEL_NAMES[record.level] ?? String(record.level).toUpperCase();
  const prefix = `${options.withoutTimeAndPid ? '' : `${timestamp(record, options.date)} ${record.pid} `}${level} ${name}`;

  const tail: string[] = [];
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (used.has(key) || value === undefined) continue;
    if (isLoggedError(value)) {
      tail.push(`${key}=${quote(errorText(value))}`);
      stacks.push(value.stack as string);
    } else {
      tail.push(`${key}=${renderValue(value)}`);
    }
  }
  const [first = '', ...more] = String(record.msg).split('\n');
  const lines = [`${prefix} [${requestId ?? '-'}] ${first}${tail.length > 0 ? ` ${tail.join(' ')}` : ''}`];
  for (const line of more) lines.push(`${prefix} ${line}`);
  for (const stack of stacks) for (const line of stack.split('\n')) lines.push(`${prefix} ${line}`);
  return `${lines.join('\n')}\n`;
}

function loggerName(record: LogRecord, used: Set<string>): string {
  if (typeof record['name'] === 'string' && record['name'] !== '') {
    used.add('name');
    return record['name'];
  }
  const parts = [DEFAULT_LOGGER_NAME];
  for (const key of NAME_FIELDS) {
    const value = record[key];
    if (typeof value !== 'string' || value === '') continue;
    parts.push(value);
    used.add(key);
  }
  return parts.join('.');
}

function timestamp(record: LogRecord, date: DateFormatter): string {
  const time = new Date(record.time);
  if (Number.isNaN(time.getTime())) return String(record.time);
  return `${date(time)}.${String(time.getMilliseconds()).padStart(3, '0')}`;
}

function errorText(error: { message: string; code?: unknown }): string {
  return error.code === undefined ? error.message : `${error.message} [${String(error.code)}]`;
}

/** Bare when it cannot be mistaken for two fields or a quoted value; JSON-quoted otherwise. */
function quote(text: string): string {
  return text !== '' && /^[^\s"'=\\\p{Cc}]+$/u.test(text) ? text : JSON.stringify(text);
}

function renderValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' || value === null) return String(value);
  return JSON.stringify(value) ?? String(value);
}
