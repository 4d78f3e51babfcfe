import { defineNeutronException, NeutronException } from '@net-server/lib';

/** A bad ML2 option value, found when the plugin or a driver starts. */
export class Ml2ConfigError extends Error {
  readonly code = 'ML2_CONFIG_INVALID';

  constructor(group: string, option: string, problem: string) {
    super(`[${group}] ${option}: ${problem}. Fix the value in the configuration file and restart.`);
    this.name = 'Ml2ConfigError';
  }
}

/** A driver named in [ml2] type_drivers/mechanism_drivers/extension_drivers that could not be loaded. */
export class DriverNotFoundError extends Error {
  readonly code = 'ML2_DRIVER_NOT_FOUND';

  constructor(kind: string, names: readonly string[], namespace: string, reason?: string) {
    super(
      `The following ${kind} drivers were not found: ${names.join(', ')}${reason ? ` (${reason})` : ''}. ` +
        `Install the package that provides them (\`net-server plugins ${namespace}\` lists what is installed) or fix [ml2] in the configuration.`,
    );
    this.name = 'DriverNotFoundError';
  }
}

/** neutron.plugins.ml2.common.exceptions.MechanismDriverError. */
export const MechanismDriverError = defineNeutronException<{ method: unknown; errors?: unknown }>(
  NeutronException,
  'MechanismDriverError',
  '%(method)s failed.',
);

/** neutron.plugins.ml2.common.exceptions.ExtensionDriverError. */
export const ExtensionDriverError = defineNeutronException<{ driver: unknown }>(
  NeutronException,
  'ExtensionDriverError',
  'Extension %(driver)s failed.',
);

/** A driver asked a PortContext for dynamic segments outside port binding. */
export class DynamicSegmentsUnavailableError extends Error {
  readonly code = 'ML2_DYNAMIC_SEGMENTS_UNAVAILABLE';

  constructor() {
    super('Dynamic segments can only be allocated or released while binding a port (from bindPort); call them there.');
    this.name = 'DynamicSegmentsUnavailableError';
  }
}
