import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_REMOTE_MODULE,
  RemoteError,
  RpcClient,
  RpcServer,
  Target,
  fromRemoteFailure,
  toRemoteFailure,
  type RemoteErrorClass,
  type RemoteFailure,
  type Transport,
} from '@net-server/rpc';
import { transportFor, uniqueUrl } from './helpers.js';

class PortNotFound extends Error {
  static readonly remoteModule = 'neutron_lib.exceptions';
  readonly port_id: string;
  constructor(portId: string) {
    super(`Port ${portId} could not be found.`);
    this.name = 'PortNotFound';
    this.port_id = portId;
  }
}

class QuotaExceeded extends Error {
  static readonly remoteClass = 'OverQuota';
  readonly overs: string[];
  constructor(overs: string[]) {
    super(`Quota exceeded for resources: ${overs.join(', ')}.`);
    this.overs = overs;
  }
}

class Rebuilt extends Error {
  static readonly remoteClass = 'Custom';
  static fromRemoteFailure(failure: RemoteFailure): Error {
    return new Rebuilt(`rebuilt: ${failure.message} ${JSON.stringify(failure.kwargs)}`);
  }
}

class Custom extends Error {
  readonly detail = { a: 1 };
}

const endpoint = {
  expectedErrors: [PortNotFound],
  missingPort: (_ctx: unknown, args: Record<string, unknown>) => {
    throw new PortNotFound(String(args['id']));
  },
  overQuota: async () => {
    throw new QuotaExceeded(['port', 'network']);
  },
  typeError: () => {
    throw new TypeError('bad type');
  },
  custom: () => {
    throw new Custom('custom failure');
  },
  notAnError: () => {
    throw 'a string';
  },
};

let transports: Transport[] = [];
let server: RpcServer;

async function clientWith(allowed: RemoteErrorClass[] = []): Promise<RpcClient> {
  const url = uniqueUrl();
  const serverSide = await transportFor(url);
  const clientSide = await transportFor(url, {}, { allowedRemoteErrors: allowed });
  transports.push(serverSide, clientSide);
  server = new RpcServer(serverSide, new Target({ topic: 'errors', server: 'h' }), [endpoint]);
  await server.start();
  return new RpcClient(clientSide, new Target({ topic: 'errors' }), { timeoutMs: 5000 });
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error,
  );
}

beforeEach(() => {
  transports = [];
});

afterEach(async () => {
  await server.stop();
  await server.wait();
  for (const transport of transports) await transport.cleanup();
});

describe('remote errors', () => {
  it('sends an expected error without traceback, with its class, module and fields', async () => {
    const client = await clientWith();
    const error = (await failure(client.call({}, 'missingPort', { id: 'p1' }))) as RemoteError;
    expect(error).toBeInstanceOf(RemoteError);
    expect(error).toMatchObject({
      code: 'RemoteError',
      excType: 'PortNotFound',
      excModule: 'neutron_lib.exceptions',
      value: 'Port p1 could not be found.',
      traceback: [],
      kwargs: { port_id: 'p1' },
    });
    expect(error.message).toBe('Remote error: PortNotFound Port p1 could not be found.');
  });

  it('sends an unexpected error with its traceback', async () => {
    const client = await clientWith();
    const error = (await failure(client.call({}, 'typeError'))) as RemoteError;
    expect(error).toMatchObject({ excType: 'TypeError', excModule: 'builtins', value: 'bad type' });
    expect(error.traceback.length).toBeGreaterThan(1);
    expect(error.traceback[0]).toBe('TypeError: bad type\n');
    expect(error.message).toContain('Remote error: TypeError bad type\nTypeError: bad type\n');
  });

  it('uses a static remoteClass and the default module, and async failures travel the same', async () => {
    const client = await clientWith();
    const error = (await failure(client.call({}, 'overQuota'))) as RemoteError;
    expect(error).toMatchObject({ excType: 'OverQuota', excModule: DEFAULT_REMOTE_MODULE, kwargs: { overs: ['port', 'network'] } });
    expect(error.traceback.length).toBeGreaterThan(0);
  });

  it('turns a thrown non-error into a failure', async () => {
    const client = await clientWith();
    expect(await failure(client.call({}, 'notAnError'))).toMatchObject({ excType: 'Error', value: 'a string' });
  });

  it('rebuilds allowed classes locally, with message and fields, and leaves others RemoteError', async () => {
    const client = await clientWith([PortNotFound, QuotaExceeded]);
    const port = await failure(client.call({}, 'missingPort', { id: 'p9' }));
    expect(port).toBeInstanceOf(PortNotFound);
    expect(port).toMatchObject({ name: 'PortNotFound', message: 'Port p9 could not be found.', port_id: 'p9' });
    const quota = await failure(client.call({}, 'overQuota'));
    expect(quota).toBeInstanceOf(QuotaExceeded);
    expect(quota).toMatchObject({ overs: ['port', 'network'] });
    expect(await failure(client.call({}, 'typeError'))).toBeInstanceOf(RemoteError);
  });

  it('uses a class-provided fromRemoteFailure', async () => {
    const client = await clientWith([Rebuilt]);
    const error = await failure(client.call({}, 'custom'));
    expect(error).toBeInstanceOf(Rebuilt);
    expect((error as Error).message).toBe('rebuilt: custom failure {"detail":{"a":1}}');
  });
});

describe('failure conversion', () => {
  it('does not rebuild a class whose declared module differs from the remote one', () => {
    const remote: RemoteFailure = { class: 'PortNotFound', module: 'other.module', message: 'm', tb: [], args: ['m'], kwargs: {} };
    expect(fromRemoteFailure(remote, [PortNotFound])).toBeInstanceOf(RemoteError);
    expect(fromRemoteFailure({ ...remote, module: 'neutron_lib.exceptions' }, [PortNotFound])).toBeInstanceOf(PortNotFound);
  });

  it('describes an error as oslo does: args [message], fields as kwargs, stack as tb', () => {
    const failure = toRemoteFailure(new PortNotFound('p2'), false);
    expect(failure).toMatchObject({
      class: 'PortNotFound',
      module: 'neutron_lib.exceptions',
      message: 'Port p2 could not be found.',
      args: ['Port p2 could not be found.'],
      kwargs: { port_id: 'p2' },
    });
    expect(failure.tb.every((line) => line.endsWith('\n'))).toBe(true);
    const withInstanceClass = Object.assign(new Error('x'), { remoteClass: 'Conflict', remoteModule: 'neutron_lib.exceptions' });
    expect(toRemoteFailure(withInstanceClass, false)).toMatchObject({ class: 'Conflict', module: 'neutron_lib.exceptions', kwargs: {} });
    expect(toRemoteFailure(new PortNotFound('p2'), true).tb).toEqual([]);
  });
});
