import { addressGroupType } from './address-group-type.js';
import type { DictLoader } from './dict-loader.js';
import { networkType } from './network-type.js';
import type { ObjectType } from './object-type.js';
import { portType } from './port-type.js';
import { securityGroupRuleType } from './security-group-rule-type.js';
import { securityGroupType } from './security-group-type.js';
import { subnetType } from './subnet-type.js';

/** The types ML2 pushes to agents when they change (neutron's ovo_rpc: its resource_objclass_map). */
export type PushedType = 'Port' | 'Network' | 'Subnet' | 'SecurityGroup' | 'SecurityGroupRule' | 'AddressGroup';

/** The object types ML2 serves: what neutron Zed's CacheBackedPluginApi (the L2 agents') keeps in its cache. */
export type Ml2ObjectTypes = Record<PushedType, ObjectType>;

export function ml2ObjectTypes(loadDicts: DictLoader): Ml2ObjectTypes {
  return {
    Port: portType(loadDicts),
    Network: networkType(loadDicts),
    Subnet: subnetType(loadDicts),
    SecurityGroup: securityGroupType,
    SecurityGroupRule: securityGroupRuleType,
    AddressGroup: addressGroupType,
  };
}
