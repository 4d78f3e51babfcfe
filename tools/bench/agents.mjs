#!/usr/bin/env node
// Real neutron Zed agents against `net-server start`: runs tools/agents-e2e
// (linuxbridge, DHCP, L3 and metadata agents in network namespaces of its
// own; see its README) --rounds times per process layout and prints the
// median of each timing beside neutron-server Zed's figures for the same
// steps with the same agents, measured on this kind of machine (the issue's
// table: neutron-server is not installed and run here, so those are quoted,
// not measured in this run), and the goals net-server set itself.
// Needs root, the agents' Debian packages (.ci/run installs them), RabbitMQ,
// and the built packages (`npx --yes pnpm@10.34.9 build`).
// Usage: node tools/bench/agents.mjs [--rounds 3] [--layouts workers,single,ovs]
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, layouts: { type: 'string', default: 'workers,single,ovs' } } });
const rounds = Math.max(1, Math.min(Number(values.rounds), 10));
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

// [timing key (the first one a run has), what, neutron-server Zed (ms), goal (ms)]
const MEASURES = [
  [['dhcpPortActiveMs'], 'subnet created -> DHCP port ACTIVE', 24_600, 5_000],
  [['vmPortActiveMs'], 'tap up -> VM port ACTIVE', 3_400, 2_000],
  [['routerReadyMs'], 'interface added -> qrouter with its addresses', 30_000, 10_000],
  // The linuxbridge agent's firewall is iptables, the Open vSwitch agent's OVS flows.
  [['ruleInIptablesMs', 'ruleInFlowsMs'], 'rule created -> in iptables / OVS flows', 5_900, 2_000],
  [['deleteCleanedMs'], 'deletes -> everything cleaned', 27_800, 10_000],
  [['routerPortActiveMs'], 'interface added -> interface port ACTIVE', undefined, undefined],
  [['agentsAliveMs'], 'agents started -> all four alive', undefined, undefined],
];

const runs = {};
for (let round = 1; round <= rounds; round++) {
  const started = Date.now();
  const result = spawnSync('npx', ['vitest', 'run', 'tools/agents-e2e'], {
    cwd: root,
    env: { ...process.env, AGENTS_E2E_LAYOUTS: values.layouts },
    encoding: 'utf8',
    timeout: 900_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (result.stdout ?? '').split('\n').find((text) => text.includes('"benchmark":"agents-e2e"'));
  if (!line) {
    console.error(
      `round ${round}: no result line (exit ${result.status}); the end of the output:\n${(result.stdout ?? '').slice(-3000)}${(result.stderr ?? '').slice(-2000)}`,
    );
    process.exit(1);
  }
  const parsed = JSON.parse(line.slice(line.indexOf('{')));
  for (const [layout, run] of Object.entries(parsed.runs)) {
    const failed = Object.entries(run.steps).filter(([, state]) => state !== 'pass');
    if (failed.length > 0) console.error(`round ${round}, ${layout}: steps not passing: ${failed.map(([name, state]) => `${name} ${state}`).join(', ')}`);
    (runs[layout] ??= []).push(run);
  }
  console.error(`round ${round}/${rounds} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

const median = (numbers) => {
  const sorted = numbers.filter((n) => typeof n === 'number').sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor(sorted.length / 2)];
};
const seconds = (ms) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

for (const [layout, list] of Object.entries(runs)) {
  console.log(`\nnet-server (${layout} layout), median of ${list.length} run(s), with the real Zed agents:`);
  console.log('| step | net-server | neutron-server Zed (quoted) | ratio | goal |');
  console.log('|---|---|---|---|---|');
  for (const [keys, what, neutron, goal] of MEASURES) {
    const ms = median(list.map((run) => keys.map((key) => run.timingsMs[key]).find((value) => value !== undefined)));
    const ratio = ms !== undefined && neutron !== undefined ? `${(neutron / ms).toFixed(1)}x faster` : '-';
    console.log(
      `| ${what} | ${seconds(ms)} | ${seconds(neutron)} | ${ratio} | ${goal === undefined ? '-' : `<= ${seconds(goal)}${ms !== undefined && ms <= goal ? ' (met)' : ''}`} |`,
    );
  }
  const problems = list.map((run) => Object.values(run.agentLogProblems).reduce((sum, count) => sum + count.errors + count.tracebacks, 0));
  console.log(`ERROR/Traceback lines in the agents' logs per run: ${problems.join(', ')}`);
}
