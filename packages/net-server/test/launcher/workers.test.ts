import { silentLogger, type PluginBase, type RpcServerLike, type Worker } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { ServiceLauncher } from '../../src/launcher/service-launcher.js';
import { AllServicesWorker } from '../../src/service/all-services-worker.js';
import { RpcReportsWorker, RpcWorker } from '../../src/service/rpc-worker.js';

/** An RPC server that records calls; `wait()` resolves when `drain()` is called. */
class RecordingServer implements RpcServerLike {
  readonly calls: string[] = [];
  #drained!: () => void;
  readonly #drainedPromise = new Promise<void>((resolve) => (this.#drained = resolve));
  async stop(): Promise<void> {
    this.calls.push('stop');
  }
  async wait(): Promise<void> {
    this.calls.push('wait');
    await this.#drainedPromise;
  }
  drain(): void {
    this.#drained();
  }
}

function rpcPlugin(servers: RecordingServer[]): PluginBase & { listenerCalls: number; reportCalls: number } {
  const plugin = {
    listenerCalls: 0,
    reportCalls: 0,
    async startRpcListeners() {
      plugin.listenerCalls++;
      const server = new RecordingServer();
      servers.push(server);
      return [server];
    },
    async startRpcStateReportsListener() {
      plugin.reportCalls++;
      return [];
    },
  };
  return plugin;
}

async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('RpcWorker', () => {
  it('starts the listeners of the plugins that have them and acts on the servers they return', async () => {
    const servers: RecordingServer[] = [];
    const plugin = rpcPlugin(servers);
    const worker = new RpcWorker(() => [plugin, {}], 2, silentLogger);
    expect(worker.name).toBe('rpc worker');
    expect(worker.workerProcessCount).toBe(2);
    await worker.start();
    expect(plugin.listenerCalls).toBe(1);
    expect(plugin.reportCalls).toBe(0);

    const waiting = worker.wait();
    // Running: wait() does not end before stop().
    expect(await settled(waiting)).toBe(false);
    await worker.stop();
    expect(await settled(waiting)).toBe(false);
    servers[0]?.drain();
    await waiting;
    expect(servers[0]?.calls).toEqual(['stop', 'wait']);
  });

  it('reset stops, drains and starts the listeners again', async () => {
    const servers: RecordingServer[] = [];
    const plugin = rpcPlugin(servers);
    const worker = new RpcWorker(() => [plugin], 1, silentLogger);
    await worker.start();
    const resetting = worker.reset();
    await new Promise((resolve) => setImmediate(resolve));
    servers[0]?.drain();
    await resetting;
    expect(plugin.listenerCalls).toBe(2);
    expect(servers).toHaveLength(2);
    expect(await settled(worker.wait())).toBe(false);
  });

  it('RpcReportsWorker starts the state report listeners only', async () => {
    const plugin = rpcPlugin([]);
    const worker = new RpcReportsWorker(() => [plugin], 1, silentLogger);
    expect(worker.name).toBe('rpc reports worker');
    await worker.start();
    expect([plugin.listenerCalls, plugin.reportCalls]).toEqual([0, 1]);
  });
});

/** A worker whose run ends when `end()` is called (or on stop). */
function fakeWorker(name: string, log: string[]): Worker & { end(): void } {
  let finish!: () => void;
  let finished = new Promise<void>((resolve) => (finish = resolve));
  return {
    name,
    workerProcessCount: 0,
    async start() {
      log.push(`${name} start`);
    },
    async stop() {
      log.push(`${name} stop`);
      finish();
    },
    wait: () => finished,
    async reset() {
      log.push(`${name} reset`);
      finish();
      finished = new Promise<void>((resolve) => (finish = resolve));
    },
    end: () => finish(),
  };
}

describe('AllServicesWorker', () => {
  it('runs the 0-process workers together in one "services worker"', async () => {
    const log: string[] = [];
    const all = new AllServicesWorker([fakeWorker('a', log), fakeWorker('b', log)]);
    expect([all.name, all.workerProcessCount]).toEqual(['services worker', 1]);
    await all.start();
    await all.reset();
    await all.stop();
    await all.wait();
    expect(log).toEqual(['a start', 'b start', 'a reset', 'b reset', 'a stop', 'b stop']);
  });
});

describe('ServiceLauncher', () => {
  it('reports a service that ends by itself, so the others are stopped with it', async () => {
    const log: string[] = [];
    const launcher = new ServiceLauncher(silentLogger);
    const api = fakeWorker('api worker', log);
    await launcher.launchService(api);
    await launcher.launchService(fakeWorker('rpc worker', log));
    api.end();
    const error = await launcher.died();
    expect(error.message).toContain('The api worker ended unexpectedly');
    expect(await launcher.stop(1)).toBe(true);
    expect(log).toContain('rpc worker stop');
  });

  it('does not count a reset or a stop as a death', async () => {
    const launcher = new ServiceLauncher(silentLogger);
    await launcher.launchService(fakeWorker('rpc worker', []));
    await launcher.reset();
    expect(await launcher.stop(1)).toBe(true);
    expect(await settled(launcher.died())).toBe(false);
  });
});
