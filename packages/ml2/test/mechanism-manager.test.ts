import { constants, getAdminContext, InvalidInput, type ResourceDict } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import {
  MechanismDriverError,
  MechanismManager,
  NetworkContext,
  PortContext,
  type Agent,
  type MechanismDriver,
  type NetworkSegment,
  type PortBinding,
} from '@net-server/ml2';
import { logger } from './helpers.js';

const context = getAdminContext();
const segment = (id: string, network_type = 'vxlan', physical_network: string | null = null): NetworkSegment => ({
  id,
  network_id: 'net',
  network_type,
  physical_network,
  segmentation_id: 7,
  is_dynamic: false,
  segment_index: 0,
});

function portContext(segments: NetworkSegment[], agents: Agent[] = [], vnicType = 'normal'): PortContext {
  const binding: PortBinding = { host: 'host1', vnic_type: vnicType, profile: {}, vif_type: 'unbound', vif_details: {}, status: 'ACTIVE' };
  return new PortContext({
    pluginContext: context,
    current: { id: 'port1', network_id: 'net', status: 'DOWN' },
    network: new NetworkContext(context, { id: 'net' }, segments),
    binding,
    hostAgents: async (type, host) => agents.filter((a) => a.agent_type === type && a.host === host),
  });
}

function manager(drivers: Record<string, MechanismDriver>): MechanismManager {
  return new MechanismManager(
    Object.entries(drivers).map(([name, obj]) => ({ name, obj })),
    logger,
  );
}

describe('MechanismManager.call', () => {
  const net = new NetworkContext(context, { id: 'n' } as ResourceDict, []);

  it('stops precommit at the first failing driver and passes a neutron error through', async () => {
    const called: string[] = [];
    const mm = manager({
      a: {
        createNetworkPrecommit: () => {
          called.push('a');
          throw new InvalidInput({ error_message: 'no' });
        },
      },
      b: {
        createNetworkPrecommit: () => {
          called.push('b');
        },
      },
    });
    await expect(mm.call('createNetworkPrecommit', net)).rejects.toBeInstanceOf(InvalidInput);
    expect(called).toEqual(['a']);
  });

  it('wraps other failures in MechanismDriverError naming the method', async () => {
    const mm = manager({
      a: {
        createNetworkPostcommit: () => {
          throw new Error('backend down');
        },
      },
    });
    const error = await mm.call('createNetworkPostcommit', net).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MechanismDriverError);
    expect((error as Error).message).toBe('create_network_postcommit failed.');
  });

  it('runs every driver on update and delete postcommit, then reports the failures', async () => {
    const called: string[] = [];
    const mm = manager({
      a: {
        deleteNetworkPostcommit: () => {
          called.push('a');
          throw new Error('x');
        },
      },
      b: {
        deleteNetworkPostcommit: () => {
          called.push('b');
          throw new Error('y');
        },
      },
      c: {
        deleteNetworkPostcommit: () => {
          called.push('c');
        },
      },
    });
    await expect(mm.call('deleteNetworkPostcommit', net)).rejects.toBeInstanceOf(MechanismDriverError);
    expect(called).toEqual(['a', 'b', 'c']);
  });
});

describe('MechanismManager.bindPort', () => {
  it('asks drivers in order until one binds, recording the level', async () => {
    const asked: string[] = [];
    const mm = manager({
      first: {
        bindPort: () => {
          asked.push('first');
        },
      },
      second: {
        bindPort: (c) => {
          asked.push('second');
          c.setBinding(c.segmentsToBind[1]!.id, 'ovs', { port_filter: true });
        },
      },
      third: {
        bindPort: () => {
          asked.push('third');
        },
      },
    });
    const port = portContext([segment('s1'), segment('s2')]);
    expect(await mm.bindPort(port)).toBe(true);
    expect(asked).toEqual(['first', 'second']);
    expect(port.bindingLevels).toEqual([{ level: 0, driver: 'second', segment_id: 's2' }]);
    expect(port.vifType).toBe('ovs');
    expect(port.bottomBoundSegment?.id).toBe('s2');
  });

  it('binds hierarchically and backs out of a level that cannot be completed', async () => {
    const lower = segment('dyn', 'vlan', 'physnet1');
    const mm = manager({
      dead_end: {
        bindPort: (c) => {
          if (c.segmentsToBind[0]?.id === 's1') c.continueBinding('s1', [segment('nowhere', 'gre')]);
        },
      },
      top: {
        bindPort: (c) => {
          if (c.segmentsToBind[0]?.id === 's1') c.continueBinding('s1', [lower]);
        },
      },
      bottom: {
        bindPort: (c) => {
          if (c.segmentsToBind[0]?.id === 'dyn') c.setBinding('dyn', 'bridge', {});
        },
      },
    });
    const port = portContext([segment('s1')]);
    expect(await mm.bindPort(port)).toBe(true);
    expect(port.bindingLevels).toEqual([
      { level: 0, driver: 'top', segment_id: 's1' },
      { level: 1, driver: 'bottom', segment_id: 'dyn' },
    ]);
  });

  it('marks the port binding_failed when no driver binds, even with a driver that keeps continuing', async () => {
    const mm = manager({
      looping: { bindPort: (c) => c.continueBinding(c.segmentsToBind[0]!.id, c.segmentsToBind) },
      broken: {
        bindPort: () => {
          throw new Error('crash');
        },
      },
    });
    const port = portContext([segment('s1')]);
    expect(await mm.bindPort(port)).toBe(false);
    expect(port.vifType).toBe(constants.VIF_TYPE_BINDING_FAILED);
    expect(port.bindingLevels).toEqual([]);
  });
});
