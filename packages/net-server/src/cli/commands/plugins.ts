import { listEntryPoints, type EntryPointReport } from '@net-server/entrypoints';
import { discoveryOptions } from '../../plugin-source.js';
import type { CliIo } from '../cli-io.js';
import type { Command, Invocation } from '../command.js';
import { pluginSource } from '../command-context.js';
import { ExitCode } from '../exit-codes.js';

/** The keys `plugins --json` prints, in this order. */
type PluginRecord = Pick<EntryPointReport, 'namespace' | 'name' | 'value' | 'package' | 'version' | 'path' | 'error'>;

function toRecord(report: EntryPointReport): PluginRecord {
  return {
    namespace: report.namespace,
    name: report.name,
    value: report.value,
    package: report.package,
    version: report.version,
    path: report.path,
    ...(report.error === undefined ? {} : { error: report.error }),
  };
}

function formatText(reports: readonly EntryPointReport[]): string {
  if (reports.length === 0) return 'No plugins found.\n';
  const lines: string[] = [];
  let namespace: string | null | undefined;
  for (const report of reports) {
    if (report.namespace !== namespace) {
      namespace = report.namespace;
      lines.push(namespace ?? 'packages not used');
    }
    const where = `${report.package}${report.version ? `@${report.version}` : ''} ${report.path}`;
    lines.push(report.name === null ? `  ${where}  [${report.status}]` : `  ${report.name} = ${report.value}  [${report.status}]`);
    if (report.name !== null) lines.push(`      ${where}`);
    if (report.error !== undefined) lines.push(`      error: ${report.error}`);
  }
  return `${lines.join('\n')}\n`;
}

export const pluginsCommand: Command = {
  name: 'plugins',
  summary: 'List installed plugins (entry points) and whether they load',
  usesConfig: false,
  maxPositionals: 1,
  flags: { json: { type: 'boolean' } },
  help: `Usage: net-server plugins [NAMESPACE] [--json]

List the entry points that installed packages declare in their package.json
"entryPoints", as the server discovers them from the working directory: each
with its namespace, name, value (module:export), package, version and path.
Each entry point is imported to check that it loads; the ones that do not are
shown with the error. Packages that were skipped (a malformed package.json)
or shadowed (another copy wins) are listed with the reason.

Arguments:
  NAMESPACE   Only this namespace, e.g. net_server.core_plugins,
              net_server.service_plugins, net_server.db.migrations,
              net_server.config.opts.

Options:
  --json      Print one JSON array of objects with exactly the keys
              namespace, name, value, package, version, path, and error
              where there is one (namespace, name and value are null for
              skipped or shadowed packages).
  --help      Show this help.

Exit status: 0 when the listing was produced (even if some plugins fail to
load; look for "error"), 1 if discovery itself failed, 2 on bad usage.`,
  async run(invocation: Invocation, io: CliIo) {
    const reports = await listEntryPoints({
      ...discoveryOptions(pluginSource(io)),
      load: true,
      ...(invocation.positionals[0] === undefined ? {} : { namespace: invocation.positionals[0] }),
    });
    io.stdout(invocation.flags['json'] ? `${JSON.stringify(reports.map(toRecord), null, 2)}\n` : formatText(reports));
    return ExitCode.ok;
  },
};
