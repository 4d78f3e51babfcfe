import { describe, expect, it } from 'vitest';
import { silentLogger } from '@net-server/lib';
import {
  ConfigurationError,
  DriverLoadFailure,
  InvalidTransportUrl,
  RpcClient,
  RpcServer,
  Target,
  getRpcTransport,
  type Driver,
  type DriverFactory,
  type DriverOptions,
  type TransportUrl,
} from '@net-server/rpc';

describe('getRpcTransport', () => {
  it('defaults to memory://, control exchange neutron and a 60 s timeout', async () => {
    const transport = await getRpcTransport({}, { logger: silentLogger });
    expect(transport.url.toString()).toBe('memory://');
    const unset = await getRpcTransport({ transport_url: '' }, { logger: silentLogger });
    expect(unset.url.toString()).toBe('memory://');
    await unset.cleanup();
    expect(transport.controlExchange).toBe('neutron');
    expect(transport.rpcResponseTimeoutMs).toBe(60_000);
    await transport.cleanup();
  });

  it('accepts a URL string and serves calls over it', async () => {
    const transport = await getRpcTransport('memory:///get-transport-string', { logger: silentLogger });
    const server = new RpcServer(transport, new Target({ topic: 't', server: 's' }), [{ ping: () => 'pong' }]);
    await server.start();
    await expect(new RpcClient(transport, new Target({ topic: 't' })).call({}, 'ping')).resolves.toBe('pong');
    await server.stop();
    await server.wait();
    await transport.cleanup();
  });

  it('uses an explicitly given driver, with the URL, control exchange and merged options', async () => {
    const seen: Array<{ url: TransportUrl; options: DriverOptions }> = [];
    const fake: DriverFactory = (url, options) => {
      seen.push({ url, options });
      const driver: Driver = {
        send: async () => ({ result: 'from fake' }),
        listen: async () => ({ stop: async () => undefined }),
        cleanup: async () => undefined,
      };
      return driver;
    };
    const transport = await getRpcTransport(
      {
        transport_url: 'fake://u:secret@h1:1/vh?heartbeat=30',
        control_exchange: 'nova',
        rpc_response_timeout: 5,
        driverOptions: { heartbeat: 60, ssl: true },
      },
      { drivers: { fake }, logger: silentLogger },
    );
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url.hosts).toEqual([{ hostname: 'h1', port: 1, username: 'u', password: 'secret' }]);
    expect(seen[0]?.options).toMatchObject({ controlExchange: 'nova', options: { heartbeat: '30', ssl: true } });
    expect(transport.rpcResponseTimeoutMs).toBe(5000);
    expect(transport.toString()).toBe('<Transport fake://u:****@h1:1/vh?heartbeat=30>');
    await expect(new RpcClient(transport, new Target({ topic: 't' })).call({}, 'm')).resolves.toBe('from fake');
  });

  it('names the installed transports for an unknown scheme, without the password', async () => {
    const error = await getRpcTransport('kafka://user:hunter2@broker:9092/', { logger: silentLogger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DriverLoadFailure);
    const failure = error as DriverLoadFailure;
    expect(failure.code).toBe('DriverLoadFailure');
    expect(failure.scheme).toBe('kafka');
    expect(failure.installed).toContain('memory');
    expect(failure.message).toContain('Installed transports: ');
    expect(failure.message).toContain('memory');
    expect(failure.message).not.toContain('hunter2');
  });

  it('rejects malformed URLs and options with coded errors', async () => {
    await expect(getRpcTransport('rabbit://guest:pw@host:port/', { logger: silentLogger })).rejects.toThrow(InvalidTransportUrl);
    await expect(getRpcTransport({ rpc_response_timeout: 0 }, { logger: silentLogger })).rejects.toThrow(ConfigurationError);
    await expect(getRpcTransport({ control_exchange: '' }, { logger: silentLogger })).rejects.toMatchObject({ code: 'ConfigurationError' });
  });
});
