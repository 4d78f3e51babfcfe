import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from './processes.js';

/**
 * `npm create net-server-plugin` from the test registry, then the
 * package's build and `npm pack`. The build tools are the workspace's
 * (linked), since the registry only holds what users install; the
 * tarball is what an author would publish. Returns the tarball's path.
 */
export async function scaffoldedPluginTarball(repo: string, work: string, env: NodeJS.ProcessEnv): Promise<string> {
  await run('npm', ['create', '--yes', 'net-server-plugin', 'net-server-mech-acme', '--', '--kind', 'mechanism-driver'], { cwd: work, env, timeoutMs: 60_000 });
  const dir = join(work, 'net-server-mech-acme');
  const links: Record<string, string> = {
    '@net-server/lib': 'packages/lib',
    '@net-server/ml2': 'packages/ml2',
    'net-server': 'packages/net-server',
    '@types/node': 'node_modules/@types/node',
    tsup: 'node_modules/tsup',
    typescript: 'node_modules/typescript',
  };
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(repo, target), join(dir, 'node_modules', name), 'dir');
  }
  await run(process.execPath, [join(repo, 'node_modules/tsup/dist/cli-default.js')], { cwd: dir, env, timeoutMs: 120_000 });
  const { stdout } = await run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: dir, env, timeoutMs: 60_000 });
  return join(work, stdout.trim().split('\n').at(-1)!);
}
