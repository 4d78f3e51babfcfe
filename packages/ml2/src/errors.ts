import { defineNeutronException, didYouMean, NeutronException, PluginConfigError } from '@net-server/lib';

/** A bad ML2 option value, found when the plugin or a driver starts; the server adds where it was set. */
export class Ml2ConfigError extends PluginConfigError {
  override readonly code = 'ML2_CONFIG_INVALID';

  constructor(group: string, option: string, problem: string) {
    super(group, option, problem);
    this.name = 'Ml2ConfigError';
  }
}

/** Drivers named in [ml2] type_drivers/mechanism_drivers/extension_drivers that no installed package provides. */
export class DriverNotFoundError extends PluginConfigError {
  override readonly code = 'ML2_DRIVER_NOT_FOUND';

  constructor(
    kind: string,
    readonly names: readonly string[],
    namespace: string,
    installed: readonly string[],
  ) {
    const hints = names.map((name) => didYouMean(name, installed)).join('');
    super(
      'ml2',
      `${kind}_drivers`,
      `The following ${kind} drivers were not found: ${names.join(', ')}.${hints} ` +
        `Install the package that provides them or fix the name (\`net-server plugins ${namespace}\` lists what is installed: ${
          installed.length > 0 ? installed.join(', ') : 'nothing'
        }).`,
    );
    this.name = 'DriverNotFoundError';
  }
}

/** An installed driver whose package fails to load or whose constructor throws for a reason other than its configuration. */
export class DriverLoadError extends Error {
  readonly code = 'ML2_DRIVER_LOAD_FAILED';

  constructor(kind: string, problems: readonly string[], cause?: unknown) {
    super(
      `The following ${kind} drivers failed to load: ${problems.join('; ')}. ` +
        "Report this to the driver package's authors, or install another version of it.",
      { cause },
    );
    this.name = 'DriverLoadError';
  }
}

/** neutron.plugins.ml2.common.exceptions.MechanismDriverError. */
export const MechanismDriverError = defineNeutronException<{ method: unknown; errors?: unknown }>(
  NeutronException,
  'MechanismDriverError',
  '%(method)s failed.',
);

/** neutron.plugins.ml2.common.exceptions.ExtensionDriverError. */
export const ExtensionDriverError = defineNeutronException<{ driver: unknown }>(NeutronException, 'ExtensionDriverError', 'Extension %(driver)s failed.');

/** A driver asked a PortContext for dynamic segments outside port binding. */
export class DynamicSegmentsUnavailableError extends Error {
  readonly code = 'ML2_DYNAMIC_SEGMENTS_UNAVAILABLE';

  constructor() {
    super('Dynamic segments can only be allocated or released while binding a port (from bindPort); call them there.');
    this.name = 'DynamicSegmentsUnavailableError';
  }
}
