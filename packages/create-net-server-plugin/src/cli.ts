import { basename, resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ScaffoldError } from './errors.js';
import { isPluginKind, KIND_DESCRIPTIONS, KIND_NAMESPACES, kindTitle, PLUGIN_KINDS, type PluginKind } from './kinds.js';
import { DEFAULT_LICENSE, LICENSES, toLicense, type License } from './licenses.js';
import { Prompter, PromptCancelled } from './prompts.js';
import { directoryProblem, isValidPackageName, scaffold } from './scaffold.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /**
   * Where answers come from when the command line leaves the directory or
   * the kind out, and where questions go. Only asked when `interactive`
   * (the bin: stdin and stdout are terminals); otherwise missing arguments
   * are a usage error.
   */
  prompt?: { input: Readable; output: Writable; interactive: boolean; terminal?: boolean };
}

const KIND_LINES = PLUGIN_KINDS.map((kind) => `  ${kind.padEnd(17)}  ${KIND_DESCRIPTIONS[kind]} (${KIND_NAMESPACES[kind]})`).join('\n');

const HELP = `Usage: npm create net-server-plugin [<directory>] [-- --kind <kind> [options]]
       create-net-server-plugin [<directory>] [--kind <kind>] [options]

Writes a net-server plugin package into <directory> (created; must be empty):
its package.json with the entryPoints field, TypeScript sources, a tsup
build, vitest tests on @net-server/testkit, a changesets setup and a LICENSE.
In a terminal it asks for the directory and the kind when they are not given
(then for the author and the license too); elsewhere both are required.

Kinds:
${KIND_LINES}

Options:
  --kind <kind>        what to create
  --name <name>        npm package name (default: the directory name)
  --alias <alias>      entry-point name users configure (default: from the
                       package name, without net-server- and mech-/type-/... prefixes)
  --author <author>    package.json "author" and the LICENSE's copyright holder
  --license <id>       ${LICENSES.join(' or ')} (default: ${DEFAULT_LICENSE}, as OpenStack)
  --help               show this help

Then: cd <directory> && npm install && npm test

Exit status: 0 created, 1 the files could not be written, 2 bad usage
(including missing arguments without a terminal, a directory that is not
empty or a bad name), 130 stopped while asking.`;

const EXAMPLE = 'npm create net-server-plugin net-server-mech-acme -- --kind mechanism-driver';

interface Answers {
  directory: string;
  kind: PluginKind;
  packageName?: string;
  author?: string;
  license?: License;
}

/** npm's rules, applied to a name typed as a directory: lower case, spaces and other characters to '-'. */
function suggestPackageName(name: string): string {
  return (
    name
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '-')
      .replace(/^[._]/, '')
      .replace(/[^a-z0-9-~._]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'net-server-plugin'
  );
}

/**
 * Asks for what the command line left out, in the order `npm create vite`
 * does: where, what kind, then (since someone is answering) who and which
 * license. The package name is asked only when the directory's name is not
 * one npm accepts.
 */
async function ask(prompter: Prompter, cwd: string, given: Partial<Answers> & { nameGiven: boolean }): Promise<Answers> {
  const directory =
    given.directory ??
    (await prompter.text({
      message: 'Directory to create the package in',
      default: 'net-server-plugin',
      validate: (answer) => directoryProblem(resolve(cwd, answer)),
    }));
  const kind =
    given.kind ??
    (await prompter.choose(
      'Kind of plugin',
      PLUGIN_KINDS.map((value) => ({ value, hint: `${KIND_DESCRIPTIONS[value]} (${KIND_NAMESPACES[value]})` })),
      'mechanism-driver',
    ));
  let packageName = given.packageName;
  if (!given.nameGiven && !isValidPackageName(basename(resolve(cwd, directory)))) {
    packageName = await prompter.text({
      message: 'Package name',
      default: suggestPackageName(basename(resolve(cwd, directory))),
      validate: (answer) =>
        isValidPackageName(answer) ? undefined : `"${answer}" is not a valid npm package name (lower case, digits, - . _, optionally @scope/).`,
    });
  }
  const author = given.author ?? (await prompter.text({ message: 'Author, for package.json and LICENSE (Enter for none)', optional: true }));
  const license =
    given.license ??
    (await prompter.choose(
      'License',
      LICENSES.map((value) => ({ value, hint: value === 'Apache-2.0' ? "OpenStack's and net-server's" : 'short and permissive' })),
      DEFAULT_LICENSE,
    ));
  return { directory, kind, license, ...(packageName === undefined ? {} : { packageName }), ...(author === '' ? {} : { author }) };
}

function parseCliArgs(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      kind: { type: 'string' },
      name: { type: 'string' },
      alias: { type: 'string' },
      author: { type: 'string' },
      license: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/** The exit status of a failed run, its reason on stderr: 130 when the user cancelled a prompt, 2 for a refused directory or name, else 1. */
function failureStatus(error: unknown, io: CliIo): number {
  if (error instanceof PromptCancelled) {
    io.stderr(`create-net-server-plugin: ${error.message}\n`);
    return 130;
  }
  if (error instanceof ScaffoldError) {
    io.stderr(`create-net-server-plugin: ${error.message} [${error.code}]\n`);
    return 2;
  }
  io.stderr(`create-net-server-plugin: ${(error as Error).message}\n`);
  return 1;
}

/** Runs the generator with `args` (argv without node and the script); resolves with the exit status. */
export async function main(args: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseCliArgs>;
  try {
    parsed = parseCliArgs(args);
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
  if (positionals.length > 1) return usage(`give one directory to create the package in, not ${positionals.length} (${positionals.join(', ')})`);
  if (values.kind !== undefined && !isPluginKind(values.kind)) return usage(`unknown kind "${values.kind}": use one of ${PLUGIN_KINDS.join(', ')}`);
  const missing = [...(positionals.length === 0 ? ['<directory>'] : []), ...(values.kind === undefined ? [`--kind <${PLUGIN_KINDS.join('|')}>`] : [])];
  const interactive = io.prompt?.interactive === true;
  if (missing.length > 0 && !interactive) {
    return usage(`missing ${missing.join(' and ')}: pass ${missing.length > 1 ? 'them' : 'it'} (e.g. \`${EXAMPLE}\`), or run in a terminal to be asked`);
  }

  let prompter: Prompter | undefined;
  try {
    const license = values.license === undefined ? undefined : toLicense(values.license);
    const given = {
      nameGiven: values.name !== undefined,
      ...(positionals[0] === undefined ? {} : { directory: positionals[0] }),
      ...(values.kind === undefined ? {} : { kind: values.kind as PluginKind }),
      ...(values.name === undefined ? {} : { packageName: values.name }),
      ...(values.author === undefined ? {} : { author: values.author }),
      ...(license === undefined ? {} : { license }),
    };
    let answers: Answers;
    if (missing.length > 0 && io.prompt) {
      prompter = new Prompter(io.prompt.input, io.prompt.output, io.prompt.terminal ?? false);
      answers = await ask(prompter, io.cwd, given);
    } else {
      answers = { ...given, directory: positionals[0]!, kind: values.kind as PluginKind };
    }
    const result = scaffold({
      directory: resolve(io.cwd, answers.directory),
      kind: answers.kind,
      ...(answers.packageName === undefined ? {} : { packageName: answers.packageName }),
      ...(values.alias === undefined ? {} : { alias: values.alias }),
      ...(answers.author === undefined ? {} : { author: answers.author }),
      ...(answers.license === undefined ? {} : { license: answers.license }),
    });
    io.stdout(
      `Created ${result.packageName}, a net-server ${kindTitle(answers.kind)} named "${result.alias}" (${result.license}), in ${result.directory}:\n` +
        result.files.map((file) => `  ${file}`).join('\n') +
        `\n\nNext: cd ${answers.directory} && npm install && npm test\n`,
    );
    return 0;
  } catch (error) {
    return failureStatus(error, io);
  } finally {
    prompter?.close();
  }
}
