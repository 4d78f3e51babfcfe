import { describe, expect, it } from 'vitest';
import { Config } from '../../src/config/config.js';
import { parseIni } from '../../src/config/ini-parser.js';
import { OptionRegistry } from '../../src/config/option-registry.js';
import { configuredServiceProviders, serviceProviderOptionGroups, ServiceProviderConfigError } from '../../src/api/service-providers.js';
import { request, startApi } from './api-harness.js';

function providers(text: string) {
  const registry = new OptionRegistry();
  registry.register(serviceProviderOptionGroups, 'net-server');
  return configuredServiceProviders(Config.resolve(registry, { env: {}, files: [parseIni(text, '/n.conf')] }));
}

describe('service-type: /v2.0/service-providers', () => {
  it('reads [service_providers] as neutron does, refusing what neutron refuses', () => {
    expect(
      providers(
        '[service_providers]\nservice_provider = L3_ROUTER_NAT:single_node:neutron.services.l3_router.service_providers.single_node.SingleNodeDriver:default\n' +
          'service_provider = L3_ROUTER_NAT:ha:neutron.services.l3_router.service_providers.ha.HaDriver\n',
      ),
    ).toEqual([
      { service_type: 'L3_ROUTER_NAT', name: 'single_node', default: true },
      { service_type: 'L3_ROUTER_NAT', name: 'ha', default: false },
    ]);
    expect(providers('')).toEqual([]);
    expect(() => providers('[service_providers]\nservice_provider = LOADBALANCER:only-two')).toThrow(ServiceProviderConfigError);
    expect(() => providers('[service_providers]\nservice_provider = VPN:a:d.D:sometimes')).toThrow(/its fourth field is "sometimes", not "default"/);
    expect(() => providers('[service_providers]\nservice_provider = VPN:a:d.D:default\nservice_provider = VPN:b:d.E:default')).toThrow(
      /another default provider/,
    );
    expect(() => providers('[service_providers]\nservice_provider = VPN:a:d.D\nservice_provider = VPN:a:d.E')).toThrow(/another provider named a/);
  });

  it('lists the providers, advertising service-type, with filters and fields', async () => {
    const running = await startApi({ config: { 'service_providers.service_provider': 'L3_ROUTER_NAT:single_node:some.Driver:default' } });
    try {
      const aliases = ((await request(running.url, 'GET', '/v2.0/extensions')).body.extensions as { alias: string }[]).map((extension) => extension.alias);
      expect(aliases).toContain('service-type');
      expect((await request(running.url, 'GET', '/v2.0/service-providers')).body).toEqual({
        service_providers: [{ service_type: 'L3_ROUTER_NAT', name: 'single_node', default: true }],
      });
      expect((await request(running.url, 'GET', '/v2.0/service-providers?service_type=VPN')).body).toEqual({ service_providers: [] });
      expect((await request(running.url, 'GET', '/v2.0/service-providers?default=true&fields=name')).body).toEqual({
        service_providers: [{ name: 'single_node' }],
      });
      expect((await request(running.url, 'POST', '/v2.0/service-providers', { body: {} })).status).toBe(405);
    } finally {
      await running.stop();
    }
  });
});
