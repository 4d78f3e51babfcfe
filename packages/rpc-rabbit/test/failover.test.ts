import { MessagingTimeout, Target } from '@net-server/rpc';
import { MessageDeliveryFailure } from '@net-server/rpc-rabbit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collector, freePort, makeDriver, rabbitmqctl, uniqueName, type LogLine, type TestDriver } from './helpers.js';
import { ScratchRabbitNode } from './scratch-rabbit-node.js';

/** Timers fire late on a loaded 2-core machine; a call may end this much after its deadline and still count as on time. */
const LATE_SLACK_MS = 500;

type Outcome = 'ok' | 'timeout' | 'undelivered' | 'other' | 'hung';

interface CallRecord {
  i: number;
  start: number;
  end: number;
  outcome: Outcome;
  error?: string;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Runs a call to its end and classifies it; a call still pending well after its timeout counts as hung. */
async function track(i: number, call: () => Promise<unknown>, timeoutMs: number): Promise<CallRecord> {
  const start = Date.now();
  let guard: NodeJS.Timeout | undefined;
  const hung = new Promise<Pick<CallRecord, 'outcome'>>((resolve) => {
    guard = setTimeout(() => resolve({ outcome: 'hung' }), timeoutMs + 5000);
  });
  const settled = call().then(
    (): Pick<CallRecord, 'outcome'> => ({ outcome: 'ok' }),
    (error: unknown): Pick<CallRecord, 'outcome' | 'error'> => ({
      outcome: error instanceof MessagingTimeout ? 'timeout' : error instanceof MessageDeliveryFailure ? 'undelivered' : 'other',
      error: String(error),
    }),
  );
  const result = await Promise.race([settled, hung]);
  clearTimeout(guard);
  return { i, start, end: Date.now(), ...result };
}

/** `send` or `listen`: which of a driver's two connections a log line is about. */
function purpose(line: LogLine): string {
  return String(line.fields['connection']).split(':').at(-1) ?? '';
}

interface FailoverResult {
  /** Per connection, ms from the fault to its connection on the main node. */
  reconnects: { connection: string; broker: unknown; ms: number }[];
  /** ms from the fault to the first answer to a call sent after it. */
  resumeMs: number;
  records: CallRecord[];
  /** When the fault was done, epoch ms. */
  faultAt: number;
}

describe('rabbit driver: failover between RabbitMQ nodes', { timeout: 90_000 }, () => {
  const drivers: TestDriver[] = [];
  const nodes: ScratchRabbitNode[] = [];
  /** Vhosts this file created on the main node; everything it declared there lives in them. */
  const mainVhosts: string[] = [];

  beforeAll(async () => {
    // Booted side by side: a node takes 5-10 s to start here.
    const started = await Promise.allSettled([1, 2].map(() => ScratchRabbitNode.start({ vhost: uniqueName('failover'), bootTimeoutMs: 45_000 })));
    for (const result of started) if (result.status === 'fulfilled') nodes.push(result.value);
    for (const result of started) if (result.status === 'rejected') throw result.reason;
  }, 60_000);

  afterAll(async () => {
    await Promise.all(drivers.splice(0).map(({ driver }) => driver.cleanup()));
    await Promise.all(nodes.map((node) => node.destroy()));
    for (const vhost of mainVhosts) await rabbitmqctl('delete_vhost', vhost);
  }, 60_000);

  function open(name: string, url: string, extra: Record<string, string | number | boolean> = {}, exchange = uniqueName('failover-ex')): TestDriver {
    const made = makeDriver(exchange, { processname: uniqueName(name), ...extra }, url);
    drivers.push(made);
    return made;
  }

  interface Fault {
    /** Done to the scratch node 1.5 s into the stream. */
    apply(): void;
    /** Driver options. */
    options: Record<string, string | number | boolean>;
    /** The stream must flow again within this long of the fault. */
    resumeBoundMs: number;
    /** How long the stream goes on after the fault. */
    streamMs: number;
  }

  /**
   * An RPC server and a client on `scratch` (listed first) and the main
   * node, a stream of calls, a fault done to the scratch node, and the
   * checks every failover must pass: no call hangs or ends later than its
   * timeout, every connection moves to the main node without trying the
   * lost one again, the stream resumes in time and stays up, casts after
   * it arrive.
   */
  async function failover(scratch: ScratchRabbitNode, fault: Fault): Promise<FailoverResult> {
    const vhost = scratch.vhost;
    const exchange = uniqueName('failover-ex');
    const topic = uniqueName('failover');
    // The vhost exists on the scratch node only: whatever host the drivers
    // try first, they end up there.
    const url = `rabbit://${scratch.transportHost},guest:guest@127.0.0.1:5672/${vhost}`;
    const scratchLabel = `guest@127.0.0.1:${scratch.port}/${vhost}`;
    const mainLabel = `guest@127.0.0.1:5672/${vhost}`;
    const server = open('failover-srv', url, fault.options, exchange);
    const client = open('failover-cli', url, fault.options, exchange);
    const served = collector((incoming) => incoming.message.args['i']);
    await server.driver.listen(new Target({ topic, server: 'h' }), served.handler);
    const target = new Target({ topic });
    expect(await client.driver.send(target, {}, { method: 'warmup', args: {} }, { waitForReply: true, timeoutMs: 10_000 })).toEqual({ result: null });
    const connected = (made: TestDriver) => made.lines.filter((line) => line.msg === 'Connected to AMQP broker');
    // Both connections of both drivers (the server's sender opened with its first reply).
    const before = [...connected(server), ...connected(client)];
    expect(before.map((line) => `${purpose(line)} ${String(line.fields['broker'])}`).sort()).toEqual(
      ['listen', 'listen', 'send', 'send'].map((what) => `${what} ${scratchLabel}`),
    );

    await rabbitmqctl('add_vhost', vhost);
    mainVhosts.push(vhost);
    await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');

    // An open-loop stream: a call every 25 ms whether or not the earlier ones
    // were answered, so the moment the stream resumes shows to within 25 ms.
    const timeoutMs = 3000;
    const calls: Promise<CallRecord>[] = [];
    const startedAt = Date.now();
    let faultAt = 0;
    for (let i = 0; faultAt === 0 || Date.now() < faultAt + fault.streamMs; i += 1) {
      if (faultAt === 0 && Date.now() >= startedAt + 1500) {
        fault.apply();
        faultAt = Date.now();
      }
      const send = () => client.driver.send(target, {}, { method: 'n', args: { i } }, { waitForReply: true, timeoutMs });
      calls.push(track(i, send, timeoutMs));
      await sleep(25);
    }
    const records = await Promise.all(calls);

    // No call hangs, none fails with anything but its deadline, none ends later than it.
    expect(records.filter((record) => record.outcome === 'hung' || record.outcome === 'other')).toEqual([]);
    expect(records.filter((record) => record.end - record.start > timeoutMs + LATE_SLACK_MS)).toEqual([]);
    // Everything answered or timed out before the fault was answered.
    expect(records.filter((record) => record.end < faultAt && record.outcome !== 'ok')).toEqual([]);

    // Every connection came back, on the main node.
    const reconnects = [server, client].flatMap((made, index) =>
      connected(made)
        .filter((line) => line.at >= faultAt)
        .map((line) => ({ connection: `${index === 0 ? 'server' : 'client'} ${purpose(line)}`, broker: line.fields['broker'], ms: line.at - faultAt })),
    );
    expect(reconnects.map((reconnect) => reconnect.broker)).toEqual([mainLabel, mainLabel, mainLabel, mainLabel]);
    // The loss is reported once per connection, not again by every channel that went down with it.
    const errors = [server, client].flatMap((made) => made.lines.filter((line) => line.level === 'error' && line.at >= faultAt).map((line) => line.msg));
    expect(errors).toEqual(Array.from({ length: 4 }, () => 'AMQP connection lost; reconnecting'));
    // The next host first: the lost node is not tried again while another is there.
    const retried = [server, client].flatMap((made) => made.lines.filter((line) => line.msg === 'AMQP connection failed' && line.at >= faultAt));
    expect(retried.map((line) => line.fields['broker'])).toEqual([]);

    // The stream resumes: the first call sent after the fault that is answered, and every call sent from then on.
    const resumed = records.find((record) => record.start >= faultAt && record.outcome === 'ok');
    expect(resumed, 'no call sent after the fault was answered').toBeDefined();
    const resumeMs = (resumed?.end ?? 0) - faultAt;
    expect(resumeMs).toBeLessThanOrEqual(fault.resumeBoundMs);
    expect(records.filter((record) => record.start >= (resumed?.end ?? 0) && record.outcome !== 'ok')).toEqual([]);
    // A server answers each call once, whichever node brought it.
    const handled = served.received.map((incoming) => incoming.message.args['i']).filter((i) => typeof i === 'number');
    expect(new Set(handled).size).toBe(handled.length);

    // Casts after the reconnect arrive, topic and fanout alike.
    const castsFrom = served.received.length;
    for (let c = 0; c < 20; c += 1) await client.driver.send(target, {}, { method: 'c', args: { c } }, { waitForReply: false });
    await client.driver.send(new Target({ topic, fanout: true }), {}, { method: 'f', args: {} }, { waitForReply: false });
    await expect.poll(() => served.received.length - castsFrom, { timeout: 5000, message: 'the casts after the failover' }).toBe(21);
    return { reconnects, resumeMs, records, faultAt };
  }

  function report(what: string, node: ScratchRabbitNode, { reconnects, resumeMs, records, faultAt }: FailoverResult): void {
    const count = (outcome: Outcome) => records.filter((record) => record.outcome === outcome).length;
    const lost = records.filter((record) => record.outcome !== 'ok').map((record) => record.start - faultAt);
    console.info(
      `failover (${what} ${node.nodename}): reconnected in ${reconnects.map((reconnect) => `${reconnect.connection} ${reconnect.ms} ms`).join(', ')}; ` +
        `stream resumed after ${resumeMs} ms; ${records.length} calls: ${count('ok')} answered, ${count('timeout')} MessagingTimeout, ` +
        `${count('undelivered')} MessageDeliveryFailure` +
        (lost.length === 0 ? '' : ` (sent ${Math.min(...lost)}..${Math.max(...lost)} ms from the fault)`),
    );
  }

  it('keeps a stream of calls and casts going when the node it runs on is killed', async () => {
    const [scratch] = nodes;
    if (scratch === undefined) throw new Error('no scratch node');
    // oslo.messaging's reconnect defaults; a dead node's sockets are closed by the kernel at once.
    const result = await failover(scratch, { apply: () => scratch.kill(), options: {}, resumeBoundMs: 5000, streamMs: 7500 });
    report('SIGKILL', scratch, result);
  });

  it('moves on when the node it runs on stops answering', async () => {
    const [, scratch] = nodes;
    if (scratch === undefined) throw new Error('no scratch node');
    // Only heartbeats notice a frozen node: amqplib gives up after two
    // silent checks, one per threshold, so 2-3 thresholds after the last
    // frame. A short threshold, as a deployment wanting fast failover sets;
    // then kombu_reconnect_delay (1 s) and the next host.
    const threshold = 2;
    const result = await failover(scratch, {
      apply: () => scratch.freeze(),
      options: { heartbeat_timeout_threshold: threshold },
      resumeBoundMs: 3 * threshold * 1000 + 1000 + 1500,
      streamMs: 12_000,
    });
    report('SIGSTOP', scratch, result);
  });

  it.each(['round-robin', 'shuffle'] as const)('tries the hosts in %s order', async (strategy) => {
    // Ports with nothing listening: every attempt is refused at once.
    const ports = [await freePort(), await freePort(), await freePort(), await freePort()];
    const labels = ports.map((port) => `guest@127.0.0.1:${port}/`);
    const client = open('failover-order', `rabbit://${ports.map((port) => `guest:guest@127.0.0.1:${port}`).join(',')}/`, {
      kombu_failover_strategy: strategy,
      rabbit_retry_interval: 0.05,
      rabbit_retry_backoff: 0,
      rabbit_interval_max: 0.05,
    });
    const error = await client.driver
      .send(new Target({ topic: 'order' }), {}, { method: 'x', args: {} }, { waitForReply: false, timeoutMs: 1500 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessageDeliveryFailure);
    const order = client.lines.filter((line) => line.msg === 'AMQP connection failed').map((line) => labels.indexOf(String(line.fields['broker'])));
    expect(order.length).toBeGreaterThanOrEqual(12);
    expect(order).not.toContain(-1);
    const steps = order.slice(1).map((to, index) => (to - (order[index] ?? 0) + labels.length) % labels.length);
    if (strategy === 'round-robin') {
      expect(new Set(steps)).toEqual(new Set([1]));
    } else {
      // A random other host each time: never the same twice in a row, and
      // not the round-robin cycle (a chance of (1/3)^11 over 12 attempts).
      expect(steps).not.toContain(0);
      expect(new Set(order).size).toBe(labels.length);
      expect(steps.some((step) => step !== 1)).toBe(true);
    }
  });
});
