#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listEntryPoints, type EntryPointReport } from './list-entry-points.js';

const HELP = `Usage: net-server-entrypoints list [namespace] [options]

Lists the plugins that installed packages declare in their package.json
"entryPoints" field, for the application in --root, and every package that
was skipped or shadowed and why. Answers "why is my plugin not found?".

Arguments:
  namespace          only this namespace (e.g. net_server.core_plugins)

Options:
  --root DIR         application root whose node_modules are searched (default: .)
  --path DIR         extra node_modules-like directory to search (repeatable)
  --load             import every entry point and report whether it loads
  --json             print one JSON array of {namespace, name, value, package,
                     version, path[, error]}; skipped packages have null
                     namespace, name and value
  --no-cache         scan afresh instead of using the scan cache
  -h, --help         show this help
  -v, --version      print the version

Environment:
  NET_SERVER_ENTRYPOINTS_CACHE=0     never use the scan cache
  NET_SERVER_ENTRYPOINTS_CACHE_DIR   where the scan cache lives
  NODE_PATH                          extra directories, searched after --root

Exit status: 0 when every listed entry point is usable, 1 when any failed to
load (with --load), was rejected, shadowed or skipped, 2 on a usage error.
`;

function version(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

function toJson(report: EntryPointReport): Record<string, string | null> {
  const { namespace, name, value, package: pkg, version: ver, path, error } = report;
  return { namespace, name, value, package: pkg, version: ver, path, ...(error === undefined ? {} : { error }) };
}

function toText(reports: EntryPointReport[]): string {
  const lines: string[] = [];
  let namespace: string | null | undefined;
  for (const report of reports.filter((r) => r.namespace !== null)) {
    if (report.namespace !== namespace) {
      namespace = report.namespace;
      lines.push(namespace as string);
    }
    lines.push(`  ${report.name} = ${report.value}  ${report.package}@${report.version}  ${report.path}  [${report.status}]`);
    if (report.error) lines.push(`      ${report.error}`);
  }
  const others = reports.filter((r) => r.namespace === null);
  if (others.length > 0) {
    lines.push('not used:');
    for (const report of others) lines.push(`  ${report.path}  [${report.status}]`, `      ${report.error ?? ''}`);
  }
  if (lines.length === 0) lines.push('no entry points found');
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        root: { type: 'string' },
        path: { type: 'string', multiple: true },
        load: { type: 'boolean' },
        json: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\nRun with --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, namespace, ...extra] = positionals;
  if (command !== 'list' || extra.length > 0) {
    process.stderr.write(`${command === undefined ? 'missing command' : `unexpected arguments: ${positionals.join(' ')}`}\n${HELP}`);
    return 2;
  }
  const reports = await listEntryPoints({
    ...(values.root === undefined ? {} : { root: values.root }),
    ...(values.path === undefined ? {} : { paths: values.path }),
    ...(namespace === undefined ? {} : { namespace }),
    load: values.load ?? false,
    cache: !values['no-cache'],
  });
  process.stdout.write(values.json ? `${JSON.stringify(reports.map(toJson), null, 2)}\n` : `${toText(reports)}\n`);
  return reports.some((report) => report.error !== undefined) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`net-server-entrypoints: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
