import { afterEach, describe, expect, it } from 'vitest';
import { NoSuchMethod, RemoteError, RpcClient, RpcServer, Target, UnsupportedVersion, type Transport } from '@net-server/rpc';
import { transportFor, uniqueUrl } from './helpers.js';

let transport: Transport;
let server: RpcServer;

async function serve(endpoints: object[], overrides: { accessPolicy?: { isAllowed(endpoint: object, method: string): boolean } } = {}) {
  transport = await transportFor(uniqueUrl());
  server = new RpcServer(transport, new Target({ topic: 'q-test', server: 'host-a' }), endpoints, overrides);
  await server.start();
}

function client(fields: { version?: string; namespace?: string } = {}): RpcClient {
  return new RpcClient(transport, new Target({ topic: 'q-test', ...fields }), { timeoutMs: 5000 });
}

async function remoteFailure(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

afterEach(async () => {
  await server.stop();
  await server.wait();
  await transport.cleanup();
});

describe('dispatch by version', () => {
  const v13 = {
    target: new Target({ version: '1.3' }),
    echo: (_ctx: unknown, args: Record<string, unknown>) => ({ v: '1.3', ...args }),
  };

  it('serves a compatible version (same major, minor not above)', async () => {
    await serve([v13]);
    await expect(client({ version: '1.0' }).call({}, 'echo', { a: 1 })).resolves.toEqual({ v: '1.3', a: 1 });
    await expect(client({ version: '1.3' }).call({}, 'echo', {})).resolves.toEqual({ v: '1.3' });
  });

  it('refuses a too-new minor with UnsupportedVersion', async () => {
    await serve([v13]);
    const error = await remoteFailure(client({ version: '1.4' }).call({}, 'echo'));
    expect(error.excType).toBe('UnsupportedVersion');
    expect(error.excModule).toBe('oslo_messaging.rpc.dispatcher');
    expect(error.value).toBe('Endpoint does not support RPC version 1.4. Attempted method: echo');
  });

  it('refuses another major with UnsupportedVersion', async () => {
    await serve([v13]);
    expect((await remoteFailure(client({ version: '2.0' }).call({}, 'echo'))).excType).toBe('UnsupportedVersion');
  });

  it('picks the endpoint whose version fits among several', async () => {
    const v2 = { target: { version: '2.1' }, echo: () => 'two' };
    await serve([v13, v2]);
    await expect(client({ version: '2.0' }).call({}, 'echo')).resolves.toBe('two');
    await expect(client({ version: '1.2' }).call({}, 'echo')).resolves.toEqual({ v: '1.3' });
  });

  it('treats an endpoint without target as version 1.0 with no namespace, and a request without version as 1.0', async () => {
    await serve([{ ping: () => 'pong' }]);
    await expect(client().call({}, 'ping')).resolves.toBe('pong');
    expect((await remoteFailure(client({ version: '1.1' }).call({}, 'ping'))).excType).toBe('UnsupportedVersion');
  });

  it('matches the namespace exactly', async () => {
    await serve([{ target: { namespace: 'ns1', version: '1.0' }, who: () => 'ns1' }, { who: () => 'none' }]);
    await expect(client({ namespace: 'ns1' }).call({}, 'who')).resolves.toBe('ns1');
    await expect(client().call({}, 'who')).resolves.toBe('none');
    expect((await remoteFailure(client({ namespace: 'ns2' }).call({}, 'who'))).excType).toBe('UnsupportedVersion');
  });
});

describe('method lookup', () => {
  class Callbacks {
    readonly target = new Target({ version: '1.0' });
    visible(): string {
      return this.hidden();
    }
    _private(): string {
      return 'private';
    }
    private hidden(): string {
      return 'via method';
    }
    notAMethod = 7;
  }

  it('calls class methods with the endpoint as this', async () => {
    await serve([new Callbacks()]);
    await expect(client().call({}, 'visible')).resolves.toBe('via method');
  });

  it('answers an unknown method with NoSuchMethod', async () => {
    await serve([new Callbacks()]);
    const error = await remoteFailure(client().call({}, 'nosuch'));
    expect(error.excType).toBe('NoSuchMethod');
    expect(error.value).toBe('Endpoint does not support RPC method nosuch');
    expect(error.kwargs).toMatchObject({ method: 'nosuch' });
  });

  it.each(['_private', 'notAMethod', 'target', 'constructor', 'toString', 'hasOwnProperty', '__proto__'])('refuses %s with NoSuchMethod', async (method) => {
    await serve([new Callbacks()]);
    expect((await remoteFailure(client().call({}, method))).excType).toBe('NoSuchMethod');
  });

  it('lets an access policy decide', async () => {
    await serve([{ a: () => 'a', b: () => 'b' }], { accessPolicy: { isAllowed: (_e, method) => method === 'a' } });
    await expect(client().call({}, 'a')).resolves.toBe('a');
    expect((await remoteFailure(client().call({}, 'b'))).excType).toBe('NoSuchMethod');
  });

  it('rebuilds NoSuchMethod and UnsupportedVersion locally when the transport allows them', async () => {
    transport = await transportFor(uniqueUrl(), {}, { allowedRemoteErrors: [NoSuchMethod, UnsupportedVersion] });
    server = new RpcServer(transport, new Target({ topic: 'q-test', server: 'host-a' }), [{ target: { version: '1.1' }, m: () => 1 }]);
    await server.start();
    const missing = await client()
      .call({}, 'nosuch')
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NoSuchMethod);
    expect(missing).toMatchObject({ code: 'NoSuchMethod', method: 'nosuch', message: 'Endpoint does not support RPC method nosuch' });
    const tooNew = await client({ version: '1.2' })
      .call({}, 'm')
      .catch((e: unknown) => e);
    expect(tooNew).toBeInstanceOf(UnsupportedVersion);
    expect(tooNew).toMatchObject({ code: 'UnsupportedVersion', version: '1.2', method: 'm' });
  });
});

describe('endpoint validation', () => {
  it('refuses a target that is not a Target', async () => {
    transport = await transportFor(uniqueUrl());
    const target = new Target({ topic: 't', server: 's' });
    expect(() => new RpcServer(transport, target, [{ target: 'nope' }])).toThrow(/'target' is reserved/);
    server = new RpcServer(transport, target, []);
  });
});
