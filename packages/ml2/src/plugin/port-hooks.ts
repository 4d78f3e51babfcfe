import { constants, isAttrSpecified, PortBound, topics, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import type { AgentsDb } from '../agents/agents-db.js';
import { networkSegments } from '../db/network-segments.js';
import { ml2View } from '../db/ml2-view.js';
import { portBindings, unboundBinding } from '../db/port-bindings.js';
import { DHCP_ENTITY, provisioningBlocks } from '../db/provisioning-blocks.js';
import type { Ml2Db } from '../db/schema.js';
import { NetworkContext } from '../mech/network-context.js';
import type { BindingLevel, PortBinding } from '../mech/port-binding.js';
import { PortContext, type DynamicSegments } from '../mech/port-context.js';
import { PortSecurityAndIPRequiredForSecurityGroups, PortSecurityPortHasSecurityGroup, SecurityGroupConflict } from '../sg/security-group-errors.js';
import { securityGroupsDb } from '../sg/security-groups-db.js';
import { dhcpAgentBindings } from '../dhcp/dhcp-agent-bindings.js';
import { resetDirectPhysicalMac } from './direct-physical-mac.js';
import { notifyAgents, type Ml2Services } from './ml2-services.js';
import type { NetworkLoader } from './subnet-hooks.js';

/** neutron's NO_PBLOCKS_TYPES: the owners whose ports never wait for a DHCP agent. */
const NO_PROVISIONING_BLOCK_OWNERS = new Set([
  '',
  constants.DEVICE_OWNER_DVR_INTERFACE,
  constants.DEVICE_OWNER_HA_REPLICATED_INT,
  constants.DEVICE_OWNER_ROUTER_INTF,
  constants.DEVICE_OWNER_ROUTER_GW,
  constants.DEVICE_OWNER_ROUTER_SNAT,
  constants.DEVICE_OWNER_DHCP,
  constants.DEVICE_OWNER_AGENT_GW,
  constants.DEVICE_OWNER_ROUTER_HA_INTF,
  constants.DEVICE_OWNER_FLOATINGIP,
]);

const UNPLUGGED_VIF_TYPES: ReadonlySet<string> = new Set(constants.VIF_UNPLUGGED_TYPES);

function requested(request: ResourceRequest, key: string): unknown {
  const value = request[key];
  return value === undefined || !isAttrSpecified(value) ? undefined : value;
}

function asProfile(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Sets the portbindings extension's attributes on a port dict. */
export function applyBinding(port: ResourceDict, binding: PortBinding): void {
  port[constants.HOST_ID] = binding.host;
  port[constants.VNIC_TYPE] = binding.vnic_type;
  port[constants.PROFILE] = binding.profile;
  port[constants.VIF_TYPE] = binding.vif_type;
  port[constants.VIF_DETAILS] = binding.vif_details;
}

/** Builds the PortContext of a port inside a session. */
export async function makePortContext(
  db: Ml2Db,
  context: Context,
  agents: AgentsDb,
  network: ResourceDict,
  port: ResourceDict,
  binding: PortBinding,
  levels: readonly BindingLevel[],
  original?: { port: ResourceDict; binding: PortBinding; levels: readonly BindingLevel[] },
  dynamicSegments?: DynamicSegments,
): Promise<PortContext> {
  const segments = await networkSegments.forNetwork(db, String(port['network_id']), true);
  return portContextOf(db, context, agents, new NetworkContext(context, network, segments), port, binding, levels, original, dynamicSegments);
}

/** A PortContext from what the caller already read (makePortContext reads the network's segments first). */
export function portContextOf(
  db: Ml2Db,
  context: Context,
  agents: AgentsDb,
  network: NetworkContext,
  port: ResourceDict,
  binding: PortBinding,
  levels: readonly BindingLevel[],
  original?: { port: ResourceDict; binding: PortBinding; levels: readonly BindingLevel[] },
  dynamicSegments?: DynamicSegments,
): PortContext {
  return new PortContext({
    pluginContext: context,
    current: port,
    network,
    binding,
    bindingLevels: levels,
    ...(original ? { original: original.port, originalBinding: original.binding, originalBindingLevels: original.levels } : {}),
    hostAgents: (agentType, host) => agents.hostAgents(db, agentType, host),
    ...(dynamicSegments ? { dynamicSegments } : {}),
  });
}

/**
 * ML2's part in a port's life: ports start DOWN, the binding is stored and
 * (re)set when its host, vnic type or profile change, extension and
 * mechanism drivers run, the port is bound after the commit, agents are told
 * of updates and deletions.
 */
export class PortHooks implements ResourceHooks {
  readonly #contexts = new WeakMap<ResourceDict, PortContext>();
  // Status changes come from agents; neutron does not tell agents about them again.
  readonly #statusOnly = new WeakSet<ResourceDict>();
  // Security groups whose membership a change touched, told to agents after the commit.
  readonly #touchedGroups = new WeakMap<ResourceDict, string[]>();

  constructor(
    private readonly services: Ml2Services,
    private readonly loadNetwork: NetworkLoader,
  ) {}

  async precommitCreate(session: Session, request: ResourceRequest, port: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const id = String(port['id']);
    await session.db.updateTable('ports').set({ status: constants.PORT_STATUS_DOWN }).where('id', '=', id).execute();
    port['status'] = constants.PORT_STATUS_DOWN;
    const binding = unboundBinding(
      String(requested(request, constants.HOST_ID) ?? ''),
      String(requested(request, constants.VNIC_TYPE) ?? constants.VNIC_NORMAL),
      asProfile(requested(request, constants.PROFILE)),
    );
    await portBindings.put(db, id, binding);
    applyBinding(port, binding);
    await this.services.extensions.process('processCreatePort', db, session.context, request, port);
    const groups = (await this.securityGroupsFor(db, session.context, request, port, undefined)) ?? [];
    await securityGroupsDb.setForPort(db, id, groups);
    port['security_groups'] = groups;
    this.#touchedGroups.set(port, groups);
    await this.setupDhcpProvisioning(session, db, port);
    const network = await this.loadNetwork(session, String(port['network_id']));
    const context = await makePortContext(db, session.context, this.services.agents, network, port, binding, []);
    this.#contexts.set(port, context);
    await this.services.mechanisms.call('createPortPrecommit', context);
  }

  async postcommitCreate(context: Context, port: ResourceDict): Promise<void> {
    try {
      await this.services.mechanisms.call('createPortPostcommit', this.#contexts.get(port)!);
    } catch (error) {
      this.services.logger.error('mechanism_manager.create_port_postcommit failed, deleting port', { port: port['id'] });
      await this.services.deleteAfterFailedCreate('port', context, String(port['id']));
      throw error;
    }
    await this.services.securityGroups.memberUpdated(context, this.#touchedGroups.get(port) ?? []);
    await this.services.bindPortIfNeeded(context, port);
  }

  async precommitUpdate(session: Session, request: ResourceRequest, original: ResourceDict, updated: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const id = String(updated['id']);
    if (Object.keys(request).every((key) => key === 'status')) this.#statusOnly.add(updated);
    const originalBinding = (await portBindings.get(db, id)) ?? unboundBinding();
    // neutron's _check_mac_update_allowed: a bound port keeps its MAC (the update is rolled back with this transaction).
    if (updated['mac_address'] !== original['mac_address'] && !UNPLUGGED_VIF_TYPES.has(originalBinding.vif_type)) {
      throw new PortBound({ port_id: id, vif_type: originalBinding.vif_type, old_mac: original['mac_address'], new_mac: updated['mac_address'] });
    }
    const originalLevels = await portBindings.levels(db, id);
    const host = requested(request, constants.HOST_ID);
    const vnicType = requested(request, constants.VNIC_TYPE);
    const profile = requested(request, constants.PROFILE);
    const next = {
      host: host === undefined ? originalBinding.host : String(host ?? ''),
      vnic: vnicType === undefined ? originalBinding.vnic_type : String(vnicType),
      profile: profile === undefined ? originalBinding.profile : asProfile(profile),
    };
    const rebind =
      next.host !== originalBinding.host || next.vnic !== originalBinding.vnic_type || JSON.stringify(next.profile) !== JSON.stringify(originalBinding.profile);
    const binding = rebind ? unboundBinding(next.host, next.vnic, next.profile) : { ...originalBinding };
    let levels = originalLevels;
    if (rebind) {
      await portBindings.put(db, id, binding);
      await portBindings.putLevels(db, id, binding.host, []);
      levels = [];
    }
    await resetDirectPhysicalMac(session, binding, original, updated, this.services.baseMac);
    applyBinding(updated, binding);
    applyBinding(original, originalBinding);
    // The base plugin's dict lacks extension attributes the request left alone; drivers after port-security read it.
    updated['port_security_enabled'] ??= original['port_security_enabled'];
    await this.services.extensions.process('processUpdatePort', db, session.context, request, updated);
    const current = (await securityGroupsDb.forPorts(db, [id])).get(id) ?? [];
    const groups = await this.securityGroupsFor(db, session.context, request, updated, current);
    if (groups !== undefined) {
      await securityGroupsDb.setForPort(db, id, groups);
      this.#touchedGroups.set(updated, [...current, ...groups]);
    } else if (
      JSON.stringify(original['fixed_ips']) !== JSON.stringify(updated['fixed_ips']) ||
      JSON.stringify(original['allowed_address_pairs']) !== JSON.stringify(updated['allowed_address_pairs'])
    ) {
      // Its groups' members now have other addresses (neutron's check_and_notify_security_group_member_changed, address pairs included).
      this.#touchedGroups.set(updated, current);
    }
    updated['security_groups'] = groups ?? current;
    original['security_groups'] = current;
    if (requested(request, 'fixed_ips') !== undefined) await this.setupDhcpProvisioning(session, db, updated);
    const network = await this.loadNetwork(session, String(updated['network_id']));
    const context = await makePortContext(db, session.context, this.services.agents, network, updated, binding, levels, {
      port: original,
      binding: originalBinding,
      levels: originalLevels,
    });
    this.#contexts.set(updated, context);
    await this.services.mechanisms.call('updatePortPrecommit', context);
  }

  async postcommitUpdate(context: Context, _original: ResourceDict, updated: ResourceDict): Promise<void> {
    const portContext = this.#contexts.get(updated)!;
    await this.services.mechanisms.call('updatePortPostcommit', portContext);
    await this.services.securityGroups.memberUpdated(context, this.#touchedGroups.get(updated) ?? []);
    // As neutron, agents hear of the port once it is bound, with the segment it is bound to.
    const segment = (await this.services.bindPortIfNeeded(context, updated)) ?? portContext.bottomBoundSegment;
    if (this.#statusOnly.has(updated)) return;
    await notifyAgents(
      this.services,
      () =>
        this.services.notifier.fanout(context, topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE), 'port_update', {
          port: updated,
          network_type: segment?.network_type ?? null,
          segmentation_id: segment?.segmentation_id ?? null,
          physical_network: segment?.physical_network ?? null,
        }),
      'a port update',
    );
  }

  async precommitDelete(session: Session, port: ResourceDict): Promise<void> {
    const db = ml2View(session.db);
    const id = String(port['id']);
    const binding = (await portBindings.get(db, id)) ?? unboundBinding();
    const levels = await portBindings.levels(db, id);
    const network = await this.loadNetwork(session, String(port['network_id']));
    const context = await makePortContext(db, session.context, this.services.agents, network, port, binding, levels);
    this.#contexts.set(port, context);
    await this.services.mechanisms.call('deletePortPrecommit', context);
    await this.services.extensions.processDelete('processDeletePort', db, session.context, port);
    this.#touchedGroups.set(port, (await securityGroupsDb.forPorts(db, [id])).get(id) ?? []);
    await securityGroupsDb.setForPort(db, id, []);
    await portBindings.delete(db, id);
    await provisioningBlocks.removeAll(db, id);
  }

  async postcommitDelete(context: Context, port: ResourceDict): Promise<void> {
    await notifyAgents(
      this.services,
      () => this.services.notifier.fanout(context, topics.getTopicName(topics.AGENT, topics.PORT, topics.DELETE), 'port_delete', { port_id: port['id'] }),
      'a port deletion',
    );
    await this.services.securityGroups.memberUpdated(context, this.#touchedGroups.get(port) ?? []);
    try {
      await this.services.mechanisms.call('deletePortPostcommit', this.#contexts.get(port)!);
    } catch (error) {
      this.services.logger.error('mechanism_manager.delete_port_postcommit failed', { port: port['id'], error });
    }
  }

  /**
   * neutron's _setup_dhcp_agent_provisioning_component: a port with an
   * address on a DHCP-enabled subnet of a network some DHCP agent hosts
   * waits for that agent (dhcp_ready_on_ports) before going ACTIVE. The
   * network's service ports and ports without an owner do not wait
   * (neutron's NO_PBLOCKS_TYPES).
   */
  private async setupDhcpProvisioning(session: Session, db: Ml2Db, port: ResourceDict): Promise<void> {
    const id = String(port['id']);
    if (NO_PROVISIONING_BLOCK_OWNERS.has(String(port['device_owner'] ?? ''))) return;
    const subnetIds = (Array.isArray(port['fixed_ips']) ? (port['fixed_ips'] as { subnet_id: string }[]) : []).map((ip) => ip.subnet_id);
    const subnets = subnetIds.length === 0 ? [] : await session.db.selectFrom('subnets').select(['id', 'enable_dhcp']).where('id', 'in', subnetIds).execute();
    const dhcpServed = subnets.some((subnet) => Boolean(subnet.enable_dhcp)) && (await dhcpAgentBindings.isHosted(db, String(port['network_id'])));
    if (dhcpServed) await provisioningBlocks.add(db, id, DHCP_ENTITY);
    else await provisioningBlocks.remove(db, id, DHCP_ENTITY);
  }

  /**
   * The groups a port gets (neutron's _get_security_groups_on_port): those
   * asked for, else on create the project's default group for ports with
   * port security that the network does not own; undefined: unchanged.
   */
  private async securityGroupsFor(
    db: Ml2Db,
    context: Context,
    request: ResourceRequest,
    port: ResourceDict,
    current: readonly string[] | undefined,
  ): Promise<string[] | undefined> {
    const asked = requested(request, 'security_groups');
    const secure = port['port_security_enabled'] !== false;
    if (Array.isArray(asked)) {
      const ids = asked.map(String);
      if (!secure && ids.length > 0) throw new PortSecurityAndIPRequiredForSecurityGroups({});
      const stateful = new Set<boolean>();
      for (const groupId of ids) stateful.add(Boolean((await securityGroupsDb.find(db, context, groupId)).stateful));
      // neutron's _validate_sgs_for_port: a port's groups are all stateful or all stateless.
      if (stateful.size > 1) {
        throw new SecurityGroupConflict({ reason: 'Cannot apply both stateful and stateless security groups on the same port at the same time' });
      }
      return ids;
    }
    if (current === undefined) {
      if (!secure || String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_NETWORK_PREFIX)) return [];
      return [await securityGroupsDb.ensureDefault(db, String(port['project_id']))];
    }
    if (!secure && current.length > 0) throw new PortSecurityPortHasSecurityGroup({});
    return undefined;
  }

  async extendDicts(session: Session, ports: ResourceDict[]): Promise<void> {
    const db = ml2View(session.db);
    const bindings = await portBindings.forPorts(
      db,
      ports.map((p) => String(p['id'])),
    );
    const groups = await securityGroupsDb.forPorts(
      db,
      ports.map((p) => String(p['id'])),
    );
    for (const port of ports) {
      applyBinding(port, bindings.get(String(port['id'])) ?? unboundBinding());
      port['security_groups'] = groups.get(String(port['id'])) ?? [];
    }
    await this.services.extensions.extend('extendPortDicts', db, ports);
  }
}
