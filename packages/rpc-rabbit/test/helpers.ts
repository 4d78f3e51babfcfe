import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import type { LogFields, Logger } from '@net-server/lib';
import { parseTransportUrl, type IncomingMessage, type TransportUrl } from '@net-server/rpc';
import amqplib from 'amqplib';
import { RabbitDriver } from '@net-server/rpc-rabbit';

export { freePort } from '../../../tools/vitest/free-port.mjs';

export const BROKER = 'rabbit://guest:guest@127.0.0.1:5672/';
export const AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672/';

export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
  /** When it was logged, epoch ms: to time reconnects. */
  at: number;
}

/** A logger that keeps every line, to assert on what the driver reported. */
export function captureLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLine['level']) => (msg: string, fields?: LogFields) => {
      lines.push({ level, msg, fields: { ...base, ...fields }, at: Date.now() });
    };
    return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error'), child: (fields) => make({ ...base, ...fields }) };
  };
  return { logger: make({}), lines };
}

export interface TestDriver {
  driver: RabbitDriver;
  lines: LogLine[];
}

export function makeDriver(controlExchange: string, options: Record<string, string | number | boolean> = {}, url: TransportUrl | string = BROKER): TestDriver {
  const { logger, lines } = captureLogger();
  const parsed = typeof url === 'string' ? parseTransportUrl(url) : url;
  const driver = new RabbitDriver(parsed, { controlExchange, options: { processname: 'rpc-rabbit-test', ...options }, logger });
  return { driver, lines };
}

export const run = promisify(execFile);

export async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args], { timeout: 30_000 });
  return stdout;
}

/** Rows of a `rabbitmqctl list_*` table as arrays of cells. */
export async function listRows(...args: string[]): Promise<string[][]> {
  const out = await rabbitmqctl('--no-table-headers', ...args);
  return out
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t'));
}

/** Deletes test exchanges and queues (ignores those already gone). */
export async function deleteTopology(exchanges: string[], queues: string[]): Promise<void> {
  const connection = await amqplib.connect(AMQP_URL);
  try {
    for (const name of [...exchanges, ...queues]) {
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      try {
        if (exchanges.includes(name)) await channel.deleteExchange(name);
        else await channel.deleteQueue(name);
        await channel.close();
      } catch {
        // already gone
      }
    }
  } finally {
    await connection.close();
  }
}

/** Queue names a listener on `topic` created (T, T.S, T_fanout_*), from the broker. */
export async function queuesOf(topic: string): Promise<string[]> {
  const rows = await listRows('list_queues', 'name');
  return rows.map((row) => row[0] ?? '').filter((name) => name === topic || name.startsWith(`${topic}.`) || name.startsWith(`${topic}_fanout_`));
}

/**
 * Lets a reply (or heartbeat) go without waiting on it. A test's clean-up may
 * close the driver before it is out; the publisher then gives up at the
 * reply's deadline, long after the test, and that rejection, unheard, would
 * fail whichever file the worker runs then. Whether a reply arrived is what
 * the calling side checks.
 */
export function unawaited(sending: Promise<void>): void {
  sending.catch(() => undefined);
}

/** Collects what a listener receives, answering calls with `answer`. */
export function collector(answer: (incoming: IncomingMessage) => unknown = (incoming) => ({ echoed: incoming.message.args })) {
  const received: IncomingMessage[] = [];
  const handler = (incoming: IncomingMessage): void => {
    received.push(incoming);
    if (incoming.expectsReply) unawaited(incoming.reply({ result: answer(incoming) }));
  };
  return { received, handler };
}

/** Broker-side pids of the connections whose connection_name starts with `prefix`. */
export async function connectionPids(prefix: string): Promise<string[]> {
  const rows = await listRows('list_connections', 'pid', 'client_properties');
  return rows
    .filter((row) => (row[1] ?? '').includes(`{"connection_name","${prefix}`))
    .map((row) => row[0] ?? '')
    .filter((pid) => pid !== '');
}

/** Closes, from the broker side, only the connections named with `prefix`. */
export async function closeConnections(prefix: string): Promise<number> {
  const pids = await connectionPids(prefix);
  for (const pid of pids) await rabbitmqctl('close_connection', pid, 'rpc-rabbit fault test');
  return pids.length;
}
