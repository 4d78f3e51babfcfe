import type { NetServerPackage } from '../dependency-ranges.js';
import { TOOL_RANGES } from '../dependency-ranges.js';
import { KIND_NAMESPACES, kindTitle, needsMl2, type PluginKind } from '../kinds.js';
import type { License } from '../licenses.js';
import type { KindTemplate, PluginNames } from './names.js';

export interface PackageFilesInput {
  kind: PluginKind;
  names: PluginNames;
  template: KindTemplate;
  ranges: Record<NetServerPackage, string>;
  license: License;
  author?: string;
}

/**
 * npm search keywords: `net-server-plugin` is how plugins are found on the
 * registry (`npm search keywords:net-server-plugin`); the others say what it
 * plugs into.
 */
const KEYWORDS: Readonly<Record<PluginKind, readonly string[]>> = {
  'mechanism-driver': ['ml2', 'mechanism-driver'],
  'type-driver': ['ml2', 'type-driver'],
  'service-plugin': ['service-plugin'],
  'core-plugin': ['core-plugin'],
};

function sorted(entries: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
}

function packageJson({ kind, names, template, ranges, license, author }: PackageFilesInput): string {
  const peers: Record<string, string> = { 'net-server': ranges['net-server'] };
  if (needsMl2(kind)) peers['@net-server/ml2'] = ranges['@net-server/ml2'];
  const manifest = {
    name: names.packageName,
    version: '0.0.0',
    description: `A net-server ${kindTitle(kind)}: ${names.alias}.`,
    keywords: ['net-server-plugin', 'net-server', 'neutron', 'openstack', ...KEYWORDS[kind]],
    ...(author === undefined ? {} : { author }),
    license,
    type: 'module',
    engines: { node: '>=20.19' },
    exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' }, './package.json': './package.json' },
    main: './dist/index.js',
    types: './dist/index.d.ts',
    entryPoints: Object.fromEntries(entryPointsOf(kind, template).map(([namespace, value]) => [namespace, { [names.alias]: value }])),
    files: ['dist', 'README.md', 'LICENSE'],
    scripts: {
      build: 'tsup',
      typecheck: 'tsc --noEmit',
      test: 'vitest run',
      changeset: 'changeset',
      'version-packages': 'changeset version',
      release: 'npm run build && changeset publish',
    },
    dependencies: { '@net-server/lib': ranges['@net-server/lib'] },
    peerDependencies: peers,
    devDependencies: sorted({ ...peers, '@net-server/testkit': ranges['@net-server/testkit'], ...TOOL_RANGES }),
    publishConfig: { access: 'public' },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TSCONFIG = `{
  "compilerOptions": {
    "target": "ES2022",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "types": ["node"],
    "strict": true,
    "isolatedModules": true,
    "verbatimModuleSyntax": true,
    "skipLibCheck": true,
    "declaration": true,
    "noEmit": true
  },
  "include": ["src"]
}
`;

const TSUP_CONFIG = `import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'tsup';

// Each module an entry point names is its own file under src/entries/, so
// that loading one plugin imports only that plugin's code.
const entries = ['src/index.ts', ...readdirSync('src/entries').filter((file) => file.endsWith('.ts')).map((file) => join('src/entries', file))];

export default defineConfig({
  entry: entries.filter((file) => existsSync(file)),
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
});
`;

const CHANGESET_CONFIG = `{
  "$schema": "https://unpkg.com/@changesets/config@3.1.1/schema.json",
  "changelog": "@changesets/cli/changelog",
  "commit": false,
  "access": "public",
  "baseBranch": "main",
  "updateInternalDependencies": "patch",
  "ignore": []
}
`;

function readme({ kind, names, template, license, author }: PackageFilesInput): string {
  const usage: Record<PluginKind, string> = {
    'mechanism-driver': `[ml2]\nmechanism_drivers = ${names.alias}`,
    'type-driver': `[ml2]\ntype_drivers = ${names.alias}\ntenant_network_types = ${names.alias}`,
    'service-plugin': `[DEFAULT]\nservice_plugins = ${names.alias}`,
    'core-plugin': `[DEFAULT]\ncore_plugin = ${names.alias}`,
  };
  const install = needsMl2(kind) ? `net-server @net-server/ml2 ${names.packageName}` : `net-server ${names.packageName}`;
  return `# ${names.packageName}

A net-server ${kindTitle(kind)}, registered as \`${names.alias}\` in
\`${KIND_NAMESPACES[kind]}\`.

## Use

\`\`\`sh
npm install ${install}
npx net-server plugins ${KIND_NAMESPACES[kind]}
\`\`\`

\`\`\`ini
${usage[kind]}
\`\`\`
${template.readmeApi === undefined ? '' : `\n${template.readmeApi}\n`}
## Entry points

| namespace | name | value |
|---|---|---|
${entryPointsOf(kind, template)
  .map(([namespace, value]) => `| \`${namespace}\` | \`${names.alias}\` | \`${value}\` |`)
  .join('\n')}

## Develop

- \`npm run build\` (tsup: ESM and declarations in dist/), \`npm run typecheck\`.
- \`npm test\`: ${template.testSummary}, with @net-server/testkit (the
  tests build the package first when the sources changed).
- Releasing: record each change with \`npx changeset\`, then
  \`npm run version-packages\` and \`npm run release\`.

## License

${license}${author === undefined ? '' : `, © ${new Date().getFullYear()} ${author}`}; see LICENSE.
`;
}

/** Namespace and value of each entry point the package declares, its kind's first. */
function entryPointsOf(kind: PluginKind, template: KindTemplate): [string, string][] {
  return [[KIND_NAMESPACES[kind], template.entryPoint], ...Object.entries(template.otherEntryPoints ?? {})];
}

/** The files every kind shares: manifest, build, test and release setup, README. */
export function packageFiles(input: PackageFilesInput): Record<string, string> {
  return {
    'package.json': packageJson(input),
    'tsconfig.json': TSCONFIG,
    'tsup.config.ts': TSUP_CONFIG,
    // Starting a server and building the package take longer than vitest's default hook timeout.
    'vitest.config.ts':
      "import { defineConfig } from 'vitest/config';\n\nexport default defineConfig({ test: { hookTimeout: 60_000, testTimeout: 30_000 } });\n",
    '.gitignore': 'node_modules/\ndist/\n',
    '.changeset/config.json': CHANGESET_CONFIG,
    '.changeset/initial-release.md': `---\n"${input.names.packageName}": minor\n---\nFirst release of the ${input.names.alias} ${kindTitle(input.kind)}.\n`,
    'README.md': readme(input),
  };
}
