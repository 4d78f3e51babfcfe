import { silentLogger } from '@net-server/lib';
import { HaMaximumAgentsNumberNotValidError, HaNetworkCidrNotValidError } from '@net-server/l3';
import { verifyHaOptions } from '../src/config/ha-options.js';
import { buildIfStale, startServer } from '@net-server/testkit';
import { describe, expect, it } from 'vitest';
import { packageDir } from './helpers.js';

describe('l3-ha options, checked as neutron checks them at start', () => {
  it('takes a network CIDR and a non-negative agent count (0: every agent)', () => {
    expect(() => verifyHaOptions('169.254.192.0/18', 3)).not.toThrow();
    expect(() => verifyHaOptions('10.0.0.0/8', 0)).not.toThrow();
  });

  it('refuses a CIDR with host bits, without a prefix or not an address, naming the option', () => {
    for (const cidr of ['169.254.192.1/18', '169.254.192.0', 'not-a-cidr']) {
      expect(() => verifyHaOptions(cidr, 3)).toThrow(HaNetworkCidrNotValidError);
    }
    expect(() => verifyHaOptions('169.254.192.1/18', 3)).toThrow(
      "[DEFAULT] l3_ha_net_cidr: The HA Network CIDR specified in the configuration file isn't valid",
    );
  });

  it('refuses a negative max_l3_agents_per_router', () => {
    expect(() => verifyHaOptions('169.254.192.0/18', -1)).toThrow(HaMaximumAgentsNumberNotValidError);
  });

  it('keeps the server from starting with a wrong l3_ha_net_cidr', async () => {
    buildIfStale(packageDir);
    await expect(
      startServer({ root: packageDir, servicePlugins: ['router'], logger: silentLogger, config: { DEFAULT: { l3_ha_net_cidr: '169.254.192.1/18' } } }),
    ).rejects.toThrow('l3_ha_net_cidr');
  }, 240_000);
});
