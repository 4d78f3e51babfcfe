import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './tools/vitest/long-files-first.js';

// Tests import workspace packages by their published names; this maps each
// name to its TypeScript source so that a test never runs against a stale
// build. Tests that spawn real processes use the built dist instead.
function workspaceSources(): Record<string, string> {
  const aliases: Record<string, string> = {};
  const root = resolve('packages');
  for (const dir of readdirSync(root)) {
    const manifest = join(root, dir, 'package.json');
    const index = join(root, dir, 'src', 'index.ts');
    if (!existsSync(manifest) || !existsSync(index)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name: string };
    aliases[name] = index;
  }
  return aliases;
}

const ALL = ['packages/*/test/**/*.test.ts', 'tools/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'];
// The launcher's tests time restarts, drains and reloads of real process
// trees: they run after the rest, one file at a time, on an otherwise idle machine.
const ALONE = ['packages/net-server/test/launcher/**/*.test.ts'];
// The files that need no RabbitMQ, PostgreSQL, MariaDB, Python (oslo.messaging, neutron,
// openstackclient) nor a build (`pnpm test:unit` runs them alone, on a bare laptop, in about a
// minute); each passed with none of those present. A new test file goes to `shared` until it is
// listed here. Some need none of them either but are slow (entrypoints' real installs, build-changed's builds).
const UNIT = [
  'packages/entrypoints/test/{discovery,load-by-alias-or-spec,loading,managers,scan-cache,semver}.test.ts',
  'packages/l3/test/{core-plugin-requirement,l3-agent-notifier,l3-scheduler}.test.ts',
  'packages/lib/test/{config-types,converters,definitions-conformance,definitions,errors,extension-validators,file-sink,filtered-producer,human-format,list-filters,logger,net,neutron-conformance,plugins,resource-producers,suggest,tags,uuid5,validators}.test.ts',
  'packages/ml2/test/{agent-drivers,agents-db,extension-drivers,l2population,mechanism-manager,ml2-plugin,network-segments,object-rpc,security-groups,third-party-driver}.test.ts',
  'packages/net-server/test/api/{api,auth-policy,controller-subresources,json-text,keystone-auth,policy,token-cache}.test.ts',
  'packages/net-server/test/{core-capabilities,http-listener,ini-parser,ipam,manager,periodic-worker,postgres-driver,sqlite-wal-mode}.test.ts',
  'packages/net-server/test/logging/{log-file-path,server-logger}.test.ts',
  'packages/net-server/test/launcher/{fork-rate-limiter,worker-counts,worker-exec-argv,workers}.test.ts',
  'packages/rpc-rabbit/test/{options,seen-ids,write-coalescer}.test.ts',
  'packages/rpc/test/{client,connection,dispatch,driver-loader,get-transport,memory-topology,remote-errors,resources-push-rpc-api,rpc-args,server,transport-url}.test.ts',
  'packages/testkit/test/{addresses,build-if-stale}.test.ts',
  'tools/conformance/test/baseline.test.ts',
  'tools/lint/test/{api-surface,guard-rails,rules}.test.ts',
  'tools/release/test/version-bumps.test.ts',
];

export default defineConfig({
  resolve: { alias: workspaceSources() },
  test: {
    pool: 'forks',
    // One worker process serves file after file (no fork and no cold import of node_modules per file);
    // fresh-modules.ts gives each file its own instances of the workspace's modules.
    isolate: false,
    setupFiles: ['./tools/vitest/fresh-modules.ts'],
    globalSetup: ['./tools/vitest/entrypoints-cache.ts'],
    sequence: { sequencer: LongFilesFirst },
    // pnpm puts its hoisted store on NODE_PATH for scripts; discovery honours
    // NODE_PATH, so tests would see every workspace package as installed.
    env: { NODE_PATH: '' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
    projects: [
      // Most tests wait on the broker, PostgreSQL or child processes: three files at a time keep both cores busy
      // (1.88 of 2 on 2026-12-08: the suite in 670-684 s, against 792 s with two files at a time).
      // `unit` runs in the same group, so `vitest run` runs every file once.
      { extends: true, test: { name: 'unit', include: UNIT, maxWorkers: 3, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'shared', include: ALL, exclude: [...ALONE, ...UNIT], maxWorkers: 3, sequence: { groupOrder: 0 } } },
      // The launcher's pure unit tests (UNIT) run with the rest.
      { extends: true, test: { name: 'alone', include: ALONE, exclude: UNIT, maxWorkers: 1, isolate: true, sequence: { groupOrder: 1 } } },
    ],
  },
});
