import { ATTR_NOT_SPECIFIED, type ExtensionDescriptor } from '@net-server/lib';
import type { PolicyRuleDefault } from 'net-server';

/** neutron_lib.api.definitions.l3_flavors: a router's `flavor_id`, set on create only; served when the flavors plugin is loaded. */
export const L3_FLAVORS: ExtensionDescriptor = {
  alias: 'l3-flavors',
  name: 'Router Flavor Extension',
  description: 'Flavor support for routers.',
  updated: '2016-05-17T00:00:00-00:00',
  resourceAttributeMap: {
    routers: { flavor_id: { allowPost: true, allowPut: false, default: ATTR_NOT_SPECIFIED, isSort: true, isVisible: true, enforcePolicy: true } },
  },
  requiredExtensions: ['flavors', 'router'],
  optionalExtensions: [],
};

/*
 * neutron defines no create_router:flavor_id rule, so oslo.policy checks
 * its `default` rule (admin or owner) when a body gives flavor_id; named
 * here so that the server knows it.
 */
export const l3FlavorsPolicies: readonly PolicyRuleDefault[] = [{ name: 'create_router:flavor_id', check: 'rule:admin_or_owner' }];
