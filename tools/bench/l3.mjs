#!/usr/bin/env node
// L3 benchmark: core_plugin = ml2, service_plugins = router, loaded by the
// NeutronManager from an application directory as `net-server start` does,
// on SQLite (or PostgreSQL with --postgres), agents over the local RabbitMQ
// (a vhost of its own):
//   - floating IP throughput through the plugin (no HTTP): create with
//     port_id (create + associate in one request), then create unassociated
//     and associate with an update, F each (default 200), one at a time;
//   - sync_routers latency for one L3 agent hosting R routers (default 100),
//     each with a gateway, an interface and a floating IP: p50/p99 over
//     rounds, beside a same-run get_service_plugin_list call (the RPC round
//     trip without database work).
// Every phase is bounded in count and time. Needs built packages (lib,
// entrypoints, rpc, rpc-rabbit, net-server, ml2, l3).
// Usage: node tools/bench/l3.mjs [--fips 200] [--routers 100] [--rounds 20]
//        [--postgres postgresql://postgres@127.0.0.1:5432] [--seconds 120]
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchResources, loadPackage, percentile, repoRoot } from './support.mjs';

const { Context, getAdminContext, silentLogger, constants, topics } = await loadPackage('lib');
const { RpcClient, Target, getRpcTransport } = await loadPackage('rpc');
const { rabbitDriver } = await loadPackage('rpc-rabbit');
const { Database, Migrator, NeutronManager, coreMigrations, loadConfig } = await loadPackage('net-server');
const ml2 = await loadPackage('ml2');
const l3 = await loadPackage('l3');

const { values } = parseArgs({
  options: {
    fips: { type: 'string', default: '200' },
    routers: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '20' },
    postgres: { type: 'string' },
    seconds: { type: 'string', default: '120' },
  },
});
const fips = Math.max(10, Math.min(Number(values.fips), 2000));
const routerCount = Math.max(1, Math.min(Number(values.routers), 500));
const rounds = Math.max(3, Math.min(Number(values.rounds), 200));
const phaseMs = Math.max(10, Math.min(Number(values.seconds), 600)) * 1000;
const tag = `l3-bench-${process.pid}-${randomBytes(3).toString('hex')}`;

/** Runs `fn(i)` for i < count, one at a time, until the phase deadline; returns calls per second. */
async function timed(count, fn) {
  const deadline = Date.now() + phaseMs;
  const start = performance.now();
  let done = 0;
  while (done < count && Date.now() < deadline) await fn(done++);
  return { done, perSecond: Math.round(done / ((performance.now() - start) / 1000)) };
}

const dir = mkdtempSync(join(tmpdir(), 'l3-bench-'));
for (const [name, folder] of Object.entries({
  '@net-server/l3': 'l3',
  '@net-server/ml2': 'ml2',
  '@net-server/rpc-rabbit': 'rpc-rabbit',
  'net-server': 'net-server',
})) {
  const link = join(dir, 'node_modules', name);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(join(repoRoot, 'packages', folder), link, 'dir');
}
const resources = await benchResources(tag, dir, values.postgres);
const { dbUrl, transportUrl } = resources;

const servers = [];
let database;
let agentTransport;
let plugin;
let core;
try {
  const conf = join(dir, 'net-server.conf');
  writeFileSync(
    conf,
    [
      '[DEFAULT]',
      'core_plugin = ml2',
      'service_plugins = router',
      'allow_overlapping_ips = true',
      `transport_url = ${transportUrl}`,
      `control_exchange = ${tag}`,
      'rpc_response_timeout = 60',
      // The agents report once, at start: they stay alive for the whole run.
      'agent_down_time = 3600',
      '[ml2]',
      'type_drivers = flat,vxlan',
      'tenant_network_types = vxlan',
      'mechanism_drivers = openvswitch',
      '[ml2_type_vxlan]',
      'vni_ranges = 1:5000',
      // Limits above what the run creates: enforced and counted on every create, as neutron's are, but never reached.
      '[QUOTAS]',
      'quota_network = 1000000',
      'quota_subnet = 1000000',
      'quota_port = 1000000',
      'quota_router = 1000000',
      'quota_floatingip = 1000000',
    ].join('\n'),
  );
  const plugins = { root: dir };
  const config = await loadConfig({ configFiles: [conf], plugins, env: {} });
  database = Database.open(dbUrl);
  await new Migrator(database, [
    { packageName: 'net-server', migrations: coreMigrations },
    { packageName: '@net-server/ml2', migrations: ml2.migrations },
    { packageName: '@net-server/l3', migrations: l3.migrations },
  ]).upgrade();
  const manager = await NeutronManager.load({ config, database, logger: silentLogger, plugins });
  plugin = manager.getPluginForResource('routers');
  core = manager.corePlugin;
  for (const loaded of manager.directory.uniquePlugins) {
    servers.push(...((await loaded.startRpcListeners?.()) ?? []), ...((await loaded.startRpcStateReportsListener?.()) ?? []));
  }
  agentTransport = await getRpcTransport(
    { transport_url: transportUrl, control_exchange: tag, rpc_response_timeout: 60 },
    { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
  );
  const context = getAdminContext().toDict();
  const host = 'bench-l3-host';
  const reports = new RpcClient(agentTransport, new Target({ topic: topics.REPORTS, version: '1.2' }));
  const report = (state) =>
    reports.call(context, 'report_state', {
      agent_state: { agent_state: { host, start_flag: true, ...state } },
      time: new Date().toISOString().replace('T', ' ').replace('Z', ''),
    });
  await report({ agent_type: constants.AGENT_TYPE_L3, binary: constants.AGENT_PROCESS_L3, topic: topics.L3_AGENT, configurations: { agent_mode: 'legacy' } });
  // The host's L2 agent, which the routers' ports bind to (as on a real network node): without one their bindings fail,
  // and every sync_routers binds them all again, as neutron's does.
  await report({
    agent_type: constants.AGENT_TYPE_OVS,
    binary: 'neutron-openvswitch-agent',
    topic: topics.AGENT,
    configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.1', l2_population: false },
  });

  const admin = getAdminContext();
  const tenant = new Context({ projectId: 'bench', roles: ['member'] });
  const external = await core.createNetwork(admin, { name: 'public', 'router:external': true });
  await core.createSubnet(admin, { network_id: external.id, ip_version: 4, cidr: '172.16.0.0/16' });

  // Floating IPs: one router, one internal /16, 2×fips ports.
  const internal = await core.createNetwork(tenant, { name: 'private' });
  const internalSubnet = await core.createSubnet(tenant, { network_id: internal.id, ip_version: 4, cidr: '10.0.0.0/16' });
  const router = await plugin.createRouter(tenant, { name: 'fip-router', external_gateway_info: { network_id: external.id } });
  await plugin.addRouterInterface(tenant, router.id, { subnet_id: internalSubnet.id });
  const ports = [];
  for (let i = 0; i < 2 * fips; i++) ports.push(await core.createPort(tenant, { network_id: internal.id, device_owner: 'compute:nova', device_id: `vm-${i}` }));
  const createAssociate = await timed(fips, async (i) => {
    const fip = await plugin.createFloatingip(tenant, { floating_network_id: external.id, port_id: ports[i].id });
    if (fip.router_id !== router.id) throw new Error('floating IP not associated');
  });
  const createThenAssociate = await timed(fips, async (i) => {
    const fip = await plugin.createFloatingip(tenant, { floating_network_id: external.id });
    const associated = await plugin.updateFloatingip(tenant, fip.id, { port_id: ports[fips + i].id });
    if (associated.router_id !== router.id) throw new Error('floating IP not associated');
  });

  // sync_routers for an agent hosting `routerCount` routers (the FIP router included).
  for (let i = 1; i < routerCount; i++) {
    const network = await core.createNetwork(tenant, { name: `net-${i}` });
    const subnet = await core.createSubnet(tenant, { network_id: network.id, ip_version: 4, cidr: `10.${1 + (i >> 8)}.${i & 255}.0/24` });
    const r = await plugin.createRouter(tenant, { name: `r-${i}`, external_gateway_info: { network_id: external.id } });
    await plugin.addRouterInterface(tenant, r.id, { subnet_id: subnet.id });
    const port = await core.createPort(tenant, { network_id: network.id, device_owner: 'compute:nova', device_id: `vm-r-${i}` });
    await plugin.createFloatingip(tenant, { floating_network_id: external.id, port_id: port.id });
  }
  const client = new RpcClient(agentTransport, new Target({ topic: topics.L3PLUGIN, version: '1.12' }));
  const ids = await client.call(context, 'get_router_ids', { host });
  if (ids.length !== routerCount) throw new Error(`the agent hosts ${ids.length} routers, expected ${routerCount}`);
  const measure = async (fn) => {
    const times = [];
    const deadline = Date.now() + phaseMs;
    for (let i = 0; i < rounds && Date.now() < deadline; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  };
  const first = performance.now();
  const synced = await client.call(context, 'sync_routers', { host });
  const firstMs = performance.now() - first;
  if (synced.length !== routerCount || !synced.every((r) => r.gw_port && r._interfaces.length === 1)) throw new Error('unexpected sync_routers reply');
  const sync = await measure(() => client.call(context, 'sync_routers', { host }));
  const baseline = await measure(() => client.call(context, 'get_service_plugin_list', {}));

  console.log(`db: ${values.postgres ? 'PostgreSQL' : 'SQLite'}; core plugin ML2 (vxlan, openvswitch); broker: RabbitMQ 127.0.0.1`);
  console.log(`floating IP create with port_id: ${createAssociate.perSecond}/s (${createAssociate.done})`);
  console.log(`floating IP create, then associate: ${createThenAssociate.perSecond} pairs/s (${createThenAssociate.done})`);
  console.log(
    `sync_routers, ${routerCount} routers on one agent: first call (ports bind to the host) ${firstMs.toFixed(1)} ms; ` +
      `then p50 ${percentile(sync, 50).toFixed(1)} ms, p99 ${percentile(sync, 99).toFixed(1)} ms over ${sync.length} calls`,
  );
  console.log(`get_service_plugin_list round trip: p50 ${percentile(baseline, 50).toFixed(1)} ms, p99 ${percentile(baseline, 99).toFixed(1)} ms`);
} finally {
  for (const server of servers) {
    await server.stop();
    await server.wait();
  }
  await agentTransport?.cleanup();
  await (await plugin?.transport())?.cleanup();
  await (await core?.transport?.())?.cleanup();
  await database?.close();
  await resources.remove();
  rmSync(dir, { recursive: true, force: true });
}
