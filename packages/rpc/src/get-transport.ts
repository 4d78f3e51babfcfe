import { createLogger, type Logger } from '@net-server/lib';
import type { DriverFactory } from './driver.js';
import { loadDriverFactory } from './driver-loader.js';
import { ConfigurationError } from './errors.js';
import type { RemoteErrorClass } from './remote-failure.js';
import { Transport } from './transport.js';
import { parseTransportUrl } from './transport-url.js';

/** The RPC options of neutron.conf's `[DEFAULT]`, as the config system passes them. */
export interface RpcTransportConf {
  /** Default `memory://`. */
  transport_url?: string;
  /** Default `neutron`, as neutron sets it (oslo.messaging's own default is `openstack`). */
  control_exchange?: string;
  /** Seconds; default 60. */
  rpc_response_timeout?: number;
  /** Driver options (e.g. `[oslo_messaging_rabbit]`); the URL query overrides them. */
  driverOptions?: Record<string, string | number | boolean>;
}

export interface GetTransportOptions {
  /** Drivers by scheme, used before any installed one (tests, embedders). */
  drivers?: Record<string, DriverFactory>;
  /** Remote error classes clients rebuild (oslo's `allowed_remote_exmods`). */
  allowedRemoteErrors?: readonly RemoteErrorClass[];
  logger?: Logger;
  /** Where entry-point discovery starts (default: the working directory). */
  root?: string;
  /** Extra directories to scan for installed drivers. */
  paths?: readonly string[];
}

export const DEFAULT_TRANSPORT_URL = 'memory://';
export const DEFAULT_CONTROL_EXCHANGE = 'neutron';
export const DEFAULT_RPC_RESPONSE_TIMEOUT = 60;

/**
 * Build the RPC transport for a `transport_url` (or the RPC options of the
 * configuration), picking the driver by the URL's scheme among the
 * explicitly given drivers, the built-in `memory`, and the installed
 * packages' `net_server.rpc.transports` entry points.
 */
export async function getRpcTransport(confOrUrl: string | RpcTransportConf = {}, options: GetTransportOptions = {}): Promise<Transport> {
  const conf: RpcTransportConf = typeof confOrUrl === 'string' ? { transport_url: confOrUrl } : confOrUrl;
  // An empty transport_url (`transport_url =` in neutron.conf) means unset, as in oslo.
  const url = parseTransportUrl(conf.transport_url || DEFAULT_TRANSPORT_URL);
  const timeout = conf.rpc_response_timeout ?? DEFAULT_RPC_RESPONSE_TIMEOUT;
  if (typeof timeout !== 'number' || !(timeout > 0)) {
    throw new ConfigurationError(`rpc_response_timeout must be a positive number of seconds, got ${String(timeout)}`);
  }
  const controlExchange = conf.control_exchange ?? DEFAULT_CONTROL_EXCHANGE;
  if (typeof controlExchange !== 'string' || controlExchange === '') {
    throw new ConfigurationError(`control_exchange must be a non-empty exchange name, got ${JSON.stringify(controlExchange)}`);
  }
  const logger = (options.logger ?? createLogger()).child({ component: 'rpc', transport: url.scheme });
  const factory = await loadDriverFactory(url, { ...options, logger });
  const driver = factory(url, { controlExchange, options: { ...conf.driverOptions, ...url.query }, logger });
  return new Transport(driver, url, {
    controlExchange,
    rpcResponseTimeoutMs: timeout * 1000,
    allowedRemoteErrors: options.allowedRemoteErrors ?? [],
    logger,
  });
}
