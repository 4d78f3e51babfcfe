// The net_server.policies entry point: neutron's router, floating IP and L3 agent scheduler rules, and l3-flavors'.
import { l3FlavorsPolicies } from '../api/l3-flavors.js';
import { l3Policies } from '../api/policies.js';

export const policies = [...l3Policies, ...l3FlavorsPolicies];
