import { PluginConfigError, pluginTypes } from '@net-server/lib';
import type { PluginDirectory } from 'net-server';
import type { L3RouterPlugin } from './l3-router-plugin.js';

type Candidate = Partial<L3RouterPlugin>;

/**
 * The router plugin's parts other than methods that other plugins use,
 * each checked by what they call of it: by shape rather than class, as the
 * loaded plugin may come from another copy of this package.
 */
const properties = {
  routers: { present: (plugin: Candidate) => typeof plugin.routers?.hooks?.add === 'function', described: 'routers (router hooks)' },
  floatingIps: {
    present: (plugin: Candidate) => typeof plugin.floatingIps?.hooks?.add === 'function' && typeof plugin.floatingIps.routerFor === 'function',
    described: 'floatingIps (floating IP hooks and routerFor())',
  },
  routerSyncExtenders: {
    present: (plugin: Candidate) => plugin.routerSyncExtenders instanceof Set,
    described: "routerSyncExtenders (what L3 agents' router sync data carries)",
  },
  supportedExtensionAliases: {
    present: (plugin: Candidate) => Array.isArray(plugin.supportedExtensionAliases),
    described: 'supportedExtensionAliases',
  },
} as const;

type RouterPluginProperty = keyof typeof properties;
type RouterPluginMethod = { [K in keyof L3RouterPlugin]: L3RouterPlugin[K] extends (...args: never[]) => unknown ? K : never }[keyof L3RouterPlugin];

/** A part of the router plugin another plugin may need: one of its methods, or one of `properties`. */
export type RouterPluginPart = RouterPluginMethod | RouterPluginProperty;

function isProperty(part: RouterPluginPart): part is RouterPluginProperty {
  return Object.hasOwn(properties, part);
}

function described(part: RouterPluginPart): string {
  return isProperty(part) ? properties[part].described : `${part}()`;
}

function lacks(plugin: Candidate, needs: readonly RouterPluginPart[]): RouterPluginPart[] {
  return needs.filter((part) => !(isProperty(part) ? properties[part].present(plugin) : typeof plugin[part] === 'function'));
}

/**
 * A service plugin that needs the router plugin (service type
 * L3_ROUTER_NAT) of @net-server/l3 and finds none, or one without what it
 * uses: a configuration to change (service_plugins), reported as one.
 */
export class RouterPluginRequiredError extends PluginConfigError {
  override readonly code = 'ROUTER_PLUGIN_REQUIRED';

  constructor(
    readonly servicePlugin: string,
    /** What the loaded router plugin lacks; undefined when none is loaded. */
    readonly missing: readonly RouterPluginPart[] | undefined,
  ) {
    super(
      'DEFAULT',
      'service_plugins',
      `the ${servicePlugin} service plugin needs the router service plugin of @net-server/l3; ` +
        (missing === undefined
          ? 'none is loaded. Install @net-server/l3 and add `router` to service_plugins'
          : `the loaded one lacks ${missing.map(described).join(', ')}. Install a current @net-server/l3 and name its \`router\` in service_plugins`) +
        `, or remove ${servicePlugin} from service_plugins`,
    );
    this.name = 'RouterPluginRequiredError';
  }
}

/**
 * The loaded router plugin typed with the parts `needs` names, or
 * undefined when none is loaded or it lacks one: for a plugin to which
 * routers are optional (metering meters none without them).
 */
export function routerPluginIn<K extends RouterPluginPart>(directory: Pick<PluginDirectory, 'get'>, needs: readonly K[]): Pick<L3RouterPlugin, K> | undefined {
  const plugin = directory.get(pluginTypes.L3) as Candidate | undefined;
  return plugin !== undefined && lacks(plugin, needs).length === 0 ? (plugin as Pick<L3RouterPlugin, K>) : undefined;
}

/**
 * The loaded router plugin typed with the parts `servicePlugin` needs, as
 * neutron's plugins that require `router` take it from the directory, or
 * RouterPluginRequiredError naming every part it lacks.
 */
export function routerPluginOf<K extends RouterPluginPart>(
  directory: Pick<PluginDirectory, 'get'>,
  servicePlugin: string,
  needs: readonly K[],
): Pick<L3RouterPlugin, K> {
  const plugin = directory.get(pluginTypes.L3) as Candidate | undefined;
  if (plugin === undefined) throw new RouterPluginRequiredError(servicePlugin, undefined);
  const missing = lacks(plugin, needs);
  if (missing.length > 0) throw new RouterPluginRequiredError(servicePlugin, missing);
  return plugin as Pick<L3RouterPlugin, K>;
}
