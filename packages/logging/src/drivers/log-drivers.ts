import { listOpt } from '@net-server/lib';

/** neutron's log driver (services/logapi/drivers/base.py DriverBase): what it logs, on which ports. */
export interface LogDriver {
  readonly name: string;
  readonly vifTypes: readonly string[];
  readonly vnicTypes: readonly string[];
  readonly supportedLoggingTypes: readonly string[];
}

/** neutron's OVSDriver: security group logging on OVS and vhost-user ports of normal vNICs. */
export const OPENVSWITCH_LOG_DRIVER: LogDriver = {
  name: 'openvswitch',
  vifTypes: ['ovs', 'vhostuser'],
  vnicTypes: ['normal'],
  supportedLoggingTypes: ['security_group'],
};

/** The log driver each mechanism driver registers as neutron's do when they load (linuxbridge has none). */
const LOG_DRIVERS_OF_MECHANISM_DRIVERS: Readonly<Record<string, LogDriver>> = { openvswitch: OPENVSWITCH_LOG_DRIVER };

/** ML2's `[ml2] mechanism_drivers`, read (not declared: @net-server/ml2 declares it) to know which log drivers are loaded. */
export const mechanismDrivers = listOpt('mechanism_drivers', { default: [], help: 'Ordered list of mechanism drivers to load.' });

export function loadedLogDrivers(mechanisms: readonly string[]): LogDriver[] {
  return [...new Set(mechanisms)].flatMap((name) => LOG_DRIVERS_OF_MECHANISM_DRIVERS[name] ?? []);
}

/** neutron's supported_logging_types: what at least one loaded driver logs. */
export function supportedLoggingTypes(drivers: readonly LogDriver[]): string[] {
  return [...new Set(drivers.flatMap((driver) => driver.supportedLoggingTypes))].sort();
}

/** The VIF types of a port binding that say nothing about the port (neutron's SKIPPED_VIF_TYPES): its vNIC type decides. */
const SKIPPED_VIF_TYPES = ['unbound', 'binding_failed'];

/** neutron's validate_log_type_for_port: a loaded driver takes the port (by VIF type, else vNIC type) and logs the type. */
export function portSupportsLogType(drivers: readonly LogDriver[], logType: string, vifType: string, vnicType: string): boolean {
  return drivers.some((driver) => {
    const compatible = SKIPPED_VIF_TYPES.includes(vifType) ? driver.vnicTypes.includes(vnicType) : driver.vifTypes.includes(vifType);
    return compatible && driver.supportedLoggingTypes.includes(logType);
  });
}
