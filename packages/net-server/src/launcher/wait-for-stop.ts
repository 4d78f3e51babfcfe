import { ExitCode } from '../cli/exit-codes.js';
import { serviceOptions } from '../config/server-options.js';
import { deferred } from '../service/deferred.js';
import type { NetServer } from '../service/net-server.js';
import { ServerEnvironment } from '../service/server-environment.js';
import { workerCounts } from '../service/worker-counts.js';

type Outcome = { signal: NodeJS.Signals } | { error: Error };

const STOP_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];

/**
 * Runs until a signal or a failure, as oslo's launchers' wait(): SIGTERM and
 * SIGINT stop gracefully within graceful_shutdown_timeout (a second one
 * exits at once); SIGHUP re-reads the configuration and reloads the
 * services; a service that dies or cannot start stops all the others (API
 * and RPC die together) and is rethrown. Resolves with the exit status.
 */
export async function waitForStop(server: NetServer): Promise<ExitCode> {
  const { logger } = server.environment.current;
  const ended = deferred<Outcome>();
  let stopping = false;
  let reloads = Promise.resolve();

  const onStop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn('caught a second stop signal, exiting now', { signal });
      process.exit(ExitCode.runtimeError);
    }
    ended.resolve({ signal });
  };
  const onHup = (): void => {
    reloads = reloads
      .then(() => (stopping ? undefined : reload(server)))
      .catch((error: unknown) => logger.error('reload failed', { error: error instanceof Error ? error.message : String(error) }));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onStop);
  process.on('SIGHUP', onHup);
  void server.processes?.failed().then((error) => ended.resolve({ error }));
  void server.services?.died().then((error) => ended.resolve({ error }));

  const outcome = await ended.promise;
  stopping = true;
  if ('signal' in outcome) logger.info('caught signal, stopping gracefully', { signal: outcome.signal });
  else logger.error('a service failed, stopping the others', { error: outcome.error.message });
  await reloads;
  const timeout = server.environment.current.config.get('DEFAULT', serviceOptions.gracefulShutdownTimeout);
  const finished = await server.stop();
  for (const signal of STOP_SIGNALS) process.off(signal, onStop);
  process.off('SIGHUP', onHup);
  if ('error' in outcome) throw outcome.error;
  if (!finished) {
    logger.error('graceful shutdown timeout exceeded, work was left unfinished', { timeout });
    return ExitCode.runtimeError;
  }
  logger.info('stopped');
  return ExitCode.ok;
}

/**
 * SIGHUP: loads the configuration and plugins again; services in this
 * process reset onto them, forked children are replaced by new ones (which
 * read the files themselves). A configuration that does not load leaves
 * everything as it was.
 */
async function reload(server: NetServer): Promise<void> {
  const { logger } = server.environment.current;
  logger.info('caught SIGHUP, reloading the configuration');
  let next: ServerEnvironment;
  try {
    next = await ServerEnvironment.load(server.source);
  } catch (error) {
    logger.error('reload failed; the running configuration is kept', { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  const before = workerCounts(server.environment.current.config);
  const after = workerCounts(next.config);
  if (JSON.stringify(before) !== JSON.stringify(after)) {
    logger.warn('worker counts changed in the configuration; they apply when net-server is restarted', { running: before, configured: after });
  }
  if (server.services !== undefined && server.services.services.length > 0) {
    const previous = server.environment.current;
    server.environment.current = next;
    await server.services.reset();
    await previous.close();
  } else {
    await next.close();
  }
  await server.processes?.reload();
  logger.info('reload done');
}
