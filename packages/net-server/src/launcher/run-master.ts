import { ExitCode } from '../cli/exit-codes.js';
import { coreOptions } from '../config/server-options.js';
import type { ApiAppFactory } from '../service/api-app.js';
import { NetServer } from '../service/net-server.js';
import type { EnvironmentSource, ServerEnvironment } from '../service/server-environment.js';
import { isInProcessTransport, workerCounts } from '../service/worker-counts.js';
import { setProcessTitle } from './process-title.js';
import type { ChildCommand } from './start-all-workers.js';
import { startupBanner } from './startup-banner.js';
import { waitForStop } from './wait-for-stop.js';

export interface MasterOptions {
  source: EnvironmentSource;
  apiAppFactory: ApiAppFactory;
  /** How children are started: net-server's bin with `start` and this process's options. */
  child: ChildCommand;
}

/**
 * The `start` master (neutron's eventlet_wsgi_server + start_all_workers):
 * refuses a database behind the installed migrations, loads the plugins,
 * plans the services, logs the start-up banner, starts them (`startAllWorkers`) and waits for a
 * signal or a failure.
 */
export async function runMaster(options: MasterOptions): Promise<ExitCode> {
  setProcessTitle('master');
  const server = await NetServer.load({ source: options.source, schema: 'check', apiAppFactory: options.apiAppFactory });
  const { logger, config } = server.environment.current;
  if (config.get('DEFAULT', coreOptions.logOptions)) config.logOptionValues(logger);
  const counts = workerCounts(config);
  const { plan } = server;
  for (const line of startupBanner(server.environment.current, counts, plan)) logger.info(line);
  if (plan.forked.length > 0 && isInProcessTransport(config)) {
    logger.warn(
      'transport_url is memory://, whose bus does not cross processes: RPC between the worker processes cannot reach; use a broker or set the worker counts to 0',
    );
  }

  warnOfOpenNoauth(config, logger);
  const { processes } = await server.start(options.child);
  logger.info('net-server started', {
    ...counts,
    forked: plan.forked.map((service) => `${service.worker.name} x${service.processes}`),
    inMaster: plan.inProcess.map((worker) => worker.name),
  });
  // A child that fails to start (its port in use...) stops the server: it is not "ready" then.
  void (processes?.ready() ?? Promise.resolve(true)).then((ready) => {
    if (ready) logger.info('net-server ready', { pids: processes?.pids() ?? {} });
  });
  return waitForStop(server);
}

/**
 * noauth takes the caller's word for its project and roles (X-Roles: admin
 * makes an admin), which is fine on a loopback address and nowhere else.
 */
function warnOfOpenNoauth(config: ServerEnvironment['config'], logger: ServerEnvironment['logger']): void {
  const host = config.get('DEFAULT', coreOptions.bindHost);
  if (config.get('DEFAULT', coreOptions.authStrategy) !== 'noauth' || /^(127\.|::1$|localhost$)/.test(host)) return;
  logger.warn('auth_strategy = noauth on an address other hosts can reach: any client picks its own project and roles (X-Roles: admin makes it an admin)', {
    bind_host: host,
    hint: 'set auth_strategy = keystone, or bind_host = 127.0.0.1 to serve this host only',
  });
}
