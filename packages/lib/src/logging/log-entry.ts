import { formatHumanRecord } from './human-format.js';
import type { LogRecord } from './log-record.js';
import type { DateFormatter } from './strftime.js';

/**
 * One record on its way to the sinks, in the forms they write. The JSON
 * line is what pino serialised; the record and the human line are made from
 * it on first use, once however many sinks ask.
 */
export interface LogEntry {
  /** The record as one JSON line, ending with "\n". */
  readonly json: string;
  readonly record: LogRecord;
  /** oslo.log's text for the record, ending with "\n" (see formatHumanRecord). */
  readonly human: string;
  /** The human text without date and process id, for a syslog message whose header has them. */
  readonly humanWithoutHeader: string;
}

export function createLogEntry(json: string, date: DateFormatter): LogEntry {
  let record: LogRecord | undefined;
  let human: string | undefined;
  let bare: string | undefined;
  return {
    json,
    get record() {
      record ??= JSON.parse(json) as LogRecord;
      return record;
    },
    get human() {
      human ??= formatHumanRecord(this.record, { date });
      return human;
    },
    get humanWithoutHeader() {
      bare ??= formatHumanRecord(this.record, { date, withoutTimeAndPid: true });
      return bare;
    },
  };
}
