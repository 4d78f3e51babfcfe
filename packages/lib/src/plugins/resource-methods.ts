import type { Context } from './context.js';
import type { Filters, ListOptions } from './list-options.js';
import type { ResourceRequest } from './resources.js';

/**
 * The five operations a plugin implements for each resource it serves, named
 * as neutron's plugin methods in camelCase: for member "network" and
 * collection "networks", `createNetwork`, `updateNetwork`, `deleteNetwork`,
 * `getNetwork`, `getNetworks`, `getNetworksCount`. The API layer finds them
 * by name (see `pluginMethodNames`), so service plugins follow the same
 * scheme for their own resources (`createRouter`, `getFloatingips`, ...).
 */
export type ResourceMethods<Member extends string, Collection extends string, Resource> = {
  [K in `create${Member}`]: (context: Context, resource: ResourceRequest) => Promise<Resource>;
} & {
  [K in `update${Member}`]: (context: Context, id: string, resource: ResourceRequest) => Promise<Resource>;
} & {
  [K in `delete${Member}`]: (context: Context, id: string) => Promise<void>;
} & {
  [K in `get${Member}`]: (context: Context, id: string, fields?: readonly string[]) => Promise<Resource>;
} & {
  [K in `get${Collection}`]: (context: Context, options?: ListOptions) => Promise<Resource[]>;
} & {
  [K in `get${Collection}Count`]: (context: Context, filters?: Filters) => Promise<number>;
};

export interface PluginMethodNames {
  create: string;
  update: string;
  delete: string;
  get: string;
  list: string;
  count: string;
}

/**
 * Method names for a resource given neutron's snake_case member and
 * collection names: ("security_group", "security_groups") ->
 * createSecurityGroup, ..., getSecurityGroupsCount.
 */
export function pluginMethodNames(member: string, collection: string): PluginMethodNames {
  const one = pascal(member);
  const many = pascal(collection);
  return {
    create: `create${one}`,
    update: `update${one}`,
    delete: `delete${one}`,
    get: `get${one}`,
    list: `get${many}`,
    count: `get${many}Count`,
  };
}

function pascal(name: string): string {
  return name
    .split(/[_-]/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}
