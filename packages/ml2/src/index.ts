// Configuration
export { ml2Options, flatOptions, vlanOptions, vxlanOptions, geneveOptions, greOptions, l2popOptions, ml2OptionGroups } from './config/options.js';

// Storage
export { migrations } from './db/migrations.js';
export type { Ml2Db, Ml2Tables } from './db/schema.js';
export { runInTransaction, ml2Db } from './db/transaction.js';
export { networkSegments } from './db/network-segments.js';

// Type drivers
export type { TypeDriver, TypeDriverInit, AllocationFilters } from './types/type-driver.js';
export { TypeManager, TYPE_DRIVERS_NAMESPACE } from './types/type-manager.js';
export { FlatTypeDriver } from './types/flat-type-driver.js';
export { VlanTypeDriver } from './types/vlan-type-driver.js';
export { TunnelTypeDriver, type TunnelTypeSpec } from './types/tunnel-type-driver.js';
export { VxlanTypeDriver } from './types/vxlan-type-driver.js';
export { GeneveTypeDriver } from './types/geneve-type-driver.js';
export { GreTypeDriver } from './types/gre-type-driver.js';
export { LocalTypeDriver } from './types/local-type-driver.js';
export { SegmentAllocations, type AllocationPool, type Allocation } from './types/segment-allocations.js';
export { MtuSettings } from './types/mtu.js';
export type { IdRange } from './types/ranges.js';
export {
  isRangedTypeDriver,
  tenantPools,
  type SegmentRange,
  type SegmentRangeSource,
  type ConfiguredRange,
  type RangedTypeDriver,
} from './types/segment-ranges.js';
export {
  type NetworkSegment,
  type SegmentSpec,
  PROVIDER_NETWORK_TYPE,
  PROVIDER_PHYSICAL_NETWORK,
  PROVIDER_SEGMENTATION_ID,
  PROVIDER_ATTRIBUTES,
  SEGMENTS,
} from './types/segment.js';
export type { DriverDiscovery } from './driver-loading.js';

// Errors
export { Ml2ConfigError, DriverNotFoundError, DriverLoadError, MechanismDriverError, ExtensionDriverError, DynamicSegmentsUnavailableError } from './errors.js';

// Mechanism drivers
export type { MechanismDriver, MechanismDriverInit, MechanismHook } from './mech/mechanism-driver.js';
export { MechanismManager, MECHANISM_DRIVERS_NAMESPACE, MAX_BINDING_LEVELS, type NamedMechanismDriver } from './mech/mechanism-manager.js';
export { NetworkContext } from './mech/network-context.js';
export { SubnetContext } from './mech/subnet-context.js';
export { PortContext, type PortContextOptions, type HostAgentsLookup, type DynamicSegments } from './mech/port-context.js';
export type { PortBinding, BindingLevel } from './mech/port-binding.js';
export { AgentMechanismDriver, type AgentDriverSpec } from './mech/agent-mechanism-driver.js';
export { LoggerDriver } from './mech/logger-driver.js';
export { OpenvswitchDriver } from './mech/openvswitch-driver.js';
export { LinuxbridgeDriver } from './mech/linuxbridge-driver.js';
export { L2populationDriver } from './mech/l2population-driver.js';
export type { NetworkTopology, ActivePort } from './mech/network-topology.js';

// Extension drivers
export type { ExtensionDriver, ExtensionDriverInit, ProcessHook, ExtendHook, DeleteHook } from './ext/extension-driver.js';
export { ExtensionManager, EXTENSION_DRIVERS_NAMESPACE, type NamedExtensionDriver } from './ext/extension-manager.js';
export { PortSecurityDriver } from './ext/port-security-driver.js';
export { DnsDriver } from './ext/dns-driver.js';

// Agents and RPC
export type { Agent, AgentState, AgentStatus } from './agents/agent.js';
export { AGENT_NEW, AGENT_ALIVE, AGENT_REVIVED } from './agents/agent.js';
export { AgentsDb, AgentNotFound } from './agents/agents-db.js';
export { RpcAgentNotifier, type AgentNotifier } from './rpc/agent-notifier.js';

// The plugin
export { Ml2Plugin, type Ml2PluginOptions, type Ml2Managers } from './plugin/ml2-plugin.js';
export { Ml2NetworkSegments } from './plugin/ml2-network-segments.js';
export { ml2View } from './db/ml2-view.js';
export { portBindings, unboundBinding } from './db/port-bindings.js';
export { PortBindingsService, type PortBindingsDeps, type PortBindingDict, type PortBindingRequest } from './plugin/port-bindings-service.js';
export { BINDING_EXTENDED } from './api/port-bindings-extension.js';

// Security groups
export { SECURITY_GROUP } from './api/security-group-extension.js';
export { STATEFUL_SECURITY_GROUP } from './api/stateful-security-group-extension.js';
export { DNS_INTEGRATION } from './api/dns-integration-extension.js';
export { SecurityGroupService } from './sg/security-group-service.js';
export { securityGroupsDb } from './sg/security-groups-db.js';
export {
  SecurityGroupNotFound,
  SecurityGroupRuleNotFound,
  SecurityGroupInUse,
  SecurityGroupCannotRemoveDefault,
  SecurityGroupCannotUpdateDefault,
  SecurityGroupDefaultAlreadyExists,
  SecurityGroupRuleExists,
  SecurityGroupMultipleRemoteEntites,
  SecurityGroupInvalidPortRange,
  SecurityGroupInvalidPortValue,
  SecurityGroupInvalidProtocolForPort,
  SecurityGroupInvalidIcmpValue,
  SecurityGroupMissingIcmpType,
  SecurityGroupEthertypeConflictWithProtocol,
  SecurityGroupProtocolRequiredWithPorts,
  SecurityGroupRuleInvalidProtocol,
  SecurityGroupRuleInvalidEtherType,
  SecurityGroupRuleParameterConflict,
  PortSecurityAndIPRequiredForSecurityGroups,
  PortSecurityPortHasSecurityGroup,
  SecurityGroupConflict,
} from './sg/security-group-errors.js';
