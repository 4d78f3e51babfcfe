import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScaffoldError } from './errors.js';
import { isPluginKind, kindTitle, PLUGIN_KINDS } from './kinds.js';
import { scaffold } from './scaffold.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
}

const HELP = `Usage: npm create net-server-plugin <directory> -- --kind <kind> [options]
       create-net-server-plugin <directory> --kind <kind> [options]

Writes a net-server plugin package into <directory> (created; must be empty):
its package.json with the entryPoints field, TypeScript sources, a tsup
build, vitest tests on @net-server/testkit and a changesets setup.

Kinds:
  mechanism-driver   an ML2 mechanism driver (net_server.ml2.mechanism_drivers)
  type-driver        an ML2 type driver (net_server.ml2.type_drivers)
  service-plugin     a service plugin with its API extension (net_server.service_plugins)
  core-plugin        a core plugin built on net-server's DbBasePlugin (net_server.core_plugins)

Options:
  --kind <kind>     what to create (required)
  --name <name>     npm package name (default: the directory name)
  --alias <alias>   entry-point name users configure (default: from the
                    package name, without net-server- and mech-/type-/... prefixes)
  --help            show this help

Then: cd <directory> && npm install && npm test

Exit status: 0 created, 1 the files could not be written, 2 bad usage
(including a directory that is not empty or a bad name).`;

/** Runs the generator with `args` (argv without node and the script); returns the exit status. */
export function main(args: readonly string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { kind: { type: 'string' }, name: { type: 'string' }, alias: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    io.stderr(`create-net-server-plugin: ${(error as Error).message}. Run with --help for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  const usage = (message: string): number => {
    io.stderr(`create-net-server-plugin: ${message}. Run with --help for usage.\n`);
    return 2;
  };
  if (positionals.length !== 1) return usage('give exactly one directory to create the package in');
  if (values.kind === undefined) return usage(`--kind is required: one of ${PLUGIN_KINDS.join(', ')}`);
  if (!isPluginKind(values.kind)) return usage(`unknown kind "${values.kind}": use one of ${PLUGIN_KINDS.join(', ')}`);
  try {
    const result = scaffold({
      directory: resolve(io.cwd, positionals[0]!),
      kind: values.kind,
      ...(values.name === undefined ? {} : { packageName: values.name }),
      ...(values.alias === undefined ? {} : { alias: values.alias }),
    });
    io.stdout(
      `Created ${result.packageName}, a net-server ${kindTitle(values.kind)} named "${result.alias}", in ${result.directory}:\n` +
        result.files.map((file) => `  ${file}`).join('\n') +
        `\n\nNext: cd ${positionals[0]!} && npm install && npm test\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ScaffoldError) {
      io.stderr(`create-net-server-plugin: ${error.message} [${error.code}]\n`);
      return 2;
    }
    io.stderr(`create-net-server-plugin: ${(error as Error).message}\n`);
    return 1;
  }
}
