import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGENT_TYPES } from '../src/agents.js';
import { AgentsScenario, type Layout } from '../src/scenario.js';

/*
 * The real neutron Zed agents (linuxbridge, DHCP, L3, metadata; Debian's
 * packages) attached over RabbitMQ to a real `net-server start`, in network
 * namespaces of the test's own, walked through what an operator checks
 * after a deployment, once per layout: net-server's process layouts
 * `workers` (API, RPC and state-report workers in processes of their own)
 * and `single` (everything in one process) with the linuxbridge agent, and
 * `ovs` (the workers layout with the Open vSwitch agent on OVS's userspace
 * datapath). Each step records its timings; the last afterAll prints them
 * as one JSON line ({"benchmark":"agents-e2e",...}). See ../README.md.
 *
 * AGENTS_E2E_LAYOUTS=workers (or single, ovs, or a comma list) runs those layouts only;
 * AGENTS_E2E_LOG_DIR=<dir> keeps the logs in <dir>/<layout>.
 */
const LAYOUTS: Layout[] = (process.env['AGENTS_E2E_LAYOUTS'] ?? 'workers,single,ovs')
  .split(',')
  .filter((l): l is Layout => l === 'workers' || l === 'single' || l === 'ovs');
const STEP_TIMEOUT = 150_000;
const results: Record<string, unknown> = {};

afterAll(() => {
  console.log(JSON.stringify({ benchmark: 'agents-e2e', runs: results }));
});

describe.sequential.each(LAYOUTS)('real neutron agents against net-server (%s)', (layout) => {
  const logDir = process.env['AGENTS_E2E_LOG_DIR'];
  const scenario = new AgentsScenario({ layout, logDir: logDir ? `${logDir}/${layout}` : undefined, waitMs: 60_000 });
  // Every step starts as 'not run' (e.g. when the set-up fails) and ends 'pass' or 'fail'.
  const steps: Record<string, string> = Object.fromEntries(['setUp', 'a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => [name, 'not run']));

  /** Runs a step and records pass/fail for the summary line. */
  async function step(name: string, body: () => Promise<void>): Promise<void> {
    steps[name] = 'fail';
    await body();
    steps[name] = 'pass';
  }

  beforeAll(async () => {
    if (logDir) (await import('node:fs')).mkdirSync(`${logDir}/${layout}`, { recursive: true });
    await step('setUp', () => scenario.setUp());
  }, 180_000);

  afterAll(async () => {
    // Counted before the tear-down, which removes the logs (unless AGENTS_E2E_LOG_DIR keeps them).
    results[layout] = scenario.summary(steps);
    try {
      await scenario.tearDown();
    } finally {
      if (scenario.cleanup.failures.length) console.error(`cleanup problems:\n${scenario.cleanup.failures.join('\n')}`);
    }
  }, 120_000);

  it(
    'a. the four agents start and show alive (GET /v2.0/agents, openstack network agent list)',
    async () => {
      await step('a', async () => {
        const agents = await scenario.stepAgentsAlive();
        expect(
          agents
            .filter((agent) => agent['host'] === scenario.host && agent['alive'] === true)
            .map((agent) => agent['agent_type'])
            .sort(),
        ).toEqual(scenario.agentKinds.map((kind) => AGENT_TYPES[kind]).sort());
      });
    },
    STEP_TIMEOUT,
  );

  it(
    'b. a VXLAN network with a DHCP subnet: the DHCP port goes ACTIVE, qdhcp-<net> and its dnsmasq exist',
    async () => {
      await step('b', () => scenario.stepNetworkWithDhcp());
    },
    STEP_TIMEOUT,
  );

  it(
    'c. the VM port binds (vif_type bridge, or ovs), goes ACTIVE when its tap is up, and the VM gets its address by DHCP',
    async () => {
      await step('c', () => scenario.stepVmPort());
    },
    STEP_TIMEOUT,
  );

  it(
    'd. a router with an interface on the subnet and a gateway on the flat external network: qrouter-<id>, qr-/qg- addresses, ports ACTIVE, pings',
    async () => {
      await step('d', () => scenario.stepRouter());
    },
    STEP_TIMEOUT,
  );

  it(
    "e. security groups: the VM port's firewall (iptables chains, or OVS flows) exists, a new rule reaches it",
    async () => {
      await step('e', () => scenario.stepSecurityGroups());
    },
    STEP_TIMEOUT,
  );

  it(
    'f. deleting everything through the API removes the qdhcp-/qrouter- namespaces and their dnsmasq/haproxy',
    async () => {
      await step('f', () => scenario.stepDeleteAll());
    },
    STEP_TIMEOUT,
  );

  it(
    'g. no agent logged an ERROR or a Traceback over the whole run',
    async () => {
      await step('g', async () => {
        const problems = scenario.logProblems();
        const details = Object.entries(problems)
          .filter(([, count]) => count.errors + count.tracebacks > 0)
          .map(
            ([kind, count]) =>
              `${kind}: ${count.errors} ERROR, ${count.tracebacks} Traceback lines\n  ${scenario
                .diagnose([kind as never])
                .split('\n')
                .slice(1)
                .join('\n  ')}`,
          );
        expect(details.join('\n'), 'agent logs with ERROR or Traceback lines').toBe('');
      });
    },
    STEP_TIMEOUT,
  );
});
