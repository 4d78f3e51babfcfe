import { readFileSync } from 'node:fs';
import { constants, PortNotFound, type ConfigReader, type Context, type Logger, type Option, type ResourceDict } from '@net-server/lib';
import type { ResourceHooks } from '../resource-kit/resource-hooks.js';
import type { Session } from '../db-base-plugin/session.js';
import { BatchNotifier } from './batch-notifier.js';
import { NovaAuthConfigError, NovaNotifierError, NovaRequestFailed } from './errors.js';
import type { TlsSettings } from './http-request.js';
import { KeystoneSession, type PasswordCredentials } from './keystone-session.js';
import { NovaClient, type NovaEvent, type NovaEventSender } from './nova-client.js';
import { novaNotificationOptions, novaOptions } from './nova-options.js';

export const VIF_PLUGGED = 'network-vif-plugged';
export const VIF_UNPLUGGED = 'network-vif-unplugged';
export const VIF_DELETED = 'network-vif-deleted';
export const NETWORK_CHANGED = 'network-changed';

/** neutron's NEUTRON_NOVA_EVENT_STATUS_MAP. */
const EVENT_STATUS: Readonly<Record<string, 'completed' | 'failed'>> = {
  [constants.PORT_STATUS_ACTIVE]: 'completed',
  [constants.PORT_STATUS_ERROR]: 'failed',
  [constants.PORT_STATUS_DOWN]: 'completed',
};

/** The statuses a port is plugged from (neutron's NO_VALUE, i.e. a new port, is `undefined` here). */
const UNPLUGGED_STATUSES: readonly (string | undefined)[] = [undefined, constants.PORT_STATUS_DOWN, constants.PORT_STATUS_BUILD];

/** What a server stopping waits, at most, for events still queued to reach Nova. */
const CLOSE_TIMEOUT_MS = 5_000;
/** [nova] timeout unset: keystoneauth waits for ever; a Nova that never answers would hold every event queued behind it. */
const DEFAULT_TIMEOUT_SECONDS = 60;

/** The attributes the notifier reads of a port: a port dict, or a database row. */
export interface PortLike {
  id?: unknown;
  device_id?: unknown;
  device_owner?: unknown;
  status?: unknown;
}

/** The floating IP attribute the notifier reads. */
export interface FloatingIpLike {
  port_id?: unknown;
}

/** oslo's uuidutils.is_uuid_like (which Nova's uuid format checks too): 32 hex digits once urn:, uuid:, braces and hyphens are taken out. */
export function isUuidLike(value: string): boolean {
  const hex = value
    .replaceAll('urn:', '')
    .replaceAll('uuid:', '')
    .replace(/^[{}]+|[{}]+$/g, '')
    .replaceAll('-', '');
  return /^[0-9a-fA-F]{32}$/.test(hex);
}

/** neutron's _is_compute_port: a server's port (device_owner compute:*, a device_id that is a server uuid). */
export function isComputePort(port: PortLike): boolean {
  const deviceId = port.device_id;
  const owner = port.device_owner;
  return (
    typeof deviceId === 'string' &&
    deviceId !== '' &&
    isUuidLike(deviceId) &&
    typeof owner === 'string' &&
    owner.startsWith(constants.DEVICE_OWNER_COMPUTE_PREFIX)
  );
}

export interface NovaNotifierOptions {
  sender: NovaEventSender;
  /** send_events_interval, in milliseconds. */
  intervalMs: number;
  /** notify_nova_on_port_status_changes. */
  statusChanges: boolean;
  /** notify_nova_on_port_data_changes. */
  dataChanges: boolean;
  logger: Logger;
}

/**
 * neutron's nova notifier (neutron/notifiers/nova.py): tells Nova, through
 * its os-server-external-events API, what happened to a server's ports:
 * network-vif-plugged when a port goes ACTIVE (completed) or ERROR
 * (failed) from DOWN, BUILD or nothing, network-vif-unplugged when it goes
 * from ACTIVE to DOWN (notify_nova_on_port_status_changes);
 * network-changed when the port is updated through the API or a floating
 * IP is associated with it, moved off it or deleted, network-vif-deleted
 * when it is deleted (notify_nova_on_port_data_changes). Only ports whose
 * device_owner starts with compute: and whose device_id is a server uuid
 * count; each event's tag is the port id.
 *
 * Events are queued, after the change committed, and sent in batches
 * (send_events_interval, BatchNotifier); what Nova answers is logged per
 * event, and a Nova or Keystone that is away or answers errors is logged,
 * never reported to the API request or agent call that caused the event.
 */
export class NovaNotifier {
  readonly statusChanges: boolean;
  readonly dataChanges: boolean;
  readonly #sender: NovaEventSender;
  readonly #logger: Logger;
  readonly #batches: BatchNotifier<NovaEvent>;

  constructor(options: NovaNotifierOptions) {
    this.statusChanges = options.statusChanges;
    this.dataChanges = options.dataChanges;
    this.#sender = options.sender;
    this.#logger = options.logger;
    this.#batches = new BatchNotifier<NovaEvent>({
      intervalMs: options.intervalMs,
      send: (batch) => this.#send(batch),
      failed: (error, batch) => this.#failed(error, batch),
    });
  }

  /**
   * The notifier [DEFAULT] and [nova] configure, or undefined when both
   * notify_nova_on_* options are off or [nova] auth_type is unset (there is
   * then no way to reach Nova: neutron would fail every send; net-server
   * says so once, at start). Incomplete credentials are a
   * NovaAuthConfigError, so the server does not start.
   */
  static fromConfig(config: ConfigReader, logger: Logger): NovaNotifier | undefined {
    const read = <V>(group: string, option: Option<V>): V => (config.has(group, option.name) ? config.get(group, option) : option.default);
    const statusChanges = read('DEFAULT', novaNotificationOptions.notifyNovaOnPortStatusChanges);
    const dataChanges = read('DEFAULT', novaNotificationOptions.notifyNovaOnPortDataChanges);
    if (!statusChanges && !dataChanges) return undefined;
    if (read('nova', novaOptions.authType) === undefined) {
      const someSet = [novaOptions.authUrl, novaOptions.username, novaOptions.password].some((option) => read('nova', option) !== undefined);
      const message = '[nova] auth_type is not set: Nova will not be told of port changes (set auth_type = password)';
      // Quiet for a server that runs without Nova; a warning for one whose [nova] looks meant to work.
      if (someSet) logger.warn(message);
      else logger.debug(message);
      return undefined;
    }
    const timeoutMs = (read('nova', novaOptions.timeout) ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
    const session = new KeystoneSession(passwordCredentials(read), {
      timeoutMs,
      connectRetries: read('DEFAULT', novaNotificationOptions.httpRetries),
      tls: tlsSettings(read),
      logger,
    });
    const sender = new NovaClient(session, { interface: read('nova', novaOptions.endpointType), region: read('nova', novaOptions.regionName) });
    return new NovaNotifier({
      sender,
      intervalMs: read('DEFAULT', novaNotificationOptions.sendEventsInterval) * 1000,
      statusChanges,
      dataChanges,
      logger,
    });
  }

  /**
   * A port's status changed (neutron's record_port_status_changed and
   * send_port_status, which run on every write of ports.status):
   * `previous` undefined for a new port.
   */
  portStatusChanged(port: PortLike, previous: string | undefined, current: string): void {
    if (!this.statusChanges || !this.#canNotify(port)) return;
    let name: NovaEvent['name'];
    if (previous === constants.PORT_STATUS_ACTIVE && current === constants.PORT_STATUS_DOWN) name = VIF_UNPLUGGED;
    else if (UNPLUGGED_STATUSES.includes(previous) && (current === constants.PORT_STATUS_ACTIVE || current === constants.PORT_STATUS_ERROR)) name = VIF_PLUGGED;
    else {
      this.#logger.debug('Ignoring state change', { previous_port_status: previous ?? null, current_port_status: current, port_id: port.id });
      return;
    }
    this.#queue({ server_uuid: String(port.device_id), name, status: EVENT_STATUS[current]!, tag: String(port.id) });
  }

  /**
   * The port's device was wired on a host the port is not bound to (a live
   * migration's destination): network-vif-plugged anyway, as neutron's
   * notify_port_active_direct, since the port's status does not change.
   */
  portActiveElsewhere(port: PortLike): void {
    if (!this.statusChanges || !this.#canNotify(port)) return;
    this.#queue({ server_uuid: String(port.device_id), name: VIF_PLUGGED, status: 'completed', tag: String(port.id) });
  }

  /** The port was updated other than by an agent's status report (neutron: update_port through the API). */
  portUpdated(port: PortLike): void {
    if (!this.dataChanges || !isComputePort(port)) return;
    this.#queue({ server_uuid: String(port.device_id), name: NETWORK_CHANGED, tag: String(port.id) });
  }

  /** The port was deleted. */
  portDeleted(port: PortLike): void {
    if (!this.dataChanges || !isComputePort(port)) return;
    this.#queue({ server_uuid: String(port.device_id), name: VIF_DELETED, tag: String(port.id) });
  }

  /**
   * A floating IP was created, updated or deleted (neutron's
   * send_network_change for create/update/delete_floatingip):
   * network-changed for the server of the port it maps to now, or mapped
   * to before when it no longer does; when an update moved it from one
   * port to another, for the server it left too. `getPort` finds the port
   * (as an admin); a port gone meanwhile gets no event. Never rejects.
   */
  async floatingIpChanged(
    action: 'create' | 'update' | 'delete',
    original: FloatingIpLike | undefined,
    current: FloatingIpLike,
    getPort: (portId: string) => Promise<PortLike>,
  ): Promise<void> {
    if (!this.dataChanges) return;
    const before = portIdOf(original);
    const after = portIdOf(current);
    const ports = action === 'update' && after !== undefined && before !== undefined ? [before, after] : [after ?? before];
    for (const portId of ports) {
      if (portId === undefined) continue;
      let port: PortLike;
      try {
        port = await getPort(portId);
      } catch (error) {
        if (error instanceof PortNotFound) this.#logger.debug('Port was deleted, no need to send any notification', { port_id: portId });
        else this.#logger.error('could not read the port of a floating IP to notify Nova', { port_id: portId, error: describe(error) });
        continue;
      }
      this.portUpdated(port);
    }
  }

  /**
   * The port hooks that feed the notifier from the core's port life cycle:
   * every status change (agents' reports go through update_port with only a
   * status), every other update, every delete; a create only when the port
   * starts ACTIVE or ERROR. They run after the commit, so a change rolled
   * back tells Nova nothing; they only queue, so they cannot fail.
   */
  portHooks(): ResourceHooks {
    const dataUpdates = new WeakSet<ResourceDict>();
    return {
      precommitUpdate: (_session: Session, request: Readonly<Record<string, unknown>>, _original: ResourceDict, updated: ResourceDict) => {
        // An update with more than a status is what neutron's API layer reports (BEFORE_RESPONSE of update_port); an agent's status report is not.
        if (!Object.keys(request).every((key) => key === 'status')) dataUpdates.add(updated);
      },
      postcommitCreate: (_context: Context, port: ResourceDict) => {
        if (typeof port['status'] === 'string') this.portStatusChanged(port, undefined, port['status']);
      },
      postcommitUpdate: (_context: Context, original: ResourceDict, updated: ResourceDict) => {
        const before = typeof original['status'] === 'string' ? original['status'] : undefined;
        if (typeof updated['status'] === 'string' && updated['status'] !== before) this.portStatusChanged(updated, before, updated['status']);
        if (dataUpdates.has(updated)) this.portUpdated(updated);
      },
      postcommitDelete: (_context: Context, port: ResourceDict) => this.portDeleted(port),
    };
  }

  /** Events waiting for the next batch. */
  get pending(): number {
    return this.#batches.pending;
  }

  /** Sends what is queued now, waiting at most a few seconds; for a server that stops. */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    const unsent = await this.#batches.close(timeoutMs);
    if (unsent > 0) this.#logger.warn('Nova events not sent before the server stopped', { events: unsent });
  }

  #canNotify(port: PortLike): boolean {
    if (typeof port.id !== 'string' || port.id === '') {
      this.#logger.warn('Port ID not set! Nova will not be notified of port status change.');
      return false;
    }
    if (typeof port.device_id !== 'string' || port.device_id === '') {
      this.#logger.debug('device_id is not set on port yet.', { port_id: port.id });
      return false;
    }
    return isComputePort(port);
  }

  #queue(event: NovaEvent): void {
    this.#batches.queue(event);
  }

  /** neutron's send_events: one request for the batch, then what Nova said of each event. */
  async #send(batch: NovaEvent[]): Promise<void> {
    this.#logger.debug('Sending events', { events: batch });
    const reply = await this.#sender.send(batch);
    const source = reply.requestId ? `Nova event matching ${reply.requestId}` : 'Nova event';
    let malformed = false;
    for (const event of reply.events) {
      const code = typeof event === 'object' && event !== null ? (event as { code?: unknown }).code : undefined;
      if (code === undefined) malformed = true;
      else if (code !== 200) this.#logger.warn(`${source}: returned with failed status`, { event });
      else this.#logger.info(`${source} response`, { event });
    }
    if (malformed) this.#logger.error('Error response returned from nova', { response: reply.events });
  }

  #failed(error: unknown, batch: readonly NovaEvent[]): void {
    if (error instanceof NovaRequestFailed && error.status === 404) {
      this.#logger.debug('Nova returned NotFound for event', { events: batch });
      return;
    }
    this.#logger.error('Failed to notify nova on events', {
      events: batch,
      error: describe(error),
      ...(error instanceof NovaNotifierError ? { code: error.code } : {}),
    });
  }
}

/**
 * The notifier of a core plugin, found by shape (the core may come from
 * another copy of net-server): what service plugins such as L3 call when
 * their resources change a server's networking.
 */
export function novaNotifierOf(plugin: object): Pick<NovaNotifier, 'floatingIpChanged' | 'portUpdated'> | undefined {
  const candidate = (plugin as { novaNotifier?: Partial<NovaNotifier> }).novaNotifier;
  return typeof candidate?.floatingIpChanged === 'function' && typeof candidate.portUpdated === 'function'
    ? (candidate as Pick<NovaNotifier, 'floatingIpChanged' | 'portUpdated'>)
    : undefined;
}

type Read = <V>(group: string, option: Option<V>) => V;

/** keystoneauth's password plugin options, checked as Keystone would refuse them, so that a typo stops the server at start rather than every event. */
function passwordCredentials(read: Read): PasswordCredentials {
  const value = (option: Option<string | undefined>): string | undefined => {
    const text = read('nova', option);
    return text === undefined || text === '' ? undefined : text;
  };
  const authUrl = value(novaOptions.authUrl);
  if (authUrl === undefined)
    throw new NovaAuthConfigError('auth_url', 'auth_type is set but auth_url is not: set it to Keystone, e.g. http://keystone:5000/v3');
  if (!/^https?:\/\/[^/]/i.test(authUrl) || !URL.canParse(authUrl))
    throw new NovaAuthConfigError('auth_url', `${authUrl} is not an http(s) URL (e.g. http://keystone:5000/v3)`);
  const password = value(novaOptions.password);
  if (password === undefined) throw new NovaAuthConfigError('password', 'auth_type is set but password is not');
  const username = value(novaOptions.username);
  const userId = value(novaOptions.userId);
  if (username === undefined && userId === undefined) throw new NovaAuthConfigError('username', 'auth_type is set but neither username nor user_id is');
  const defaultDomainId = value(novaOptions.defaultDomainId);
  const defaultDomainName = value(novaOptions.defaultDomainName);
  const userDomainId = value(novaOptions.userDomainId) ?? (value(novaOptions.userDomainName) === undefined ? defaultDomainId : undefined);
  const userDomainName = value(novaOptions.userDomainName) ?? (userDomainId === undefined ? defaultDomainName : undefined);
  if (userId === undefined && userDomainId === undefined && userDomainName === undefined) {
    throw new NovaAuthConfigError('user_domain_name', `username ${username} needs its domain: set user_domain_name (e.g. Default) or user_domain_id`);
  }
  const projectId = value(novaOptions.projectId);
  const projectName = value(novaOptions.projectName);
  if (projectId === undefined && projectName === undefined) {
    throw new NovaAuthConfigError(
      'project_name',
      "auth_type is set but neither project_name nor project_id is: an unscoped token has no catalog to find Nova's endpoint in",
    );
  }
  const projectDomainId = value(novaOptions.projectDomainId) ?? (value(novaOptions.projectDomainName) === undefined ? defaultDomainId : undefined);
  const projectDomainName = value(novaOptions.projectDomainName) ?? (projectDomainId === undefined ? defaultDomainName : undefined);
  if (projectId === undefined && projectDomainId === undefined && projectDomainName === undefined) {
    throw new NovaAuthConfigError(
      'project_domain_name',
      `project_name ${projectName} needs its domain: set project_domain_name (e.g. Default) or project_domain_id`,
    );
  }
  return {
    authUrl,
    password,
    ...(userId !== undefined ? { userId } : { username: username! }),
    ...(userDomainId !== undefined ? { userDomainId } : userDomainName !== undefined ? { userDomainName } : {}),
    ...(projectId !== undefined ? { projectId } : { projectName: projectName! }),
    ...(projectDomainId !== undefined ? { projectDomainId } : projectDomainName !== undefined ? { projectDomainName } : {}),
  };
}

/** The session's TLS options, files read at start (an unreadable one stops the server, as it would fail every request). */
function tlsSettings(read: Read): TlsSettings {
  const file = (option: Option<string | undefined>): Buffer | undefined => {
    const path = read('nova', option);
    if (path === undefined || path === '') return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new NovaAuthConfigError(option.name, `cannot read ${path}: ${describe(error)}`);
    }
  };
  const ca = file(novaOptions.cafile);
  const cert = file(novaOptions.certfile);
  const key = file(novaOptions.keyfile);
  return { insecure: read('nova', novaOptions.insecure), ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}) };
}

function portIdOf(floatingIp: FloatingIpLike | undefined): string | undefined {
  const id = floatingIp?.port_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
