#!/usr/bin/env node
// net-server at scale: `net-server start` (built dist) with ML2 + router on
// a fresh PostgreSQL database, api_workers = 2 and rpc_workers = 2, and a
// RabbitMQ vhost of its own. Builds through the REST API (bulk POSTs of
// --batch items) networks, subnets, routers (each with a gateway and an
// interface), security groups with their rules, ports bound to simulated
// Open vSwitch agents' hosts and floating IPs on them (with the first tenth
// of the ports); the simulated agents (one RPC transport, one client each)
// report their state at start and then every 30 s, and ask for their
// devices at start. Reports:
//   - build time of each kind of resource (and its rate);
//   - resident memory of every server process after the build;
//   - GET /v2.0/ports?limit=100 following the next links through every
//     port: p50/p99 per page, first page vs last page;
//   - GET /v2.0/ports?device_id=X p50;
//   - sync_routers for one L3 agent hosting --sync-routers routers;
//   - a start-up storm: --storm agents asking for all their devices at once;
//   - the agents' steady state: for --steady seconds, only their reports
//     reach the server; each server process's CPU in percent of a core;
// each at --ports / 10 and at --ports (after an ANALYZE, as autovacuum would
// have run one), with the growth between the two (it
// should be flat for paged and indexed reads), beside same-run floors:
// node:http serving the same page from memory for the API, and an RPC call
// without database work (get_service_plugin_list) for the agents' calls.
// Every phase is bounded in count and in time; progress goes to stderr every
// 10 s, the figures to stdout as JSON. Needs the built packages
// (`npx --yes pnpm@10.34.9 build`), PostgreSQL on 127.0.0.1:5432 (trust)
// and RabbitMQ (rabbitmqctl).
// Usage: node tools/bench/scale.mjs [--ports 100000] [--networks 1000] [--subnets 10000]
//        [--routers 1000] [--fips 5000] [--sg-rules 20000] [--agents 1000]
//        [--sync-routers 100] [--storm 100] [--steady 60] [--batch 100] [--clients 4] [--seconds 1800]
//        [--postgres postgresql://postgres@127.0.0.1:5432]
// A small run: --ports 10000 --networks 100 --subnets 1000 --routers 100 --fips 500 --sg-rules 2000 --agents 100
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchResources, loadPackage, percentile, processCpuSeconds, processTree, repoRoot, residentMemory } from './support.mjs';
import { freePort } from '../vitest/free-port.mjs';

const { getAdminContext, silentLogger, constants, topics } = await loadPackage('lib');
const { RpcClient, Target, getRpcTransport } = await loadPackage('rpc');
const { rabbitDriver } = await loadPackage('rpc-rabbit');

const { values } = parseArgs({
  options: {
    ports: { type: 'string', default: '100000' },
    networks: { type: 'string', default: '1000' },
    subnets: { type: 'string', default: '10000' },
    routers: { type: 'string', default: '1000' },
    fips: { type: 'string', default: '5000' },
    'sg-rules': { type: 'string', default: '20000' },
    agents: { type: 'string', default: '1000' },
    'sync-routers': { type: 'string', default: '100' },
    storm: { type: 'string', default: '100' },
    steady: { type: 'string', default: '60' },
    batch: { type: 'string', default: '100' },
    clients: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '1800' },
    postgres: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432' },
  },
});
const bounded = (name, min, max) => Math.max(min, Math.min(Math.floor(Number(values[name])), max));
const size = {
  ports: bounded('ports', 100, 200_000),
  networks: bounded('networks', 1, 4000),
  subnets: bounded('subnets', 1, 40_000),
  routers: bounded('routers', 1, 4000),
  fips: bounded('fips', 0, 20_000),
  sgRules: bounded('sg-rules', 0, 100_000),
  agents: bounded('agents', 1, 5000),
};
size.subnets = Math.max(size.subnets, size.networks);
size.routers = Math.min(size.routers, size.networks);
const syncRouters = Math.min(bounded('sync-routers', 1, 1000), size.routers);
const stormSize = Math.min(bounded('storm', 1, 5000), size.agents);
const batch = bounded('batch', 1, 1000);
const clients = bounded('clients', 1, 32);
// The agents' steady state (reports only, no API load) is watched this long: two report intervals by default.
const steadyMs = bounded('steady', 10, 600) * 1000;
// Each phase gets at most this long; one that runs out says so and reports what it did.
const phaseMs = bounded('seconds', 10, 7200) * 1000;
const headers = { 'x-project-id': 'bench', 'x-roles': 'admin,member', 'content-type': 'application/json' };
const tag = `scale-bench-${process.pid}-${randomBytes(3).toString('hex')}`;
const REPORT_INTERVAL_MS = 30_000;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const round = (value, digits = 1) => (value === undefined ? undefined : Number(value.toFixed(digits)));
const stats = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { n: sorted.length, p50: round(percentile(sorted, 50), 2), p99: round(percentile(sorted, 99), 2) };
};
const notes = [];

let apiUrl;
async function api(method, path, body) {
  const response = await fetch(`${path.startsWith('http') ? '' : apiUrl}${path}`, {
    method,
    headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(300_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text.slice(0, 500)}`);
  return text === '' ? undefined : JSON.parse(text);
}

/**
 * Runs `fn(first, end)` over [0, count) in steps of `step` from `clients`
 * parallel clients until done or the phase deadline; the figure of the run.
 */
async function parallel(what, count, step, fn) {
  const deadline = Date.now() + phaseMs;
  const started = performance.now();
  let next = 0;
  let done = 0;
  let shown = started;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        if (Date.now() > deadline) throw new Error(`${what}: ${count} took more than ${phaseMs / 1000} s`);
        const first = next;
        const end = Math.min(count, next + step);
        next = end;
        await fn(first, end);
        done += end - first;
        // A build of 100,000 ports takes tens of minutes: say how far it is every 10 s, on stderr beside the JSON on stdout.
        if (performance.now() - shown >= 10_000) {
          shown = performance.now();
          progress(`${what}: ${done.toLocaleString('en')} of ${count.toLocaleString('en')} (${Math.round(done / ((shown - started) / 1000))}/s)`);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  progress(`${what}: ${count.toLocaleString('en')} in ${round(seconds)} s`);
  return { resource: what, count, seconds: round(seconds), perSecond: Math.round(count / seconds) };
}

function progress(line) {
  process.stderr.write(`[scale] ${line}\n`);
}

/** Creates `count` items of `collection` in bulk POSTs of `batch`; the ids in order. */
async function build(collection, count, body) {
  const ids = new Array(count);
  const figure = await parallel(collection.replace(/ies$/, 'y').replace(/s$/, ''), count, batch, async (first, end) => {
    const items = [];
    for (let i = first; i < end; i++) items.push(body(i));
    const created = await api('POST', `/v2.0/${collection.replaceAll('_', '-')}`, { [collection]: items });
    created[collection].forEach((item, offset) => (ids[first + offset] = item.id));
  });
  return { ids, figure };
}

/** One at a time (what has no bulk form: router interfaces, agents' calls). */
function each(what, count, fn) {
  return parallel(what, count, 1, (i) => fn(i));
}

/** Resident memory (MB) of the master and each process under it, by process title. */
function memory(pid) {
  const out = residentMemory(pid).map(({ title, rssMb }) => ({ process: title, rssMb: round(rssMb) }));
  return { processes: out, totalMb: round(out.reduce((sum, p) => sum + p.rssMb, 0)) };
}

/** CPU seconds (user + system) each server process has used so far, by pid. */
function cpuByProcess(pid) {
  return new Map(processTree(pid).map(({ pid: id, title }) => [id, { title, seconds: processCpuSeconds(id) }]));
}

/**
 * The agents' steady state: only their report_state casts (every 30 s each)
 * reach the server for `ms`; each server process's CPU over that time, in
 * percent of one core.
 */
async function steadyState(pid, ms) {
  const before = cpuByProcess(pid);
  const started = performance.now();
  await sleep(ms);
  const after = cpuByProcess(pid);
  const seconds = (performance.now() - started) / 1000;
  const processes = [...after].map(([id, { title, seconds: used }]) => ({
    process: title,
    cpuPercentOfCore: round(((used - (before.get(id)?.seconds ?? used)) / seconds) * 100, 1),
  }));
  return { seconds: round(seconds), reportsPerSecond: round(size.agents / (REPORT_INTERVAL_MS / 1000), 1), processes };
}

/** A GET's time in ms and its parsed body. */
async function timedGet(path) {
  const started = performance.now();
  const body = await api('GET', path);
  return { ms: performance.now() - started, body };
}

/** node:http serving `text` from memory: the floor under any API read of the same bytes, same client. */
async function httpFloor(text, count) {
  const server = createHttpServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const times = [];
  try {
    for (let i = 0; i < count; i++) times.push((await timedGet(url)).ms);
  } finally {
    server.close();
  }
  return stats(times);
}

/** Pages through every port with limit=100, following the next links. */
async function pageAll(expected) {
  const times = [];
  let path = '/v2.0/ports?limit=100';
  let seen = 0;
  let firstText;
  const deadline = Date.now() + phaseMs;
  while (path !== undefined) {
    if (Date.now() > deadline) {
      notes.push(`paging stopped after ${times.length} pages: the phase ran out of time`);
      break;
    }
    const { ms, body } = await timedGet(path);
    firstText ??= JSON.stringify(body);
    times.push(ms);
    seen += body.ports.length;
    const next = body.ports_links?.find((link) => link.rel === 'next')?.href;
    path = next === undefined || body.ports.length === 0 ? undefined : next;
  }
  if (seen < expected) notes.push(`paging saw ${seen} ports of ${expected}`);
  const edge = Math.min(5, Math.floor(times.length / 2));
  const mean = (list) => list.reduce((sum, t) => sum + t, 0) / Math.max(1, list.length);
  // The last page is the empty one that ends the walk; the last full pages are what OFFSET would slow.
  const tail = times.slice(-edge - 1, -1);
  return { pages: times.length, ports: seen, ...stats(times), first5Ms: round(mean(times.slice(0, edge)), 2), last5Ms: round(mean(tail), 2), firstText };
}

async function agentsSetup(transportUrl) {
  const transport = await getRpcTransport(
    { transport_url: transportUrl, control_exchange: 'neutron', rpc_response_timeout: 120 },
    { drivers: { rabbit: rabbitDriver }, logger: silentLogger },
  );
  const context = getAdminContext().toDict();
  const reports = new RpcClient(transport, new Target({ topic: topics.REPORTS, version: '1.2' }));
  const plugin = new RpcClient(transport, new Target({ topic: topics.PLUGIN, version: '1.9' }), { timeoutMs: 300_000 });
  const l3 = new RpcClient(transport, new Target({ topic: topics.L3PLUGIN, version: '1.12' }), { timeoutMs: 300_000 });
  const time = () => new Date().toISOString().replace('T', ' ').replace('Z', '');
  // report_state's arguments: {agent_state: {agent_state: {...}}, time}, as neutron's agents send them.
  const ovsState = (host, start) => ({
    agent_state: {
      agent_state: {
        agent_type: constants.AGENT_TYPE_OVS,
        binary: 'neutron-openvswitch-agent',
        host,
        topic: topics.AGENT,
        configurations: { bridge_mappings: {}, tunnel_types: ['vxlan'], tunneling_ip: '192.0.2.1', l2_population: false },
        ...(start ? { start_flag: true } : {}),
      },
    },
    time: time(),
  });
  const l3State = (host, start) => ({
    agent_state: {
      agent_state: {
        agent_type: constants.AGENT_TYPE_L3,
        binary: constants.AGENT_PROCESS_L3,
        host,
        topic: topics.L3_AGENT,
        configurations: { agent_mode: 'legacy' },
        ...(start ? { start_flag: true } : {}),
      },
    },
    time: time(),
  });
  // The server answers HTTP a moment before its RPC consumers are up, and a call sent before is lost: ask until each topic answers.
  const deadline = Date.now() + 120_000;
  for (const [client, method, args] of [
    [reports, 'report_state', ovsState('scale-probe', true)],
    [plugin, 'get_devices_details_list_and_failed_devices', { devices: [], agent_id: 'probe', host: 'scale-probe' }],
    [l3, 'get_service_plugin_list', {}],
  ]) {
    for (;;) {
      try {
        await client.prepare({ timeoutMs: 2000 }).call(context, method, args);
        break;
      } catch (error) {
        if (Date.now() > deadline || error.code !== 'MessagingTimeout') throw error;
      }
    }
  }
  return { transport, context, reports, plugin, l3, ovsState, l3State };
}

function configuration({ port, dir, dbUrl, transportUrl }) {
  return [
    '[DEFAULT]',
    'host = scale-bench-server',
    'core_plugin = ml2',
    'service_plugins = router',
    'allow_overlapping_ips = true',
    'bind_host = 127.0.0.1',
    `bind_port = ${port}`,
    'api_workers = 2',
    'rpc_workers = 2',
    `transport_url = ${transportUrl}`,
    'control_exchange = neutron',
    'rpc_response_timeout = 120',
    'agent_down_time = 600',
    `state_path = ${join(dir, 'state')}`,
    '[database]',
    `connection = ${dbUrl}`,
    '[QUOTAS]',
    'quota_network = -1',
    'quota_subnet = -1',
    'quota_port = -1',
    'quota_router = -1',
    'quota_floatingip = -1',
    'quota_security_group = -1',
    'quota_security_group_rule = -1',
    '[ml2]',
    'type_drivers = flat,vxlan',
    'tenant_network_types = vxlan',
    'mechanism_drivers = openvswitch',
    '[ml2_type_vxlan]',
    'vni_ranges = 1:100000',
    '',
  ].join('\n');
}

async function startServer(dir, resources) {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'scale-bench-app', version: '1.0.0', private: true }));
  for (const [name, folder] of [
    ['net-server', 'net-server'],
    ['@net-server/ml2', 'ml2'],
    ['@net-server/l3', 'l3'],
    ['@net-server/rpc-rabbit', 'rpc-rabbit'],
  ]) {
    const link = join(dir, 'node_modules', name);
    mkdirSync(dirname(link), { recursive: true });
    symlinkSync(join(repoRoot, 'packages', folder), link, 'dir');
  }
  const port = await freePort();
  const config = join(dir, 'net-server.conf');
  writeFileSync(config, configuration({ port, dir, ...resources }));
  const bin = join(repoRoot, 'packages/net-server/dist/bin.js');
  const env = { PATH: process.env.PATH, HOME: dir, NODE_PATH: '', NET_SERVER_LOG_LEVEL: 'warn' };
  const upgrade = spawn(process.execPath, [bin, 'db', 'upgrade', '--config-file', config], { cwd: dir, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise((done) => upgrade.on('exit', done));
  if (code !== 0) throw new Error(`net-server db upgrade exited with ${code}`);
  const log = join(dir, 'server.log');
  const child = spawn(process.execPath, [bin, 'start', '--config-file', config], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', openSync(log, 'w')],
  });
  apiUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (
    (await fetch(`${apiUrl}/v2.0/networks`, { headers }).then(
      (r) => r.status,
      () => 0,
    )) !== 200
  ) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${readFileSync(log, 'utf8').slice(-2000)}`);
    if (Date.now() > deadline) throw new Error('the server did not answer within 120 s');
    await sleep(100);
  }
  return { child, log };
}

/** sync_routers for the agent hosting the sync routers, and the RPC floor beside it. */
async function rpcReads(agents, l3Host, count) {
  const sync = [];
  const floor = [];
  const deadline = Date.now() + phaseMs;
  let routers = 0;
  for (let i = 0; i < count && Date.now() < deadline; i++) {
    let started = performance.now();
    routers = (await agents.l3.call(agents.context, 'sync_routers', { host: l3Host })).length;
    sync.push(performance.now() - started);
    started = performance.now();
    await agents.l3.call(agents.context, 'get_service_plugin_list', {});
    floor.push(performance.now() - started);
  }
  if (routers !== syncRouters) notes.push(`sync_routers returned ${routers} routers, expected ${syncRouters}`);
  return { syncRouters: stats(sync), floor: stats(floor) };
}

/** `stormSize` agents asking for all their devices at once (get_devices_details_list_and_failed_devices). */
async function storm(agents, devicesOf) {
  const times = [];
  let devices = 0;
  let failed = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: stormSize }, async (_, i) => {
      const host = `agent-${i}`;
      const list = devicesOf(i);
      const begin = performance.now();
      const reply = await agents.plugin.call(agents.context, 'get_devices_details_list_and_failed_devices', { devices: list, agent_id: `ovs-${host}`, host });
      times.push(performance.now() - begin);
      devices += reply.devices.length;
      failed += reply.failed_devices.length;
    }),
  );
  if (failed > 0) notes.push(`the storm got ${failed} failed devices`);
  return { agents: stormSize, devices, wallMs: round(performance.now() - started), perAgent: stats(times) };
}

async function reads(agents, l3Host, portIds, devicesOf) {
  progress(`reads at ${portIds.length.toLocaleString('en')} ports: paging, device_id filters, sync_routers, a start-up storm`);
  const paging = await pageAll(portIds.length);
  const pageFloor = await httpFloor(paging.firstText, 200);
  delete paging.firstText;
  const byDevice = [];
  for (let i = 0; i < 200; i++) {
    const index = Math.floor((i * portIds.length) / 200);
    const { ms, body } = await timedGet(`/v2.0/ports?device_id=vm-${index}`);
    if (body.ports.length !== 1) notes.push(`device_id=vm-${index} listed ${body.ports.length} ports`);
    byDevice.push(ms);
  }
  const rpc = await rpcReads(agents, l3Host, 20);
  const startup = await storm(agents, devicesOf);
  return { ports: portIds.length, paging, pageFloor, pageRatio: round(paging.p50 / pageFloor.p50, 2), deviceIdFilter: stats(byDevice), ...rpc, storm: startup };
}

const dir = mkdtempSync(join(tmpdir(), 'scale-bench-'));
const resources = await benchResources(tag, dir, values.postgres);
let server;
let agents;
let reporter;
let l3Reporter;
try {
  server = await startServer(dir, resources);
  agents = await agentsSetup(resources.transportUrl);
  const figures = [];
  const reportStarted = performance.now();
  // Every agent starts: report_state (a call, start_flag) before its ports are bound to its host.
  await each('agent start (report_state)', size.agents, (i) => agents.reports.call(agents.context, 'report_state', agents.ovsState(`agent-${i}`, true)));
  figures.push({ resource: 'agents started', count: size.agents, seconds: round((performance.now() - reportStarted) / 1000) });
  let reportNext = 0;
  // Then every REPORT_INTERVAL_MS each, as casts spread over the interval.
  reporter = setInterval(() => {
    const i = reportNext++ % size.agents;
    agents.reports.cast(agents.context, 'report_state', agents.ovsState(`agent-${i}`, false)).catch(() => undefined);
  }, REPORT_INTERVAL_MS / size.agents);
  const l3Host = 'scale-l3-sync';
  // Each L3 host has its L2 agent too, which binds the routers' ports there. Both report every 30 s as well: a build
  // longer than agent_down_time would otherwise leave them dead, the routers' ports unbindable, and every sync_routers
  // binding them all again.
  const l3Hosts = [];
  const l3Agent = async (host) => {
    await agents.reports.call(agents.context, 'report_state', agents.ovsState(host, true));
    await agents.reports.call(agents.context, 'report_state', agents.l3State(host, true));
    l3Hosts.push(host);
  };
  await l3Agent(l3Host);
  l3Reporter = setInterval(() => {
    for (const host of l3Hosts) {
      agents.reports.cast(agents.context, 'report_state', agents.ovsState(host, false)).catch(() => undefined);
      agents.reports.cast(agents.context, 'report_state', agents.l3State(host, false)).catch(() => undefined);
    }
  }, REPORT_INTERVAL_MS);

  const externalNet = (await api('POST', '/v2.0/networks', { network: { name: 'public', 'router:external': true } })).network;
  await api('POST', '/v2.0/subnets', { subnet: { network_id: externalNet.id, ip_version: 4, cidr: '100.64.0.0/10', enable_dhcp: false } });
  const nets = await build('networks', size.networks, (i) => ({ name: `net-${i}` }));
  figures.push(nets.figure);
  const perNetwork = Math.ceil(size.subnets / size.networks);
  const subnets = await build('subnets', size.subnets, (i) => ({
    network_id: nets.ids[i % size.networks],
    ip_version: 4,
    cidr: `10.${Math.floor(i / size.networks) % 256}.0.0/16`,
    enable_dhcp: false,
  }));
  if (perNetwork > 256) notes.push('more than 256 subnets per network: CIDRs repeat');
  figures.push(subnets.figure);
  // The sync agent's routers first (the only L3 agent then), the rest once 10 more agents share them.
  const routers = await build('routers', syncRouters, (i) => ({ name: `router-${i}`, external_gateway_info: { network_id: externalNet.id } }));
  for (let i = 0; i < 10; i++) await l3Agent(`scale-l3-${i}`);
  const more = await build('routers', size.routers - syncRouters, (i) => ({
    name: `router-${syncRouters + i}`,
    external_gateway_info: { network_id: externalNet.id },
  }));
  const routerIds = [...routers.ids, ...more.ids];
  const routerSeconds = routers.figure.seconds + more.figure.seconds;
  figures.push({ ...more.figure, count: size.routers, seconds: round(routerSeconds), perSecond: Math.round(size.routers / routerSeconds) });
  figures.push(
    await each('router interfaces', size.routers, (i) => api('PUT', `/v2.0/routers/${routerIds[i]}/add_router_interface`, { subnet_id: subnets.ids[i] })),
  );
  const groupCount = Math.ceil(size.sgRules / 100);
  const groups = await build('security_groups', groupCount, (i) => ({ name: `sg-${i}` }));
  figures.push(groups.figure);
  figures.push(
    (
      await build('security_group_rules', size.sgRules, (i) => ({
        security_group_id: groups.ids[Math.floor(i / 100)],
        direction: 'ingress',
        ethertype: 'IPv4',
        protocol: 'tcp',
        port_range_min: 1000 + (i % 100),
        port_range_max: 1000 + (i % 100),
      }))
    ).figure,
  );

  // Ports: network i % networks, bound to agent i % agents, device vm-i.
  const portBody = (i) => ({
    network_id: nets.ids[i % size.networks],
    device_owner: 'compute:nova',
    device_id: `vm-${i}`,
    'binding:host_id': `agent-${i % size.agents}`,
    // The network's first subnet, the one its router's interface is on (floating IPs need it).
    fixed_ips: [{ subnet_id: subnets.ids[i % size.networks] }],
  });
  const portIds = [];
  const devicesOf = (agent) => portIds.filter((_, i) => i % size.agents === agent);
  const results = [];
  const stages = [Math.floor(size.ports / 10), size.ports];
  let built = 0;
  let autovacuum;
  for (const target of stages) {
    const stage = await build('ports', target - built, (i) => portBody(built + i));
    portIds.push(...stage.ids);
    figures.push({ ...stage.figure, resource: `ports ${built + 1}-${target}` });
    built = target;
    if (target === stages[0] && size.fips > 0) {
      // Floating IPs on ports of the networks behind routers, built with the first tenth of the ports: both sizes then
      // read the same floating IPs (sync_routers carries its routers' ones), so what grows is the ports alone.
      const fipPorts = portIds.filter((_, i) => i % size.networks < size.routers).slice(0, size.fips);
      if (fipPorts.length < size.fips) notes.push(`${fipPorts.length} floating IPs of ${size.fips}: the first ${target} ports have no more behind routers`);
      figures.push((await build('floatingips', fipPorts.length, (i) => ({ floating_network_id: externalNet.id, port_id: fipPorts[i] }))).figure);
    }
    autovacuum = await resources.analyze();
    results.push(await reads(agents, l3Host, portIds, devicesOf));
  }
  const rss = memory(server.child.pid);
  progress(`steady state: ${size.agents} agents reporting every ${REPORT_INTERVAL_MS / 1000} s, for ${steadyMs / 1000} s`);
  const steady = await steadyState(server.child.pid, steadyMs);
  const [small, large] = results;
  const growth = (pick) => round(pick(large) / pick(small), 2);
  const summary = {
    benchmark: 'scale',
    database: 'PostgreSQL',
    sizes: { ...size, syncRouters, storm: stormSize, batch, clients },
    // The reads are measured after an ANALYZE of the database (see benchResources).
    autovacuum,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    build: figures,
    rss,
    steadyState: steady,
    reads: results,
    growth: {
      note: `from ${small.ports} to ${large.ports} ports (x${round(large.ports / small.ports)})`,
      pageP50: growth((r) => r.paging.p50),
      pageP99: growth((r) => r.paging.p99),
      lastPageOverFirst: [round(small.paging.last5Ms / small.paging.first5Ms, 2), round(large.paging.last5Ms / large.paging.first5Ms, 2)],
      deviceIdP50: growth((r) => r.deviceIdFilter.p50),
      syncRoutersP50: growth((r) => r.syncRouters.p50),
      stormWall: growth((r) => r.storm.wallMs),
    },
    notes,
  };
  console.log(JSON.stringify(summary, null, 2));
} finally {
  clearInterval(reporter);
  clearInterval(l3Reporter);
  await agents?.transport.cleanup().catch(() => undefined);
  if (server && server.child.exitCode === null) {
    process.kill(-server.child.pid, 'SIGTERM');
    const exited = new Promise((done) => server.child.once('exit', done));
    if ((await Promise.race([exited.then(() => true), sleep(20_000).then(() => false)])) === false) process.kill(-server.child.pid, 'SIGKILL');
  }
  await resources.remove();
  rmSync(dir, { recursive: true, force: true });
}
