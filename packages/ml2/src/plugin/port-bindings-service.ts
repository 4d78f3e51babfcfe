import {
  BadRequest,
  constants,
  PortBindingAlreadyActive,
  PortBindingAlreadyExists,
  PortBindingError,
  PortBindingNotFound,
  PortNotFound,
  topics,
  type Context,
  type Logger,
  type ResourceDict,
} from '@net-server/lib';
import type { Session, TransactionRunner } from 'net-server';
import type { AgentsDb } from '../agents/agents-db.js';
import { ml2View } from '../db/ml2-view.js';
import { portBindings, unboundBinding } from '../db/port-bindings.js';
import { L2_AGENT_ENTITY, provisioningBlocks } from '../db/provisioning-blocks.js';
import type { MechanismManager } from '../mech/mechanism-manager.js';
import type { PortBinding } from '../mech/port-binding.js';
import type { DynamicSegments } from '../mech/port-context.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import { commitDirectPhysicalMac } from './direct-physical-mac.js';
import { applyBinding, makePortContext } from './port-hooks.js';

/** What the binding-extended API needs from the plugin. */
export interface PortBindingsDeps {
  transactions: TransactionRunner;
  loadPorts(session: Session, ids: readonly string[]): Promise<ResourceDict[]>;
  loadNetwork(session: Session, id: string): Promise<ResourceDict>;
  mechanisms: MechanismManager;
  agents: AgentsDb;
  dynamicSegments(context: Context): DynamicSegments;
  notifier(): AgentNotifier;
  /** Tells the agents' caches that the ports changed (neutron's ovo_rpc push). */
  portsChanged(context: Context, ids: readonly string[]): Promise<void>;
  logger: Logger;
  /** `base_mac`, on which a direct-physical port without a device MAC gets a new one (port-mac-override). */
  baseMac: string;
}

/** What the API shows of a binding (neutron's _make_port_binding_dict). */
export type PortBindingDict = Pick<PortBinding, 'host' | 'vif_type' | 'vnic_type' | 'status' | 'profile' | 'vif_details'>;

/** A binding asked for through the API: the host to bind to, with the vnic type and profile to bind with. */
export interface PortBindingRequest {
  host: string;
  vnic_type: string;
  profile: Record<string, unknown>;
}

function toDict(binding: PortBinding): PortBindingDict {
  const { host, vif_type, vnic_type, status, profile, vif_details } = binding;
  return { host, vif_type, vnic_type, status, profile, vif_details };
}

/**
 * neutron's binding-extended in ML2: a compute port gets an INACTIVE binding
 * to the host it will migrate to (bound by the mechanism drivers ahead of
 * time), which activation makes the port's ACTIVE one: the former ACTIVE
 * binding goes INACTIVE and unbound, the port goes DOWN until the new
 * host's agent wires it, and the agents hear port_update,
 * binding_deactivate and binding_activate.
 */
export class PortBindingsService {
  constructor(private readonly deps: PortBindingsDeps) {}

  /** Every binding of the port. */
  async list(context: Context, portId: string): Promise<PortBindingDict[]> {
    return this.deps.transactions.read(context, async (session) => {
      await this.#computePort(session, portId);
      return (await portBindings.all(ml2View(session.db), portId)).map(toDict);
    });
  }

  async get(context: Context, portId: string, host: string): Promise<PortBindingDict> {
    return this.deps.transactions.read(context, async (session) => {
      await this.#computePort(session, portId);
      const binding = await portBindings.onHost(ml2View(session.db), portId, host);
      if (!binding) throw new PortBindingNotFound({ port_id: portId, host });
      return toDict(binding);
    });
  }

  /**
   * Binds the port to another host, INACTIVE, outside any transaction
   * (drivers may be slow): a binding the drivers cannot make is not kept
   * (PortBindingError).
   */
  async create(context: Context, portId: string, request: PortBindingRequest): Promise<PortBindingDict> {
    const admin = context.elevated();
    const bindContext = await this.deps.transactions.read(context, async (session) => {
      const port = await this.#computePort(session, portId);
      const db = ml2View(session.db);
      if (await portBindings.onHost(db, portId, request.host)) throw new PortBindingAlreadyExists({ port_id: portId, host: request.host });
      const binding: PortBinding = { ...unboundBinding(request.host, request.vnic_type, request.profile), status: constants.INACTIVE };
      const network = await this.deps.loadNetwork(session, String(port['network_id']));
      // The drivers see the port as it would be on the new host.
      const current = { ...port };
      applyBinding(current, binding);
      return makePortContext(db, admin, this.deps.agents, network, current, binding, [], undefined, this.deps.dynamicSegments(admin));
    });
    if (!(await this.deps.mechanisms.bindPort(bindContext))) throw new PortBindingError({ port_id: portId, host: request.host });
    const binding = bindContext.binding;
    await this.deps.transactions.write(admin, async (session) => {
      const db = ml2View(session.db);
      // Another request may have bound that host meanwhile.
      if (await portBindings.onHost(db, portId, request.host)) throw new PortBindingAlreadyExists({ port_id: portId, host: request.host });
      if ((await this.deps.loadPorts(session, [portId])).length === 0) throw new PortNotFound({ port_id: portId });
      await portBindings.put(db, portId, binding);
      await portBindings.putLevels(db, portId, binding.host, bindContext.bindingLevels);
    });
    return toDict(binding);
  }

  /** Makes the port's INACTIVE binding on `host` its ACTIVE one. */
  async activate(context: Context, portId: string, host: string): Promise<PortBindingDict> {
    const admin = context.elevated();
    const { previous, portContext, network } = await this.deps.transactions.write(context, async (session) => {
      const port = await this.#computePort(session, portId);
      const db = ml2View(session.db);
      const active = await portBindings.get(db, portId);
      if (active?.host === host) throw new PortBindingAlreadyActive({ port_id: portId, host });
      const next = await portBindings.onHost(db, portId, host);
      if (!next || next.status !== constants.INACTIVE) throw new PortBindingNotFound({ port_id: portId, host });
      const levels = await portBindings.levels(db, portId, host);
      const original = active ?? unboundBinding();
      const originalLevels = active ? await portBindings.levels(db, portId, active.host) : [];
      if (active) {
        // The former binding stays, INACTIVE and unbound (neutron's _clear_port_binding): the host can be activated again.
        await portBindings.put(db, portId, { ...active, vif_type: constants.VIF_TYPE_UNBOUND, vif_details: {}, status: constants.INACTIVE });
      }
      await portBindings.setStatus(db, portId, host, constants.ACTIVE);
      const binding = { ...next, status: constants.ACTIVE };
      const mac = await commitDirectPhysicalMac(session, portId, binding, this.deps.baseMac);
      // Down until the new host's agent wires the port.
      await session.db.updateTable('ports').set({ status: constants.PORT_STATUS_DOWN }).where('id', '=', portId).execute();
      if (levels.length > 0) await provisioningBlocks.add(db, portId, L2_AGENT_ENTITY);
      const previousPort = { ...port };
      applyBinding(previousPort, original);
      const updated: ResourceDict = { ...port, status: constants.PORT_STATUS_DOWN, ...(mac === undefined ? {} : { mac_address: mac }) };
      applyBinding(updated, binding);
      const network = await this.deps.loadNetwork(session, String(port['network_id']));
      const portContext = await makePortContext(db, admin, this.deps.agents, network, updated, binding, levels, {
        port: previousPort,
        binding: original,
        levels: originalLevels,
      });
      await this.deps.mechanisms.call('updatePortPrecommit', portContext);
      return { previous: original, portContext, network };
    });
    await this.deps.mechanisms.call('updatePortPostcommit', portContext);
    await this.deps.portsChanged(admin, [portId]);
    const segment = portContext.bottomBoundSegment;
    await this.#notify('port_update', () =>
      this.deps.notifier().fanout(admin, topics.getTopicName(topics.AGENT, topics.PORT, topics.UPDATE), 'port_update', {
        port: portContext.current,
        network_type: segment?.network_type ?? null,
        segmentation_id: segment?.segmentation_id ?? null,
        physical_network: segment?.physical_network ?? null,
      }),
    );
    await this.#notify('binding_deactivate', () =>
      this.deps
        .notifier()
        .fanout(
          admin,
          topics.getTopicName(topics.AGENT, topics.PORT_BINDING, topics.DEACTIVATE),
          'binding_deactivate',
          { port_id: portId, host: previous.host, network_id: network['id'] },
          '1.5',
        ),
    );
    await this.#notify('binding_activate', () =>
      this.deps
        .notifier()
        .fanout(admin, topics.getTopicName(topics.AGENT, topics.PORT_BINDING, topics.ACTIVATE), 'binding_activate', { port_id: portId, host }, '1.5'),
    );
    return toDict(portContext.binding);
  }

  /** Removes the port's binding on `host`, whichever its status (Nova removes the source host's after a migration). */
  async delete(context: Context, portId: string, host: string): Promise<void> {
    await this.deps.transactions.write(context, async (session) => {
      await this.#computePort(session, portId);
      const db = ml2View(session.db);
      if (!(await portBindings.onHost(db, portId, host))) throw new PortBindingNotFound({ port_id: portId, host });
      await portBindings.deleteOnHost(db, portId, host);
    });
  }

  /** neutron's _validate_compute_port: bindings are for instances' ports only. */
  async #computePort(session: Session, portId: string): Promise<ResourceDict> {
    const [port] = await this.deps.loadPorts(session, [portId]);
    if (!port) throw new PortNotFound({ port_id: portId });
    if (!String(port['device_owner'] ?? '').startsWith(constants.DEVICE_OWNER_COMPUTE_PREFIX)) {
      throw new BadRequest({ resource: 'port', msg: `Invalid port ${portId}. Operation only valid on compute ports` });
    }
    return port;
  }

  async #notify(what: string, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      this.deps.logger.error(`Failed to send ${what} to the agents`, { error });
    }
  }
}
