import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileStrftime, type LogEntry, type LogFormat, type LogLevel, type LogSink } from '@net-server/lib';

/** Where syslog(3) sends messages: rsyslog's or systemd-journald's datagram socket on Linux, syslogd's on macOS. */
export const SYSLOG_SOCKET = process.platform === 'darwin' ? '/var/run/syslog' : '/dev/log';

type DgramSocket = InstanceType<(typeof import('node-unix-socket'))['DgramSocket']>;
type DgramSocketClass = new () => DgramSocket;

/** syslog severities (RFC 5424) of the logger's levels. */
const SEVERITY: Readonly<Record<LogLevel, number>> = { error: 3, warn: 4, info: 6, debug: 7 };

/** RFC 3164's timestamp, as glibc's syslog() writes it ("Dec  6 09:00:00"). */
const headerDate = compileStrftime('%b %e %H:%M:%S');

/** Why syslog cannot be used; the caller names the option in its error. */
export class SyslogSocketError extends Error {
  readonly code = 'SYSLOG_SOCKET_UNAVAILABLE';

  constructor(
    readonly socketPath: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(reason, options);
    this.name = 'SyslogSocketError';
  }
}

/** A socket and the datagrams it is sending. */
interface OpenSocket {
  socket: DgramSocket;
  inFlight: number;
  closed: boolean;
}

export interface SyslogSinkOptions {
  /** The daemon's datagram socket; /dev/log unless a test names its own. */
  socketPath: string;
  /** The syslog facility number (LOG_USER is 1). */
  facility: number;
  /** The message after the header: oslo.log's text without date and pid, or the JSON record. */
  format: LogFormat;
  /** The tag before "[pid]:" (glibc's ident). */
  ident?: string;
}

/**
 * Node has no unix datagram sockets; node-unix-socket (prebuilt for Linux
 * and macOS, no compiler needed) provides them. It is an optional peer of
 * net-server: only use_syslog needs it, so it is loaded here, on demand.
 */
function loadDgramSocket(socketPath: string): DgramSocketClass {
  try {
    const loaded = createRequire(import.meta.url)('node-unix-socket') as { DgramSocket: DgramSocketClass };
    return loaded.DgramSocket;
  } catch (error) {
    // Not found may also mean its platform's binary package is missing: that is the other message.
    const missing = (error as { code?: unknown }).code === 'MODULE_NOT_FOUND' && /'node-unix-socket'/.test(String((error as Error).message));
    throw new SyslogSocketError(
      socketPath,
      missing
        ? 'sending to syslog needs the node-unix-socket package, which is not installed; install it beside net-server (npm install node-unix-socket)'
        : `the node-unix-socket package cannot be loaded on ${process.platform}-${process.arch}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Sends every record to the local syslog daemon as glibc's syslog(3)
 * would: one datagram "<PRI>Mmm dd hh:mm:ss net-server[pid]: message" to
 * /dev/log, PRI from the facility and the record's level. Throws
 * SyslogSocketError when the socket is not there or datagrams cannot be
 * sent. The socket is opened while datagrams are in flight and closed
 * after: an open one would keep a finished command's process alive. A
 * daemon that goes away is told once on stderr, and records are dropped
 * until it is back.
 */
export function syslogSink(options: SyslogSinkOptions): LogSink {
  const { socketPath, facility, format } = options;
  const ident = options.ident ?? 'net-server';
  let stats;
  try {
    stats = statSync(socketPath);
  } catch (error) {
    const reason =
      (error as { code?: unknown }).code === 'ENOENT' ? 'it does not exist: no syslog daemon (rsyslog, systemd-journald) listens on this host' : String(error);
    throw new SyslogSocketError(socketPath, reason, { cause: error });
  }
  if (!stats.isSocket()) throw new SyslogSocketError(socketPath, 'it is not a socket');
  const Socket = loadDgramSocket(socketPath);

  let failing = false;
  const report = (error: Error | undefined): void => {
    if (error && !failing) {
      process.stderr.write(`net-server: cannot send to syslog through ${socketPath}: ${error.message}; records are dropped until it works again\n`);
    }
    failing = error !== undefined;
  };
  let open: OpenSocket | undefined;
  const release = (used: OpenSocket): void => {
    used.inFlight -= 1;
    if (used.inFlight > 0 || used.closed) return;
    used.closed = true;
    used.socket.close();
    if (open === used) open = undefined;
  };
  const openSocket = (): OpenSocket => {
    const created: OpenSocket = { socket: new Socket(), inFlight: 0, closed: false };
    // The socket closes itself after an error event.
    created.socket.on('error', (error: Error) => {
      report(error);
      created.closed = true;
      if (open === created) open = undefined;
    });
    return created;
  };
  return {
    write(entry: LogEntry): void {
      const { record } = entry;
      const priority = facility * 8 + (SEVERITY[record.level] ?? SEVERITY.info);
      const body = (format === 'json' ? entry.json : entry.humanWithoutHeader).replace(/\n$/, '');
      const message = Buffer.from(`<${priority}>${headerDate(new Date(record.time))} ${ident}[${record.pid}]: ${body}`);
      open ??= openSocket();
      const used = open;
      used.inFlight += 1;
      try {
        used.socket.sendTo(message, 0, message.length, socketPath, (error) => {
          report(error);
          release(used);
        });
      } catch (error) {
        report(error instanceof Error ? error : new Error(String(error)));
        release(used);
      }
    },
  };
}
