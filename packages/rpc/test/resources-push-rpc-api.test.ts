import { Context, createLogger, silentLogger, type VersionedObjectPrimitive } from '@net-server/lib';
import { ResourcesPushRpcApi, Target, type Transport } from '@net-server/rpc';
import { afterEach, describe, expect, it } from 'vitest';
import { runCleanups, startServer, transportFor, uniqueUrl } from './helpers.js';

afterEach(runCleanups);

const helper = (id: string): VersionedObjectPrimitive => ({
  'versioned_object.name': 'ConntrackHelper',
  'versioned_object.namespace': 'versionedobjects',
  'versioned_object.version': '1.0',
  'versioned_object.data': { id },
});

describe('ResourcesPushRpcApi', () => {
  it("casts push on neutron-vo-<Resource>-<version> to every agent, with neutron's arguments; an empty list sends nothing", async () => {
    const transport = await transportFor(uniqueUrl());
    const heard: { agent: string; args: Record<string, unknown> }[] = [];
    for (const agent of ['agent-1', 'agent-2']) {
      // The agents' ResourcesPushRpcCallback: version 1.1, no namespace.
      const endpoint = { target: new Target({ version: '1.1' }), push: (_context: unknown, args: Record<string, unknown>) => void heard.push({ agent, args }) };
      await startServer(transport, new Target({ topic: 'neutron-vo-ConntrackHelper-1.0', server: agent, fanout: true }), [endpoint]);
    }
    const api = new ResourcesPushRpcApi(async () => transport, silentLogger, {
      resource: 'ConntrackHelper',
      version: '1.0',
      description: 'conntrack helpers to L3 agents',
    });
    await api.push(new Context({ isAdmin: true }), [], 'created');
    await api.push(new Context({ isAdmin: true }), [helper('h1')], 'created');
    await expect.poll(() => heard.length, { interval: 5 }).toBe(2);
    expect(heard.map(({ agent }) => agent).sort()).toEqual(['agent-1', 'agent-2']);
    expect(heard[0]!.args).toEqual({ resource_list: [helper('h1')], event_type: 'created' });
  });

  it('logs a push that fails (the change is committed) and builds the client again for the next one', async () => {
    const messages: string[] = [];
    const logger = createLogger({ sinks: [{ write: (entry) => void messages.push(entry.record.msg) }] });
    let attempts = 0;
    const transport = async (): Promise<Transport> => {
      attempts += 1;
      throw new Error('broker down');
    };
    const api = new ResourcesPushRpcApi(transport, logger, { resource: 'NDPProxy', version: '1.0', description: 'NDP proxies to L3 agents' });
    await api.push(new Context(), [helper('p1')], 'deleted');
    await api.push(new Context(), [helper('p2')], 'deleted');
    expect(attempts).toBe(2);
    expect(messages).toEqual(['Failed to push NDP proxies to L3 agents', 'Failed to push NDP proxies to L3 agents']);
  });
});
