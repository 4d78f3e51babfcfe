/**
 * RPC topics between the server and agents (neutron_lib.agent.topics).
 * Notifications go out on `q-agent-notifier-<resource>-<operation>` fanout
 * topics built by `getTopicName`.
 */
export const NETWORK = 'network';
export const SUBNET = 'subnet';
export const PORT = 'port';
export const PORT_BINDING = 'binding';
export const SECURITY_GROUP = 'security_group';
export const L2POPULATION = 'l2population';
export const DVR = 'dvr';
export const RESOURCES = 'resources';

export const CREATE = 'create';
export const DELETE = 'delete';
export const UPDATE = 'update';
export const ACTIVATE = 'activate';
export const DEACTIVATE = 'deactivate';

export const AGENT = 'q-agent-notifier';
export const PLUGIN = 'q-plugin';
export const SERVER_RESOURCE_VERSIONS = 'q-server-resource-versions';
export const L3PLUGIN = 'q-l3-plugin';
export const REPORTS = 'q-reports-plugin';
// Misspelt in neutron; agents listen on exactly this name.
export const DHCP = 'q-dhcp-notifer';
export const METERING_PLUGIN = 'q-metering-plugin';

export const L3_AGENT = 'l3_agent';
export const DHCP_AGENT = 'dhcp_agent';
export const METERING_AGENT = 'metering_agent';

/** "q-agent-notifier-port-update", or with a host "...-update.host1". */
export function getTopicName(prefix: string, table: string, operation: string, host?: string): string {
  const topic = `${prefix}-${table}-${operation}`;
  return host ? `${topic}.${host}` : topic;
}

/** The topic that versioned-object push notifications use for a resource type. */
export function resourceTopicName(resourceType: string, version: string): string {
  return `neutron-vo-${resourceType}-${version}`;
}
