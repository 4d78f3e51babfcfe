import cluster from 'node:cluster';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SERVICE_ID_ENV, SERVICE_NAME_ENV } from '../../launcher/messages.js';
import { runChild } from '../../launcher/run-child.js';
import { runMaster } from '../../launcher/run-master.js';
import { restApiApp } from '../../service/rest-api-app.js';
import type { EnvironmentSource } from '../../service/server-environment.js';
import type { CliIo } from '../cli-io.js';
import type { Command, Invocation } from '../command.js';
import { loadCommandConfig, pluginSource } from '../command-context.js';
import { CONFIG_HELP } from '../config-help.js';
import type { ExitCode } from '../exit-codes.js';

/** net-server's own bin, which forked children run: found through the package's self-reference. */
function ownBin(): string {
  return join(dirname(createRequire(import.meta.url).resolve('net-server/package.json')), 'dist', 'bin.js');
}

/** The arguments a child needs to read the same configuration as the master. */
function childArgs(invocation: Invocation): string[] {
  return [
    'start',
    ...invocation.configFiles.flatMap((file) => ['--config-file', file]),
    ...invocation.configDirs.flatMap((dir) => ['--config-dir', dir]),
    ...invocation.configArgs,
  ];
}

/**
 * Open handles (a plugin's broker connections, a child's IPC channel) must
 * not keep a stopped or failed server alive. The exit status is the one the
 * bin sets from the command's result; the delay lets the last lines flush.
 */
function exitSoon(): void {
  setTimeout(() => process.exit(), 100).unref();
}

async function run(invocation: Invocation, io: CliIo): Promise<ExitCode> {
  const source: EnvironmentSource = { loadConfig: () => loadCommandConfig(invocation, io), plugins: pluginSource(io) };
  const serviceId = io.env[SERVICE_ID_ENV];
  if (cluster.isWorker && serviceId !== undefined) {
    const serviceName = io.env[SERVICE_NAME_ENV] ?? serviceId;
    return runChild({ source, apiAppFactory: restApiApp, serviceId, serviceName });
  }
  return runMaster({
    source,
    apiAppFactory: restApiApp,
    child: { exec: ownBin(), args: childArgs(invocation), cwd: io.cwd },
  });
}

export const startCommand: Command = {
  name: 'start',
  summary: 'Run the server: the API, the RPC workers and the plugins’ workers',
  usesConfig: true,
  maxPositionals: 0,
  flags: {},
  help: `Usage: net-server start [configuration options]

Serve the Neutron API on bind_host:bind_port and run the RPC workers and the
workers plugins ask for, as neutron-server does:

  api_workers                API worker processes sharing the listening
                             socket (unset: one per CPU; 0: the API is served
                             by the master process).
  rpc_workers                RpcWorker processes consuming the core plugin's
                             RPC topics, when it implements startRpcListeners
                             (unset: half the API workers, at least one; 0: run
                             in the shared "services worker" process).
  rpc_state_report_workers   RpcReportsWorker processes for agent state
                             reports (default 1), when the core plugin
                             implements startRpcStateReportsListener.

With transport_url = memory:// (the default), unset counts are 0: the whole
server runs in one process. Dead workers are restarted (at most one fork a
second once a service restarts often); workers exit when the master dies.

A configured database must be current: run \`net-server db upgrade\` after
installing or upgrading packages, or start refuses to run. The embedded
default (no [database] connection set: SQLite under state_path) is upgraded
by start itself.

Signals: SIGTERM or SIGINT stop gracefully (no new connections, answered
in-flight requests and RPC messages, at most graceful_shutdown_timeout
seconds); SIGHUP reads the configuration files again and replaces the workers
without closing the listening socket.

Process titles (ps): "net-server: master", "net-server: api worker",
"net-server: rpc worker", "net-server: rpc reports worker",
"net-server: services worker", "net-server: <plugin worker name>".

${CONFIG_HELP}

Exit status: 0 after a graceful stop, 1 when the server could not start or a
service failed (the others are stopped with it) or the graceful shutdown
timed out, 2 on bad usage or configuration.`,
  async run(invocation, io) {
    try {
      return await run(invocation, io);
    } finally {
      exitSoon();
    }
  },
};
