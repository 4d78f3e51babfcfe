import type { Context, Filters, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import { rbacSharing, requireCoreCapabilities, ResourceStore, type PluginInit } from 'net-server';
import { ADDRESS_SCOPE, ADDRESS_SCOPE_SERVICE_TYPE, RBAC_ADDRESS_SCOPE } from '../api/definitions.js';
import type { AddressScopeRow } from '../db/schema.js';
import { ADDRESS_SCOPE_RBAC_TABLE, addressScopeRbac, addressScopeRbacHooks, poolTargetSeesScope } from './address-scope-rbac.js';
import { addressScopes } from './address-scopes.js';
import { extendNetworks } from './network-address-scopes.js';
import { checkPoolUpdateAllowed, scopeOf, validatePoolScope } from './subnetpool-scope-checks.js';

/**
 * The `address_scope` service plugin: neutron's AddressScopeDbMixin, which
 * neutron's core plugin inherits. Address scopes are kept with the
 * resource kit in the core plugin's transactions; subnet pools join a scope
 * through the core's `address_scope_id`, checked by subnet pool hooks in the
 * pool's transaction; networks show their subnets' scopes.
 */
export class AddressScopePlugin implements ServicePlugin {
  readonly pluginType = ADDRESS_SCOPE_SERVICE_TYPE;
  readonly pluginDescription = 'Address scopes: subnet pools whose prefixes are unique within a scope';
  readonly supportedExtensionAliases = [ADDRESS_SCOPE.alias, RBAC_ADDRESS_SCOPE.alias];
  readonly resources = ['address_scopes'];
  // The kit filters, sorts and pages the lists itself.
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly scopes: ResourceStore<AddressScopeRow>;

  constructor(init: PluginInit) {
    const core = requireCoreCapabilities(init.directory.corePlugin, 'address_scope', ['transactions', 'hooks', 'networkRbac']);
    const scopes = new ResourceStore(core.transactions, addressScopes);
    this.scopes = scopes;
    scopes.hooks.add(rbacSharing(ADDRESS_SCOPE_RBAC_TABLE));
    scopes.hooks.add(addressScopeRbacHooks);
    core.networkRbac.registerObjectType(addressScopeRbac());
    core.networkRbac.registerCreateCheck('subnetpool', poolTargetSeesScope);
    core.hooks.add('subnetpool', {
      precommitCreate: (session, _request, pool) => validatePoolScope(session, scopes, pool, false),
      precommitUpdate: async (session, _request, original, updated) => {
        await checkPoolUpdateAllowed(session, scopes, original);
        await validatePoolScope(session, scopes, updated, scopeOf(original) !== scopeOf(updated));
      },
    });
    core.hooks.add('network', { extendDicts: extendNetworks });
  }

  createAddressScope(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    return this.scopes.create(context, body);
  }

  createAddressScopeBulk(context: Context, bodies: readonly ResourceRequest[]): Promise<ResourceDict[]> {
    return this.scopes.createBulk(context, bodies);
  }

  updateAddressScope(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.scopes.update(context, id, body);
  }

  deleteAddressScope(context: Context, id: string): Promise<void> {
    return this.scopes.delete(context, id);
  }

  getAddressScope(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.scopes.get(context, id, fields);
  }

  getAddressScopes(context: Context, options?: ListOptions): Promise<ResourceDict[]> {
    return this.scopes.list(context, options);
  }

  getAddressScopesCount(context: Context, filters?: Filters): Promise<number> {
    return this.scopes.count(context, filters);
  }
}
