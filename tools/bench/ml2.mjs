#!/usr/bin/env node
// ML2 agent RPC benchmark over the local RabbitMQ broker (a vhost of its own):
//   - report_state handling rate with N simulated agents (default 1,000) on
//     q-reports-plugin: a registration round ("new") and heartbeat rounds
//     ("alive"), M calls in flight, beside a same-run no-op RPC call rate on
//     the same transports (what the broker round trip alone allows); the
//     calls come from a child process with a transport of its own, as agents
//     are processes of their own;
//   - get_devices_details_list latency for D devices (default 100) bound to
//     one host: the first call (ports go BUILD) and steady-state p50/p99.
// The server side (Ml2Plugin with vxlan and the openvswitch driver) runs in
// this process on SQLite, or PostgreSQL with --postgres. Every phase is
// bounded in count and time. Needs built packages (lib, entrypoints, rpc,
// rpc-rabbit, net-server, ml2).
// Usage: node tools/bench/ml2.mjs [--agents 1000] [--heartbeats 3] [--inflight 32]
//        [--devices 100] [--rounds 20] [--postgres postgresql://postgres@127.0.0.1:5432] [--seconds 120]
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchResources, loadPackage, percentile } from './support.mjs';

const { Context, getAdminContext, silentLogger, constants } = await loadPackage('lib');
const { RpcClient, Target, getRpcTransport, createConnection } = await loadPackage('rpc');
const { rabbitDriver } = await loadPackage('rpc-rabbit');
const { Config, Database, Migrator, OptionRegistry, coreMigrations, coreOptions, parseIni } = await loadPackage('net-server');
const ml2 = await loadPackage('ml2');

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '1000' },
    heartbeats: { type: 'string', default: '3' },
    inflight: { type: 'string', default: '32' },
    devices: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '20' },
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '120' },
    // Internal: the agents' side, run in a child process (see callers()).
    caller: { type: 'string' },
  },
});
const agents = Math.max(10, Math.min(Number(values.agents), 10_000));
const heartbeats = Math.max(1, Math.min(Number(values.heartbeats), 20));
const inflight = Math.max(1, Math.min(Number(values.inflight), 256));
const devices = Math.max(1, Math.min(Number(values.devices), 1000));
const rounds = Math.max(3, Math.min(Number(values.rounds), 200));
const phaseMs = Math.max(10, Math.min(Number(values.seconds), 600)) * 1000;
const tag = `ml2-bench-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Runs `count` calls of `fn(i)` with `inflight` at once, stopping at the phase deadline. */
async function pump(count, fn) {
  const deadline = Date.now() + phaseMs;
  let next = 0;
  let done = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inflight }, async () => {
      while (next < count && Date.now() < deadline) {
        const i = next++;
        await fn(i);
        done++;
      }
    }),
  );
  return { done, seconds: (performance.now() - start) / 1000 };
}

/** A state report of agent `i`, as the Open vSwitch agent sends it. */
function state(i) {
  return {
    agent_state: {
      agent_state: {
        agent_type: constants.AGENT_TYPE_OVS,
        binary: 'neutron-openvswitch-agent',
        host: `compute-${i}`,
        topic: 'N/A',
        start_flag: false,
        configurations: { bridge_mappings: { physnet1: 'br-vlan' }, tunnel_types: ['vxlan'], tunneling_ip: `10.${(i >> 8) & 255}.${i & 255}.1`, devices: 10 },
      },
    },
    time: new Date().toISOString().slice(0, 23) + '000',
  };
}

/** The agents' side in a child process: runs the calls the parent asks for and answers their rate. */
function callers(transportUrl) {
  const child = fork(fileURLToPath(import.meta.url), ['--caller', transportUrl, '--inflight', String(inflight), '--seconds', String(phaseMs / 1000)], {
    env: { ...process.env, ML2_BENCH_TAG: tag },
  });
  const answers = [];
  child.on('message', (message) => answers.shift()?.(message));
  // A caller that dies answers nothing: fail the phases waiting on it rather than wait forever.
  child.on('exit', (code, signal) => {
    for (const answer of answers.splice(0)) answer({ error: `the callers' process exited (${signal ?? code})` });
  });
  return {
    run: (method, count) =>
      new Promise((resolve, reject) => {
        answers.push((message) => (message.error ? reject(new Error(message.error)) : resolve(message)));
        child.send({ method, count });
      }),
    stop: () => new Promise((resolve) => (child.exitCode === null ? (child.once('exit', resolve), child.send({ method: 'stop' })) : resolve())),
  };
}

if (values.caller !== undefined) {
  const transport = await getRpcTransport(
    { transport_url: values.caller, control_exchange: process.env['ML2_BENCH_TAG'], rpc_response_timeout: 60 },
    { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
  );
  const context = getAdminContext().toDict();
  const client = new RpcClient(transport, new Target({ version: '1.0' }));
  const calls = {
    ping: client.prepare({ topic: 'bench-echo' }),
    report_state: client.prepare({ topic: 'q-reports-plugin', version: '1.2' }),
  };
  process.on('message', async ({ method, count }) => {
    if (method === 'stop') {
      await transport.cleanup();
      process.exit(0);
    }
    try {
      const statuses = {};
      const result = await pump(count, async (i) => {
        const status = await calls[method].call(context, method, method === 'ping' ? {} : state(i));
        statuses[status] = (statuses[status] ?? 0) + 1;
      });
      process.send({ ...result, statuses });
    } catch (error) {
      process.send({ error: String(error) });
    }
  });
} else {
  await main();
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'ml2-bench-'));
  const resources = await benchResources(tag, dir, values.postgres);
  const { dbUrl, transportUrl } = resources;

  const servers = [];
  let database;
  let transport;
  let caller;
  try {
    const registry = new OptionRegistry();
    registry.register([{ group: 'DEFAULT', options: Object.values(coreOptions) }], 'net-server');
    registry.register(ml2.ml2OptionGroups, '@net-server/ml2');
    const config = Config.resolve(registry, {
      files: [parseIni('[ml2]\ntenant_network_types = vxlan\n[ml2_type_vxlan]\nvni_ranges = 1:1000\n', 'bench.ini')],
      env: {},
    });
    database = Database.open(dbUrl);
    await new Migrator(database, [
      { packageName: 'net-server', migrations: coreMigrations },
      { packageName: '@net-server/ml2', migrations: ml2.migrations },
    ]).upgrade();
    transport = await getRpcTransport(
      { transport_url: transportUrl, control_exchange: tag, rpc_response_timeout: 60 },
      { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
    );
    const init = { config, logger: silentLogger };
    const notifier = { fanout: async () => {}, castToHost: async () => {} };
    const types = new ml2.TypeManager([new ml2.LocalTypeDriver(), new ml2.VxlanTypeDriver(init)], config, silentLogger);
    const mechanisms = new ml2.MechanismManager([{ name: 'openvswitch', obj: new ml2.OpenvswitchDriver({ ...init, notifier }) }], silentLogger);
    const extensions = new ml2.ExtensionManager([{ name: 'port_security', obj: new ml2.PortSecurityDriver() }], silentLogger);
    const plugin = new ml2.Ml2Plugin({ database, config, logger: silentLogger, transport }, { types, mechanisms, extensions });
    servers.push(...(await plugin.startRpcStateReportsListener()), ...(await plugin.startRpcListeners()));
    // The no-op baseline: the same transport, topic style and in-flight count, no database.
    const echo = createConnection(transport);
    echo.createConsumer('bench-echo', [{ target: new Target({ version: '1.0' }), ping: () => 'pong' }], { server: 'bench' });
    servers.push(...(await echo.consume()));

    const context = getAdminContext().toDict();
    const client = new RpcClient(transport, new Target({ version: '1.0' }));
    const reports = client.prepare({ topic: 'q-reports-plugin', version: '1.2' });
    // The agents are processes of their own, as on a real host: the calls come from a child process with its own
    // transport, so the server's process does only the server's work.
    caller = callers(transportUrl);
    await caller.run('ping', 200);
    const baseline = await caller.run('ping', agents);
    const registration = await caller.run('report_state', agents);
    const statuses = new Map(Object.entries(registration.statuses));
    const beats = [];
    for (let round = 0; round < heartbeats; round++) beats.push(await caller.run('report_state', agents));
    const rate = (r) => Math.round(r.done / r.seconds);
    console.log(`db: ${values.postgres ? 'PostgreSQL' : 'SQLite'}; broker: RabbitMQ 127.0.0.1; ${inflight} calls in flight`);
    console.log(`no-op RPC call baseline: ${rate(baseline)} calls/s (${baseline.done} calls)`);
    console.log(`report_state, ${agents} agents registering: ${rate(registration)} reports/s (${[...statuses].map(([s, n]) => `${n} ${s}`).join(', ')})`);
    for (const [i, beat] of beats.entries()) console.log(`report_state heartbeat round ${i + 1}: ${rate(beat)} reports/s (${beat.done} reports)`);

    // get_devices_details_list for `devices` ports bound to one host.
    const admin = getAdminContext();
    await reports.call(context, 'report_state', {
      agent_state: { agent_state: { ...state(0).agent_state.agent_state, host: 'bench-host' } },
      time: new Date().toISOString().slice(0, 23) + '000',
    });
    const network = await plugin.createNetwork(new Context({ projectId: 'bench', roles: ['admin'] }), { name: 'bench' });
    const portIds = [];
    for (let i = 0; i < devices; i++) {
      const port = await plugin.createPort(admin, {
        network_id: network.id,
        'binding:host_id': 'bench-host',
        device_owner: 'compute:nova',
        device_id: `vm-${i}`,
      });
      if (port['binding:vif_type'] !== 'ovs') throw new Error(`port ${port.id} did not bind: ${port['binding:vif_type']}`);
      portIds.push(port.id);
    }
    const plugins = client.prepare({ topic: 'q-plugin', version: '1.9' });
    const ask = async () => {
      const started = performance.now();
      const replies = await plugins.call(context, 'get_devices_details_list', { devices: portIds, agent_id: 'bench', host: 'bench-host' });
      if (replies.length !== devices || !replies.every((r) => r.network_id === network.id)) throw new Error('unexpected reply');
      return performance.now() - started;
    };
    const first = await ask();
    const times = [];
    const deadline = Date.now() + phaseMs;
    for (let i = 0; i < rounds && Date.now() < deadline; i++) times.push(await ask());
    times.sort((a, b) => a - b);
    console.log(
      `get_devices_details_list, ${devices} devices: first call (ports go BUILD) ${first.toFixed(1)} ms; then p50 ${percentile(times, 50).toFixed(1)} ms, p99 ${percentile(times, 99).toFixed(1)} ms over ${times.length} calls`,
    );
  } finally {
    await caller?.stop();
    for (const server of servers) {
      await server.stop();
      await server.wait();
    }
    await transport?.cleanup();
    await database?.close();
    await resources.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}
