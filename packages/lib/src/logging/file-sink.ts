import { resolve } from 'node:path';
import pino from 'pino';
import { LogFileOpenError } from './errors.js';
import { textSink, type LogFormat, type LogSink } from './log-sink.js';

type Destination = ReturnType<typeof pino.destination>;

/** One open destination per file in this process, however many loggers write to it. */
const open = new Map<string, Destination>();

/**
 * A log file, appended to (O_APPEND) with one synchronous write per
 * record: the server's processes each open it and their records land
 * whole, in order, never overwriting one another, and none is lost when a
 * process exits. The directory is created when missing. Asking again for a
 * file this process has open reopens it: a reload (SIGHUP) after logrotate
 * moved it writes to the new file. Throws LogFileOpenError when the file
 * cannot be opened.
 */
export function fileSink(path: string, format: LogFormat): LogSink {
  const absolute = resolve(path);
  let destination = open.get(absolute);
  if (destination) {
    destination.reopen();
  } else {
    try {
      // maxLength: while the disk is full, records wait in memory up to 16 MiB, then are dropped.
      destination = pino.destination({ dest: absolute, append: true, mkdir: true, sync: true, maxLength: 16 * 1024 * 1024 });
    } catch (error) {
      throw new LogFileOpenError(absolute, error instanceof Error ? error.message : String(error), { cause: error });
    }
    reportWriteFailures(destination, absolute);
    open.set(absolute, destination);
  }
  const target = destination;
  return textSink((text) => target.write(text), format);
}

/**
 * A full disk or a file gone read-only must not crash the server: the
 * failure is told once on stderr, the only place left to tell it, and the
 * records are dropped until writing works again.
 */
function reportWriteFailures(destination: Destination, path: string): void {
  let reported = false;
  destination.on('error', (error: Error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(
      `net-server: cannot write to the log file ${path}: ${error.message}; log records wait in memory, then are dropped, until it is writable\n`,
    );
  });
  destination.on('write', () => {
    reported = false;
  });
}
