import { constants, NeutronException, type ConfigReader, type Logger } from '@net-server/lib';
import { ml2Options } from '../config/options.js';
import { loadDrivers, type DriverDiscovery } from '../driver-loading.js';
import { MechanismDriverError } from '../errors.js';
import type { NetworkSegment } from '../types/segment.js';
import type { MechanismDriver, MechanismDriverInit, MechanismHook } from './mechanism-driver.js';
import type { NetworkContext } from './network-context.js';
import type { PortContext } from './port-context.js';
import type { SubnetContext } from './subnet-context.js';

export const MECHANISM_DRIVERS_NAMESPACE = 'net_server.ml2.mechanism_drivers';
/** neutron's MAX_BINDING_LEVELS: a guard against drivers that keep continuing. */
export const MAX_BINDING_LEVELS = 10;

export interface NamedMechanismDriver {
  name: string;
  obj: MechanismDriver;
}

type AnyContext = NetworkContext | SubnetContext | PortContext;

/**
 * The loaded mechanism drivers in `[ml2] mechanism_drivers` order
 * (neutron's MechanismManager): calls every driver for each change, and
 * binds ports by asking the drivers in order, level by level.
 */
export class MechanismManager {
  readonly drivers: readonly NamedMechanismDriver[];

  constructor(
    drivers: readonly NamedMechanismDriver[],
    private readonly logger: Logger,
  ) {
    this.drivers = drivers;
  }

  /** Loads `[ml2] mechanism_drivers` by name; each driver is constructed with the config, a logger and `services`. */
  static async load(
    config: ConfigReader,
    logger: Logger,
    services: Pick<MechanismDriverInit, 'notifier' | 'topology'>,
    discovery: DriverDiscovery = {},
  ): Promise<MechanismManager> {
    const init: MechanismDriverInit = { config, logger, ...services };
    const names = config.get('ml2', ml2Options.mechanismDrivers);
    const extensions = await loadDrivers<MechanismDriver>('mechanism', MECHANISM_DRIVERS_NAMESPACE, names, init, discovery, logger);
    const manager = new MechanismManager(
      extensions.map((extension) => ({ name: extension.name, obj: extension.obj! })),
      logger,
    );
    await manager.initialize();
    return manager;
  }

  async initialize(): Promise<void> {
    for (const driver of this.drivers) {
      this.logger.info(`Initializing mechanism driver '${driver.name}'`);
      await driver.obj.initialize?.();
    }
  }

  /**
   * Calls `hook` on every driver. Precommit and create-postcommit stop at the
   * first failure; update/delete-postcommit go on and report every failure
   * at the end, as neutron does.
   */
  async call(hook: MechanismHook, context: AnyContext): Promise<void> {
    const continueOnFailure = hook.endsWith('Postcommit') && !hook.startsWith('create');
    const errors: unknown[] = [];
    for (const driver of this.drivers) {
      const method = driver.obj[hook] as ((context: AnyContext) => Promise<void> | void) | undefined;
      if (!method) continue;
      try {
        await method.call(driver.obj, context);
      } catch (error) {
        this.logger.error(`Mechanism driver '${driver.name}' failed in ${snake(hook)}`, { error });
        errors.push(error);
        if (!continueOnFailure) break;
      }
    }
    if (errors.length === 0) return;
    // neutron's API unwraps a single driver error, so the client sees e.g. the driver's InvalidInput (400).
    if (errors.length === 1 && errors[0] instanceof NeutronException) throw errors[0];
    throw new MechanismDriverError({ method: snake(hook), errors: errors.map((e) => (e instanceof Error ? e.message : String(e))) });
  }

  /** Tells the drivers that program agents that the agent wired or unwired the port; a failing driver is logged and the rest go on. */
  async portWiring(context: PortContext, wired: boolean, refreshTunnels: boolean): Promise<void> {
    for (const driver of this.drivers) {
      try {
        if (wired) await driver.obj.portWired?.(context, refreshTunnels);
        else await driver.obj.portUnwired?.(context);
      } catch (error) {
        this.logger.error(`Mechanism driver '${driver.name}' failed on a port ${wired ? 'wired' : 'unwired'}`, { port: context.current['id'], error });
      }
    }
  }

  /** Whether a driver wants to hear of ports being wired. */
  get hearsWiring(): boolean {
    return this.drivers.some((driver) => driver.obj.portWired !== undefined || driver.obj.portUnwired !== undefined);
  }

  /**
   * Binds the port to its host: on success the context's binding holds the
   * vif type and details and its levels name the drivers and segments; on
   * failure the vif type is `binding_failed`.
   */
  async bindPort(context: PortContext): Promise<boolean> {
    context.clearBindingLevels();
    context.binding.vif_type = constants.VIF_TYPE_UNBOUND;
    context.binding.vif_details = {};
    if (await this.bindPortLevel(context, 0, context.network.networkSegments)) return true;
    context.binding.vif_type = constants.VIF_TYPE_BINDING_FAILED;
    context.binding.vif_details = {};
    this.logger.error('Failed to bind port', { port: context.current['id'], host: context.host, vnicType: context.vnicType });
    return false;
  }

  private async bindPortLevel(context: PortContext, level: number, segments: readonly NetworkSegment[]): Promise<boolean> {
    if (level === MAX_BINDING_LEVELS) {
      this.logger.error('Exceeded maximum binding levels attempting to bind port', { port: context.current['id'], host: context.host });
      return false;
    }
    for (const driver of this.drivers) {
      if (!driver.obj.bindPort || !this.mayBind(driver.name, segments, context)) continue;
      try {
        context.prepareToBind(segments);
        await driver.obj.bindPort(context);
        const { segmentId, next } = context.boundAttempt();
        if (segmentId === undefined) continue;
        context.pushBindingLevel({ level, driver: driver.name, segment_id: segmentId });
        if (!next || next.length === 0) return true;
        if (await this.bindPortLevel(context, level + 1, next)) return true;
        this.logger.warn(`Failed to bind port at level ${level + 1} after driver '${driver.name}' continued the binding`, { port: context.current['id'] });
        context.popBindingLevel();
      } catch (error) {
        this.logger.error(`Mechanism driver '${driver.name}' failed in bind_port`, { error });
      }
    }
    return false;
  }

  // A driver that already bound one of these segments higher up would loop.
  private mayBind(name: string, segments: readonly NetworkSegment[], context: PortContext): boolean {
    const ids = new Set(segments.map((segment) => segment.id));
    return !context.bindingLevels.some((level) => level.driver === name && ids.has(level.segment_id));
  }
}

function snake(hook: string): string {
  return hook.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
