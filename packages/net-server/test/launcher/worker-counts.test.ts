import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/config.js';
import { parseIni } from '../../src/config/ini-parser.js';
import { OptionRegistry } from '../../src/config/option-registry.js';
import { serverOptionGroups } from '../../src/config/server-options.js';
import { defaultWorkerCount, workerCounts } from '../../src/service/worker-counts.js';

function config(text: string): Config {
  const registry = new OptionRegistry();
  registry.register(serverOptionGroups, 'net-server');
  return Config.resolve(registry, { env: {}, files: [parseIni(`[DEFAULT]\n${text}`, '/etc/net-server/net-server.conf')] });
}

describe('workerCounts', () => {
  it('runs everything in one process with the in-process memory:// transport unless counts are set', () => {
    expect(workerCounts(config(''))).toEqual({ api: 0, rpc: 0, rpcStateReport: 0 });
    expect(workerCounts(config('api_workers = 2\nrpc_state_report_workers = 1'))).toEqual({ api: 2, rpc: 0, rpcStateReport: 1 });
  });

  it("uses neutron's defaults with a broker: a worker per CPU, half as many RPC workers (at least one)", () => {
    const cpus = defaultWorkerCount();
    expect(workerCounts(config('transport_url = rabbit://h/'))).toEqual({ api: cpus, rpc: Math.max(1, Math.floor(cpus / 2)), rpcStateReport: 1 });
    expect(workerCounts(config('transport_url = rabbit://h/\napi_workers = 1'))).toEqual({ api: 1, rpc: 1, rpcStateReport: 1 });
    expect(workerCounts(config('transport_url = rabbit://h/\napi_workers = 0\nrpc_workers = 0\nrpc_state_report_workers = 0'))).toEqual({
      api: 0,
      rpc: 0,
      rpcStateReport: 0,
    });
  });
});
