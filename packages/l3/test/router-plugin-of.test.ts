import { PluginConfigError, pluginTypes, type PluginBase } from '@net-server/lib';
import { PluginDirectory } from 'net-server';
import { describe, expect, it } from 'vitest';
import { routerPluginIn, routerPluginOf, RouterPluginRequiredError } from '@net-server/l3';

function directoryWith(plugin?: object): PluginDirectory {
  const directory = new PluginDirectory();
  if (plugin) directory.add(pluginTypes.L3, plugin as PluginBase, 'router');
  return directory;
}

/** The parts of a router plugin other plugins check for, as a copy of @net-server/l3 would have them. */
const shaped = {
  routers: { hooks: { add: () => () => undefined } },
  getRouter: async () => ({}),
  routerSyncExtenders: new Set(),
};

describe('the router plugin a service plugin needs', () => {
  it('gives the loaded plugin, checked by shape rather than class', () => {
    const directory = directoryWith(shaped);
    expect(routerPluginOf(directory, 'conntrack_helper', ['routers', 'getRouter', 'routerSyncExtenders'])).toBe(shaped);
    expect(routerPluginIn(directory, ['routers', 'getRouter'])).toBe(shaped);
  });

  it('refuses a missing plugin, naming the plugin that needs it and what to do', () => {
    const refusal = (): unknown => routerPluginOf(directoryWith(), 'conntrack_helper', ['routers', 'getRouter']);
    expect(refusal).toThrow(RouterPluginRequiredError);
    expect(refusal).toThrow(
      '[DEFAULT] service_plugins: the conntrack_helper service plugin needs the router service plugin of @net-server/l3; none is loaded. ' +
        'Install @net-server/l3 and add `router` to service_plugins, or remove conntrack_helper from service_plugins',
    );
    expect(routerPluginIn(directoryWith(), ['getRouter'])).toBeUndefined();
  });

  it('refuses a plugin of the wrong shape, naming every part it lacks', () => {
    const directory = directoryWith({ routers: {}, getRouter: 'not a method', routerSyncExtenders: new Set() });
    let error: unknown;
    try {
      routerPluginOf(directory, 'ndp_proxy', ['routers', 'getRouter', 'routerSyncExtenders', 'floatingIps']);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RouterPluginRequiredError);
    expect(PluginConfigError.is(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ROUTER_PLUGIN_REQUIRED', servicePlugin: 'ndp_proxy', missing: ['routers', 'getRouter', 'floatingIps'] });
    expect((error as Error).message).toBe(
      '[DEFAULT] service_plugins: the ndp_proxy service plugin needs the router service plugin of @net-server/l3; ' +
        'the loaded one lacks routers (router hooks), getRouter(), floatingIps (floating IP hooks and routerFor()). ' +
        'Install a current @net-server/l3 and name its `router` in service_plugins, or remove ndp_proxy from service_plugins',
    );
    expect(routerPluginIn(directory, ['routerSyncExtenders'])).toBeDefined();
    expect(routerPluginIn(directory, ['routerSyncExtenders', 'getRouter'])).toBeUndefined();
  });
});
