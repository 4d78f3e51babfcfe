import type { ConfigReader, Context, Logger, ResourceDict, ResourceRequest } from '@net-server/lib';
import { ml2Options } from '../config/options.js';
import type { Ml2Db } from '../db/schema.js';
import { loadDrivers, type DriverDiscovery } from '../driver-loading.js';
import { ExtensionDriverError } from '../errors.js';
import { AllowedAddressPairsDriver } from './allowed-address-pairs-driver.js';
import type { DeleteHook, ExtendHook, ExtensionDriver, ExtensionDriverInit, ProcessHook } from './extension-driver.js';
import { ExtraDhcpOptsDriver } from './extra-dhcp-opts-driver.js';

export const EXTENSION_DRIVERS_NAMESPACE = 'net_server.ml2.extension_drivers';

export interface NamedExtensionDriver {
  name: string;
  obj: ExtensionDriver;
}

/** The loaded extension drivers in `[ml2] extension_drivers` order (neutron's ML2 ExtensionManager). */
export class ExtensionManager {
  constructor(
    readonly drivers: readonly NamedExtensionDriver[],
    private readonly logger: Logger,
  ) {}

  static async load(config: ConfigReader, logger: Logger, discovery: DriverDiscovery = {}): Promise<ExtensionManager> {
    const init: ExtensionDriverInit = { config, logger };
    const names = config.get('ml2', ml2Options.extensionDrivers);
    const extensions = await loadDrivers<ExtensionDriver>('extension', EXTENSION_DRIVERS_NAMESPACE, names, init, discovery, logger);
    // What neutron's ML2 serves with no extension driver configured; after the configured ones, which set port_security_enabled.
    const builtIn: NamedExtensionDriver[] = [
      { name: 'allowed_address_pairs', obj: new AllowedAddressPairsDriver(config) },
      { name: 'extra_dhcp_opt', obj: new ExtraDhcpOptsDriver() },
    ];
    const manager = new ExtensionManager([...extensions.map((extension) => ({ name: extension.name, obj: extension.obj! })), ...builtIn], logger);
    for (const driver of manager.drivers) await driver.obj.initialize?.();
    return manager;
  }

  /** The API extensions the drivers implement. */
  extensionAliases(): string[] {
    return this.drivers.flatMap((driver) => driver.obj.extensionAlias ?? []);
  }

  /** Runs a process hook on every driver; an error aborts the change as it is (neutron re-raises it). */
  async process(hook: ProcessHook, db: Ml2Db, context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    for (const driver of this.drivers) {
      const method = driver.obj[hook];
      if (!method) continue;
      try {
        await method.call(driver.obj, db, context, data, result);
      } catch (error) {
        this.logger.info(`Extension driver '${driver.name}' failed in ${hook}`, { error });
        throw error;
      }
    }
  }

  async processDelete(hook: DeleteHook, db: Ml2Db, context: Context, resource: ResourceDict): Promise<void> {
    for (const driver of this.drivers) await driver.obj[hook]?.(db, context, resource);
  }

  /** Adds the drivers' attributes to returned dicts; a failure is the driver's bug and reported as ExtensionDriverError. */
  async extend(hook: ExtendHook, db: Ml2Db, results: ResourceDict[]): Promise<void> {
    if (results.length === 0) return;
    for (const driver of this.drivers) {
      const method = driver.obj[hook];
      if (!method) continue;
      try {
        await method.call(driver.obj, db, results);
      } catch (error) {
        this.logger.error(`Extension driver '${driver.name}' failed in ${hook}`, { error });
        throw new ExtensionDriverError({ driver: driver.name }, { cause: error });
      }
    }
  }
}
