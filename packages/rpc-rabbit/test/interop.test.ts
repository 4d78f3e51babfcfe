import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getRpcTransport, MessagingTimeout, RemoteError, RpcClient, RpcServer, Target, type Transport } from '@net-server/rpc';
import { rabbitDriver } from '@net-server/rpc-rabbit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKER, captureLogger, deleteTopology, queuesOf, run, uniqueName } from './helpers.js';

const PYTHON = '/usr/bin/python3';
const script = (name: string): string => fileURLToPath(new URL(`./interop/${name}`, import.meta.url));

async function requireOsloMessaging(): Promise<void> {
  try {
    await run(PYTHON, ['-c', 'import oslo_messaging'], { timeout: 60_000 });
  } catch (error) {
    throw new Error(
      `The interoperability tests need Debian's oslo.messaging for ${PYTHON}: ` +
        `run "apt-get install -y python3-oslo.messaging" (${(error as Error).message.split('\n')[0] ?? ''})`,
    );
  }
}

// A Python caller that timed out and exited leaves no reply queue (oslo's are
// auto-delete), so the late reply is retried for
// kombu_missing_consumer_retry_timeout before it is dropped, and a server's
// wait() waits for that; 60 s by default, as oslo's, which outlasts a test.
async function transportFor(exchange: string): Promise<Transport> {
  return getRpcTransport(
    { transport_url: BROKER, control_exchange: exchange, driverOptions: { processname: 'rpc-rabbit-interop', kombu_missing_consumer_retry_timeout: 2 } },
    { drivers: { rabbit: rabbitDriver }, logger: captureLogger().logger },
  );
}

/** Starts the Python server and resolves once it prints READY. */
function startPythonServer(exchange: string, topic: string, servers: string[]): Promise<ChildProcessWithoutNullStreams> {
  const args = [script('oslo_server.py'), '--url', BROKER, '--exchange', exchange, '--topic', topic, ...servers.flatMap((name) => ['--server', name])];
  const child = spawn(PYTHON, args);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the Python oslo.messaging server did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('READY')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the Python oslo.messaging server exited with ${String(code)}: ${stderr}`));
    });
  });
}

async function stopChild(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function pythonClient(exchange: string, topic: string, scenario: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(PYTHON, [script('oslo_client.py'), '--url', BROKER, '--exchange', exchange, '--topic', topic, '--scenario', scenario], {
    timeout: 60_000,
  });
  const last = stdout.trim().split('\n').pop() ?? '{}';
  const out = JSON.parse(last) as Record<string, unknown>;
  if (typeof out['reply_q'] === 'string') await deleteTopology([], [out['reply_q']]);
  return out;
}

describe('interoperability: TypeScript client -> Python oslo.messaging server', { timeout: 60_000 }, () => {
  const exchange = uniqueName('interop-ex');
  const topic = uniqueName('interop-py');
  let python: ChildProcessWithoutNullStreams | undefined;
  let transport: Transport;
  let client: RpcClient;

  beforeAll(async () => {
    await requireOsloMessaging();
    python = await startPythonServer(exchange, topic, ['py1', 'py2']);
    transport = await transportFor(exchange);
    client = new RpcClient(transport, new Target({ topic, version: '1.0' }), { timeoutMs: 10_000 });
  }, 60_000);

  afterAll(async () => {
    await transport?.cleanup();
    await stopChild(python);
    await deleteTopology([exchange, `${topic}_fanout`], await queuesOf(topic));
  });

  it('gets the result of a call, with the context delivered', async () => {
    const result = await client.call({ project_id: 'p-ts', custom_key: 'kept' }, 'echo', { value: 7 });
    expect(result).toMatchObject({ value: 7, ctx_project: 'p-ts', ctx_custom: 'kept' });
  });

  it('sees a Python exception as RemoteError with its class and message', async () => {
    const error = await client.call({}, 'fail', { reason: 'cable cut' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).excType).toBe('NetworkBroken');
    expect((error as RemoteError).excModule).toBe('__main__');
    expect((error as RemoteError).value).toBe('network broken: cable cut');
    expect((error as RemoteError).traceback.join('')).toContain('Traceback');
  });

  it('times out a call the Python server answers too late', async () => {
    const error = await client
      .prepare({ timeoutMs: 500 })
      .call({}, 'sleep', { seconds: 2 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessagingTimeout);
  });

  it('casts to one Python server and fans out to all of them', async () => {
    await client.prepare({ server: 'py1' }).cast({}, 'note', { n: 1 });
    await client.prepare({ fanout: true }).cast({}, 'note', { n: 2 });
    const seen = async (server: string): Promise<unknown> => client.prepare({ server }).call({}, 'notes_seen');
    await expect.poll(async () => ({ py1: await seen('py1'), py2: await seen('py2') }), { timeout: 10_000, interval: 100 }).toEqual({ py1: [1, 2], py2: [2] });
  });

  it('keeps a call-monitored call alive through Python heartbeats', async () => {
    // oslo's server heartbeats every half of the monitor timeout, rounded down to whole seconds, at least 1 s.
    const result = await client.prepare({ timeoutMs: 20_000, callMonitorTimeoutMs: 2000 }).call({}, 'sleep', { seconds: 3.5 });
    expect(result).toBe('slept');
  });
});

class NetworkNotFound extends Error {
  constructor(readonly netId: string) {
    super(`Network ${netId} could not be found.`);
    this.name = 'NetworkNotFound';
  }
}

describe('interoperability: Python oslo.messaging client -> TypeScript server', { timeout: 60_000 }, () => {
  const exchange = uniqueName('interop-ex');
  const topic = uniqueName('interop-ts');
  const notes: unknown[] = [];
  let transport: Transport;
  let server: RpcServer;

  beforeAll(async () => {
    await requireOsloMessaging();
    transport = await transportFor(exchange);
    const endpoint = {
      target: { version: '1.3' },
      echo: (context: Record<string, unknown>, args: { value: number }) => ({ value: args.value + 1, ctx: context }),
      fail: () => {
        throw new NetworkNotFound('n-42');
      },
      sleep: async (_context: unknown, args: { seconds: number }) => {
        await new Promise((resolve) => setTimeout(resolve, args.seconds * 1000));
        return 'slept';
      },
      note: (_context: unknown, args: { n: number }) => {
        notes.push(args.n);
      },
    };
    server = new RpcServer(transport, new Target({ topic, server: 'ts1' }), [endpoint]);
    await server.start();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await server?.wait();
    await transport?.cleanup();
    await deleteTopology([exchange, `${topic}_fanout`], await queuesOf(topic));
  });

  it('answers a Python call, context included', async () => {
    const out = await pythonClient(exchange, topic, 'call');
    expect(out['result']).toMatchObject({
      value: 42,
      ctx: { project_id: 'p-python', user_id: 'u-python', roles: ['admin'], custom_key: { nested: [1, 2] } },
    });
  });

  it('sends errors the Python side raises as RemoteError with class and message', async () => {
    const out = await pythonClient(exchange, topic, 'remote-error');
    expect(out['exc_type']).toBe('NetworkNotFound');
    expect(out['value']).toBe('Network n-42 could not be found.');
    expect(String(out['text'])).toContain('Remote error: NetworkNotFound Network n-42 could not be found.');
  });

  it('lets the Python caller time out', async () => {
    const out = await pythonClient(exchange, topic, 'timeout');
    expect(String(out['timeout'])).toContain('Timed out waiting for a reply');
  });

  it('takes Python casts and fanout casts', async () => {
    const out = await pythonClient(exchange, topic, 'cast');
    expect(out['sent']).toBe(true);
    await expect.poll(() => notes.length, { timeout: 10_000, message: 'both casts' }).toBe(2);
    expect([...notes].sort()).toEqual([1, 2]);
  });

  it('heartbeats a call-monitored Python call', async () => {
    const out = await pythonClient(exchange, topic, 'monitored');
    expect(out['result']).toBe('slept');
  });
});
