import { parseArgs } from 'node:util';
import { defaultKeystoneHome, ConformanceEnvironment, removeKeystoneHome } from './environment.js';
import { parseAgents } from './agents.js';
import { compare, formatComparison, loadResults, saveResults } from './baseline.js';
import { KEYSTONE_THREADS } from './keystone.js';
import { formatReport, summarize, summaryLine } from './results.js';

const USAGE = `Usage: node tools/conformance/bin/conformance.mjs [options]

Starts a real Keystone and net-server (the workspace's build) or, with
--server neutron, Debian's neutron-server Zed in the same configuration,
writes tempest.conf, runs a Tempest suite and prints pass/fail/skip with the
failures grouped by error and by test class, then one JSON line.

  --regex RE             the tests to run (default ^tempest\\.api\\.network)
  --exclude-regex RE     tests to leave out
  --concurrency N        tempest run --concurrency (default 2)
  --timeout MIN          stop Tempest after MIN minutes (default 120)
  --keep                 leave Keystone running at the end; the next run with --keep reuses it
  --stop-keystone        stop and remove a kept Keystone, then exit
  --keystone-home DIR    where a kept Keystone lives (default, with --keep or --stop-keystone:
                         $TMPDIR/net-server-conformance-keystone); without --keep nor this,
                         a run has a Keystone of its own
  --keystone-workers N   uwsgi worker processes (default 1; each takes ~25 s to load on 2 busy cores)
  --keystone-threads N   threads per worker (default 32: each kept-alive connection holds one)
  --server NAME          net-server (default) or neutron (neutron-server Zed, PostgreSQL)
  --server-db KIND       net-server's database: sqlite (default) or postgresql (a database of the run's own)
  --set S.O=V            a server setting, e.g. --set DEFAULT.api_workers=2 (repeatable)
  --agents LIST          run Debian's agents beside the server, as devstack does, on a network
                         namespace of the run's own: any of linuxbridge,dhcp,l3 (needs root)
  --log-dir DIR          keep the logs (the server, Keystone, tempest) in DIR
  --results FILE         write each test's outcome (passed, failed, skipped) to FILE as JSON
  --compare FILE         a --results file of another run (e.g. neutron's, tools/conformance/baselines/):
                         report how many of the tests it passed this run passed, and which not
  --default-subnetpools  create shared default IPv4 and IPv6 subnet pools first, as devstack does
                         (the auto-allocated topology tests skip without one)
  --no-install           do not apt-get install missing packages
  --quiet                do not echo Tempest's output
`;

function parseSettings(values: string[]): Record<string, Record<string, string>> {
  const settings: Record<string, Record<string, string>> = {};
  for (const value of values) {
    const match = /^([^.=]+)\.([^=]+)=(.*)$/.exec(value);
    if (!match) throw new Error(`--set ${value}: expected section.option=value`);
    (settings[match[1]!] ??= {})[match[2]!] = match[3]!;
  }
  return settings;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      regex: { type: 'string', default: '^tempest\\.api\\.network' },
      'exclude-regex': { type: 'string' },
      concurrency: { type: 'string', default: '2' },
      timeout: { type: 'string', default: '120' },
      keep: { type: 'boolean', default: false },
      'stop-keystone': { type: 'boolean', default: false },
      'keystone-home': { type: 'string' },
      'keystone-workers': { type: 'string', default: '1' },
      'keystone-threads': { type: 'string', default: String(KEYSTONE_THREADS) },
      server: { type: 'string', default: 'net-server' },
      'server-db': { type: 'string', default: 'sqlite' },
      set: { type: 'string', multiple: true, default: [] },
      agents: { type: 'string', default: '' },
      'log-dir': { type: 'string' },
      results: { type: 'string' },
      compare: { type: 'string' },
      'no-install': { type: 'boolean', default: false },
      'default-subnetpools': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const started = Date.now();
  const log = (line: string) => process.stderr.write(`[conformance ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`);
  if (values['stop-keystone']) {
    const home = values['keystone-home'] ?? defaultKeystoneHome();
    log((await removeKeystoneHome(home)) ? `stopped and removed the Keystone kept in ${home}` : `no Keystone kept in ${home}`);
    return 0;
  }
  // Only runs that ask share a Keystone: a run adopts (and, unless it keeps it, stops) the one it finds in its home.
  const keystoneHome = values['keystone-home'] ?? (values.keep ? defaultKeystoneHome() : undefined);
  const serverDatabase = values['server-db'];
  if (serverDatabase !== 'sqlite' && serverDatabase !== 'postgresql') throw new Error(`--server-db ${serverDatabase}: sqlite or postgresql`);
  const server = values.server;
  if (server !== 'net-server' && server !== 'neutron') throw new Error(`--server ${server}: net-server or neutron`);
  const suite = values.regex;
  // Read before the run: a wrong path should not cost a Tempest run.
  const baseline = values.compare ? loadResults(values.compare) : undefined;
  const environment = new ConformanceEnvironment({
    log,
    logDir: values['log-dir'],
    keystoneHome,
    keepKeystone: values.keep,
    keystoneWorkers: Number(values['keystone-workers']),
    keystoneThreads: Number(values['keystone-threads']),
    serverDatabase,
    server,
    settings: parseSettings(values.set),
    agents: parseAgents(values.agents),
    installPackages: !values['no-install'],
    defaultSubnetPools: values['default-subnetpools'],
  });
  try {
    await environment.setUp();
    const tempest = await environment.tempest();
    log(`running tempest against ${server} (--regex '${suite}', --concurrency ${values.concurrency}); its output is in ${environment.logDir}/tempest-run.log`);
    const tempestStarted = Date.now();
    const result = await tempest.run({
      regex: suite,
      ...(values['exclude-regex'] ? { excludeRegex: values['exclude-regex'] } : {}),
      concurrency: Number(values.concurrency),
      timeoutMs: Number(values.timeout) * 60_000,
      logFile: `${environment.logDir}/tempest-run.log`,
      // stestr's per-test lines ("{1} tempest.api... [1.2s] ... ok"); the rest (tracebacks, totals) stays in the log.
      onLine: values.quiet ? undefined : (line) => (/^\{\d+\} /.test(line) ? process.stdout.write(`${line}\n`) : undefined),
    });
    const tempestSeconds = (Date.now() - tempestStarted) / 1000;
    environment.timings['tempest'] = Math.round(tempestSeconds * 10) / 10;
    if (result.timedOut) log(`tempest was stopped after ${values.timeout} min`);
    const summary = summarize(result.records);
    if (summary.total === 0) throw new Error(`tempest ran no test (exit ${String(result.exitCode)}); see ${environment.logDir}/tempest-run.log`);
    process.stdout.write(`\n${formatReport(suite, summary, tempestSeconds)}\n\n`);
    if (values.results) saveResults(values.results, { suite, server, date: new Date().toISOString(), seconds: Math.round(tempestSeconds) }, result.records);
    const comparison = baseline && compare(baseline, result.records);
    if (comparison) process.stdout.write(`${formatComparison(comparison)}\n\n`);
    environment.timings['total'] = Math.round((Date.now() - started) / 100) / 10;
    const compared = comparison ? { baseline: { server: comparison.baselineServer, passed: comparison.baselinePassed, passedToo: comparison.passedToo } } : {};
    process.stdout.write(`${summaryLine(suite, summary, environment.timings, { server, timedOut: result.timedOut, ...compared })}\n`);
    return summary.failed === 0 && !result.timedOut ? 0 : 1;
  } finally {
    await environment.tearDown();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(2);
  },
);
