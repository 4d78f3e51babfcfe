import type { Context, CorePlugin, ListOptions, ResourceDict, ResourceRequest, ServicePlugin } from '@net-server/lib';
import {
  applyListOptions,
  given,
  givenString,
  requireCoreCapabilities,
  ResourceStore,
  unwrapBody,
  type CoreCapabilities,
  type PluginInit,
  type ResourceHookChain,
} from 'net-server';
import { LOG_SERVICE_TYPE, LOGGING } from '../api/definitions.js';
import type { LogRow } from '../db/schema.js';
import { loadedLogDrivers, mechanismDrivers, supportedLoggingTypes, type LogDriver } from '../drivers/log-drivers.js';
import { InvalidLogResourceType } from '../errors.js';
import { groupLogHooks, portLogHooks } from './log-cleanup.js';
import { logs } from './logs.js';
import { validateLogRequest, type SecurityGroupReader } from './sg-validate.js';

type Core = CorePlugin & SecurityGroupReader & Pick<CoreCapabilities, 'transactions' | 'hooks'>;

/** ML2's security groups and their hooks, where the core plugin has them. */
function securityGroupHooksOf(core: object): ResourceHookChain | undefined {
  const hooks = (core as { securityGroups?: { hooks?: unknown } }).securityGroups?.hooks;
  return typeof (hooks as Partial<ResourceHookChain> | undefined)?.add === 'function' ? (hooks as ResourceHookChain) : undefined;
}

const idOf = (body: Readonly<Record<string, unknown>>, name: string): string | undefined => {
  const value = given(body, name);
  return value === undefined || value === null || value === '' ? undefined : String(value);
};

/**
 * The `log` service plugin (neutron's LoggingPlugin): logs of security
 * group events (/v2.0/log/logs), validated against the log drivers of the
 * loaded mechanism drivers (/v2.0/log/loggable-resources lists what they
 * log), and removed with the security group or port they log.
 */
export class LoggingPlugin implements ServicePlugin {
  readonly pluginType = LOG_SERVICE_TYPE;
  readonly pluginDescription = 'Logging API Service Plugin';
  readonly supportedExtensionAliases = [LOGGING.alias];
  readonly resources: readonly string[] = ['logs'];
  readonly nativePaginationSupport = true;
  readonly nativeSortingSupport = true;
  readonly store: ResourceStore<LogRow>;
  readonly drivers: readonly LogDriver[];
  readonly #core: Core;
  readonly #undo: (() => void)[] = [];

  constructor(init: PluginInit) {
    this.#core = requireCoreCapabilities(init.directory.corePlugin, 'log', ['transactions', 'hooks']);
    this.store = new ResourceStore(this.#core.transactions, logs);
    this.drivers = loadedLogDrivers(init.config.get('ml2', mechanismDrivers));
    this.#undo.push(this.#core.hooks.add('port', portLogHooks));
    const groupHooks = securityGroupHooksOf(this.#core);
    if (groupHooks) this.#undo.push(groupHooks.add(groupLogHooks));
  }

  async close(): Promise<void> {
    for (const undo of this.#undo.splice(0)) undo();
  }

  async createLog(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const request = unwrapBody(body, logs.member);
    const resourceType = givenString(request, 'resource_type');
    if (resourceType === undefined) throw new InvalidLogResourceType({ resource_type: null });
    await validateLogRequest(this.#core, this.drivers, context, {
      resource_type: resourceType,
      resource_id: idOf(request, 'resource_id'),
      target_id: idOf(request, 'target_id'),
    });
    return this.store.create(context, request);
  }

  updateLog(context: Context, id: string, body: ResourceRequest): Promise<ResourceDict> {
    return this.store.update(context, id, body);
  }

  deleteLog(context: Context, id: string): Promise<void> {
    return this.store.delete(context, id);
  }

  getLog(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return this.store.get(context, id, fields);
  }

  getLogs(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    return this.store.list(context, options);
  }

  getLogsCount(context: Context, filters?: ListOptions['filters']): Promise<number> {
    return this.store.count(context, filters);
  }

  /** neutron's get_loggable_resources: `{type}` of each type a loaded driver logs. */
  async getLoggableResources(_context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    const types = supportedLoggingTypes(this.drivers).map((type) => ({ type }));
    return applyListOptions(types, { fields: options.fields }, () => new InvalidLogResourceType({ resource_type: null }));
  }
}
