import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** The net-server packages a scaffolded plugin depends on. */
export const NET_SERVER_PACKAGES = ['@net-server/lib', 'net-server', '@net-server/ml2', '@net-server/testkit'] as const;
export type NetServerPackage = (typeof NET_SERVER_PACKAGES)[number];

/** Build and test tools, pinned to what the generator was tested with. */
export const TOOL_RANGES: Readonly<Record<string, string>> = {
  '@changesets/cli': '^2.31.1',
  '@types/node': '^20.19.0',
  tsup: '^8.5.0',
  typescript: '^5.9.3',
  vitest: '^4.1.12',
};

function manifest(path: string): { version?: string; devDependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path, 'utf8')) as { version?: string; devDependencies?: Record<string, string> };
}

/**
 * The ranges a scaffolded package declares on the net-server packages, from
 * the generator's own devDependencies: `workspace:^` in the monorepo, which
 * publishing rewrites to `^<version>` (`^0.1.0` for the first release). So
 * the one place a scaffolded range comes from is the version of the package
 * it names; tools/release/test/version-story.test.ts checks that the plugin
 * author guide states the same range. Unpublished (`workspace:`), the linked
 * package's version stands in, as publishing would write it.
 */
export function rangesFromManifest(
  devDependencies: Readonly<Record<string, string>>,
  linkedVersion: (name: NetServerPackage) => string,
): Record<NetServerPackage, string> {
  const ranges = {} as Record<NetServerPackage, string>;
  for (const name of NET_SERVER_PACKAGES) {
    const declared = devDependencies[name];
    ranges[name] = declared !== undefined && !declared.startsWith('workspace:') ? declared : `^${linkedVersion(name)}`;
  }
  return ranges;
}

/** The ranges of the net-server packages this generator release was built against (see rangesFromManifest). */
export function netServerRanges(): Record<NetServerPackage, string> {
  const require = createRequire(import.meta.url);
  // src/*.ts and the bundled dist/*.js both sit one level below the package root.
  const own = manifest(new URL('../package.json', import.meta.url).pathname);
  return rangesFromManifest(own.devDependencies ?? {}, (name) => manifest(require.resolve(`${name}/package.json`)).version ?? '0.0.0');
}
