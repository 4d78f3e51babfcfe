#!/usr/bin/env node
// Discovery benchmark for @net-server/entrypoints: one namespace among N
// installed packages (npm flat and pnpm isolated layouts), cold (no scan
// cache) and warm (cache), each in a fresh process, beside a same-run
// baseline: a plain synchronous scan that reads every package.json.
// Usage: node tools/bench/entrypoints.mjs [--sizes 10,100,1000,5000] [--runs 7] [--plugins-every 100]
// --plugins-every 1 is the worst case: every installed package declares entry points.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const NS = 'net_server.bench_plugins';
const self = fileURLToPath(import.meta.url);

function manifest(i, deps, every) {
  const name = i % 5 === 0 ? `@scope${i % 7}/pkg-${i}` : `pkg-${i}`;
  const json = {
    name,
    version: `1.${i % 10}.0`,
    description: `Benchmark package number ${i}, shaped like a typical npm package manifest with scripts and dependencies.`,
    main: 'index.js',
    license: 'MIT',
    repository: { type: 'git', url: `https://example.invalid/${name}.git` },
    scripts: { build: 'tsc -p .', test: 'vitest run' },
    keywords: ['bench', 'fixture', 'package'],
    dependencies: Object.fromEntries(deps.map((d) => [d, '^1.0.0'])),
  };
  // One package in `every` (a hundred by default) is a plugin of the measured namespace.
  if (i % every === 0) json.entryPoints = { [NS]: { [`plugin-${i}`]: './index.js:Plugin' }, 'net_server.other': { x: './x.js' } };
  return json;
}

function build(layout, count, every) {
  const root = mkdtempSync(join(tmpdir(), `ep-bench-${layout}-${count}-`));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0' }));
  const manifests = Array.from({ length: count }, (_, i) =>
    manifest(
      i,
      [1, 2, 3].map((k) => `pkg-${(i * 7 + k) % count}`).filter((d) => d !== `pkg-${i}` && !d.endsWith('0')),
      every,
    ),
  );
  const write = (dir, json) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify(json, null, 2));
    writeFileSync(join(dir, 'index.js'), 'export class Plugin {}\n');
  };
  if (layout === 'npm') {
    for (const json of manifests) write(join(root, 'node_modules', json.name), json);
    writeFileSync(join(root, 'node_modules', '.package-lock.json'), '{}');
  } else {
    const store = join(root, 'node_modules', '.pnpm');
    const storeDir = (json) => join(store, `${json.name.replace('/', '+')}@${json.version}`, 'node_modules');
    const byName = new Map(manifests.map((json) => [json.name, json]));
    const link = (at, target) => {
      mkdirSync(dirname(at), { recursive: true });
      symlinkSync(relative(dirname(at), target), at, 'dir');
    };
    for (const json of manifests) write(join(storeDir(json), json.name), json);
    manifests.forEach((json, i) => {
      for (const dep of Object.keys(json.dependencies)) {
        const target = byName.get(dep);
        if (target) link(join(storeDir(json), dep), join(storeDir(target), target.name));
      }
      // A tenth are direct dependencies; the rest are reachable only through the graph.
      if (i % 10 === 0 || i % 100 === 0) link(join(root, 'node_modules', json.name), join(storeDir(json), json.name));
    });
    writeFileSync(join(root, 'node_modules', '.modules.yaml'), 'layoutVersion: 5\n');
  }
  return root;
}

// The baseline: what any loader must at least do, read and parse every package.json.
function plainScan(root) {
  const found = [];
  const seen = new Set();
  const seenDirs = new Set();
  const queue = [join(root, 'node_modules')];
  for (let i = 0; i < queue.length; i++) {
    if (seenDirs.has(queue[i])) continue;
    seenDirs.add(queue[i]);
    let entries;
    try {
      entries = readdirSync(queue[i], { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const names = entry.name.startsWith('@') ? readdirSync(join(queue[i], entry.name)).map((n) => `${entry.name}/${n}`) : [entry.name];
      for (const name of names) {
        const dir = realpathSync(join(queue[i], name));
        if (seen.has(dir)) continue;
        seen.add(dir);
        try {
          const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
          if (json.entryPoints?.[NS]) found.push(...Object.keys(json.entryPoints[NS]));
        } catch {
          continue;
        }
        queue.push(join(dir, 'node_modules'));
        const container = name.includes('/') ? dirname(dirname(dir)) : dirname(dir);
        if (container.endsWith('node_modules')) queue.push(container);
      }
    }
  }
  return found.length;
}

async function child(mode, root) {
  const { discover, ExtensionManager } = await import('@net-server/entrypoints');
  const start = performance.now();
  let count;
  if (mode === 'baseline') count = plainScan(root);
  else count = discover({ root, cache: mode === 'warm', namespace: NS }).entryPoints(NS).length;
  const ms = performance.now() - start;
  let namesMs;
  let loadMs;
  if (mode === 'warm') {
    // In a long-running host: asking again for the namespace's names.
    let t = performance.now();
    discover({ root })
      .entryPoints(NS)
      .map((entryPoint) => entryPoint.name);
    namesMs = performance.now() - t;
    // And a manager that imports every plugin of the namespace.
    t = performance.now();
    (await ExtensionManager.load({ namespace: NS, root })).names();
    loadMs = performance.now() - t;
  }
  process.stdout.write(JSON.stringify({ ms, count, namesMs, loadMs }));
}

function runChild(mode, root, env) {
  const out = execFileSync(process.execPath, [self, '--child', mode, root], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return JSON.parse(out);
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: sorted[Math.floor(sorted.length / 2)], min: sorted[0], max: sorted[sorted.length - 1] };
};
const fmt = ({ median, min, max }, digits = 1) => `${median.toFixed(digits)} ms [${min.toFixed(digits)}-${max.toFixed(digits)}]`;

async function main() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10,100,1000,5000' },
      runs: { type: 'string', default: '7' },
      'plugins-every': { type: 'string', default: '100' },
      child: { type: 'boolean' },
    },
    allowPositionals: true,
    strict: false,
  });
  if (values.child) return child(process.argv[3], process.argv[4]);
  const sizes = values.sizes.split(',').map(Number);
  const runs = Math.min(Number(values.runs), 25);
  const every = Math.max(1, Number(values['plugins-every']));
  const cacheDir = mkdtempSync(join(tmpdir(), 'ep-bench-cache-'));
  console.log(`entrypoints discovery, one namespace, fresh process per run, ${runs} runs, one package in ${every} a plugin, node ${process.version}`);
  console.log(
    `layout  packages  baseline (plain scan)   cold (no cache)          warm (cache)            cold/base  warm/base  names() again in-process  ExtensionManager.load (imports N/${every} plugins)`,
  );
  try {
    for (const layout of ['npm', 'pnpm']) {
      for (const size of sizes) {
        const root = build(layout, size, every);
        try {
          const env = { NET_SERVER_ENTRYPOINTS_CACHE_DIR: cacheDir };
          const base = [],
            cold = [],
            warm = [],
            names = [],
            loads = [];
          runChild('warm', root, env);
          for (let i = 0; i < runs; i++) {
            base.push(runChild('baseline', root, env).ms);
            cold.push(runChild('cold', root, { ...env, NET_SERVER_ENTRYPOINTS_CACHE: '0' }).ms);
            const w = runChild('warm', root, env);
            warm.push(w.ms);
            names.push(w.namesMs);
            loads.push(w.loadMs);
          }
          const [b, c, w, n, l] = [stats(base), stats(cold), stats(warm), stats(names), stats(loads)];
          console.log(
            `${layout.padEnd(6)}  ${String(size).padStart(8)}  ${fmt(b).padEnd(22)}  ${fmt(c).padEnd(23)}  ${fmt(w).padEnd(22)}  ${(c.median / b.median).toFixed(2).padStart(8)}x  ${(w.median / b.median).toFixed(2).padStart(8)}x  ${fmt(n, 3).padEnd(24)}  ${fmt(l)}`,
          );
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      }
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
