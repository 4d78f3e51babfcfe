import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildChanged, BuildChangedError, workspacePatterns } from '../build-changed.mjs';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const script = join(here, '../build-changed.mjs');
const repo = join(here, '../../..');
const work = mkdtempSync(join(tmpdir(), 'build-changed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * A workspace whose packages build with a small real build script: it
 * copies src/index.js and src/types.d.ts into dist/ and records the build in
 * builds.log, so that the tests see which builds ran. `a` <- `b` (b imports
 * a), `c` alone, and `tools/app` (no build script) uses `b`.
 */
function fakeWorkspace(name: string): { root: string; builds: () => string[] } {
  const root = join(work, name);
  write(join(root, 'pnpm-workspace.yaml'), "packages:\n  - packages/*\n  - 'tools/*'\nonlyBuiltDependencies:\n  - esbuild\n");
  write(join(root, 'tsup.config.ts'), '// shared recipe v1\n');
  write(
    join(root, 'build.mjs'),
    `import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
const { name } = JSON.parse(readFileSync('package.json', 'utf8'));
if (existsSync('src/fail')) { console.error('error TS2322: ' + readFileSync('src/fail', 'utf8')); process.exit(1); }
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
copyFileSync('src/index.js', 'dist/index.js');
copyFileSync('src/types.d.ts', 'dist/index.d.ts');
appendFileSync('../../builds.log', name + '\\n');
`,
  );
  const pkg = (dir: string, manifest: Record<string, unknown>, withSources = true): void => {
    write(join(root, dir, 'package.json'), JSON.stringify(manifest, null, 2));
    if (withSources) {
      write(join(root, dir, 'src/index.js'), `export const name = ${JSON.stringify(manifest['name'])};\n`);
      write(join(root, dir, 'src/types.d.ts'), 'export declare const name: string;\n');
      write(join(root, dir, 'tsconfig.json'), '{}\n');
    }
  };
  const build = { build: 'node ../../build.mjs' };
  pkg('packages/a', { name: 'a', version: '0.0.0', scripts: build });
  pkg('packages/b', { name: 'b', version: '0.0.0', scripts: build, dependencies: { a: 'workspace:^' } });
  pkg('packages/c', { name: 'c', version: '0.0.0', scripts: build });
  pkg('tools/app', { name: 'app', private: true, dependencies: { b: 'workspace:*' }, devDependencies: { c: 'workspace:*' } }, false);
  const builds = (): string[] => {
    const log = join(root, 'builds.log');
    const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    rmSync(log, { force: true });
    return lines;
  };
  return { root, builds };
}

describe('build-changed on a workspace of small packages', () => {
  const { root, builds } = fakeWorkspace('fake');
  const build = (target?: string) => buildChanged({ root, jobs: 2, ...(target === undefined ? {} : { target }) });

  it('builds every package on the first run, each after the packages it imports', async () => {
    const outcomes = await build();
    expect(
      outcomes
        .filter((o) => o.built)
        .map((o) => o.name)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    const order = builds();
    expect(order.sort()).toEqual(['a', 'b', 'c']);
    expect(outcomes.findIndex((o) => o.name === 'a')).toBeLessThan(outcomes.findIndex((o) => o.name === 'b'));
    expect(readFileSync(join(root, 'packages/b/dist/index.js'), 'utf8')).toContain('"b"');
  });

  it('builds nothing when nothing changed, nor when a file is only touched', async () => {
    expect((await build()).filter((o) => o.built)).toEqual([]);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, 'packages/a/src/index.js'), later, later);
    expect((await build()).filter((o) => o.built)).toEqual([]);
    expect(builds()).toEqual([]);
  });

  it('rebuilds only the edited package when its types are unchanged', async () => {
    write(join(root, 'packages/a/src/index.js'), 'export const name = "a, edited";\n');
    const outcomes = await build();
    expect(builds()).toEqual(['a']);
    expect(outcomes.find((o) => o.name === 'a')).toMatchObject({ built: true, reason: 'changed: src/index.js' });
  });

  it('rebuilds the dependents of a package whose declarations changed, and only them', async () => {
    write(join(root, 'packages/a/src/types.d.ts'), 'export declare const name: "a";\n');
    const outcomes = await build();
    expect(builds()).toEqual(['a', 'b']);
    expect(outcomes.find((o) => o.name === 'b')).toMatchObject({ built: true, reason: 'types changed in a' });
  });

  it('rebuilds everything when a shared build input changes', async () => {
    write(join(root, 'tsup.config.ts'), '// shared recipe v2\n');
    await build();
    expect(builds().sort()).toEqual(['a', 'b', 'c']);
  });

  it('notices a package.json or tsconfig change, a new source file and a deleted one', async () => {
    write(join(root, 'packages/c/tsconfig.json'), '{ "compilerOptions": {} }\n');
    await build();
    expect(builds()).toEqual(['c']);
    write(join(root, 'packages/c/src/extra/more.js'), 'export {};\n');
    expect((await build()).find((o) => o.name === 'c')?.reason).toBe('changed: src/extra/more.js');
    rmSync(join(root, 'packages/c/src/extra'), { recursive: true });
    await build();
    expect(builds()).toEqual(['c', 'c']);
  });

  it('rebuilds a package whose dist/ was deleted or written by another build', async () => {
    rmSync(join(root, 'packages/c/dist'), { recursive: true });
    const outcomes = await build();
    expect(outcomes.find((o) => o.name === 'c')?.reason).toMatch(/^dist\/ is not what the last build wrote \(dist\/index\.d\.ts, dist\/index\.js\)$/);
    write(join(root, 'packages/c/dist/index.js'), 'export const name = "from another branch";\n');
    await build();
    expect(builds()).toEqual(['c', 'c']);
    expect(readFileSync(join(root, 'packages/c/dist/index.js'), 'utf8')).toContain('"c"');
  });

  it('builds only what a target package imports', async () => {
    write(join(root, 'packages/b/src/index.js'), 'export const name = "b2";\n');
    write(join(root, 'packages/c/src/index.js'), 'export const name = "c2";\n');
    const outcomes = await build('tools/app');
    expect(outcomes.map((o) => o.name)).toEqual(['a', 'b']);
    expect(builds()).toEqual(['b']);
    await build();
    expect(builds()).toEqual(['c']);
  });

  it('stops on a failed build with its output, builds none of its dependents, and retries it next time', async () => {
    write(join(root, 'packages/a/src/fail'), "Type 'number' is not assignable to type 'string'.");
    write(join(root, 'packages/a/src/index.js'), 'export const name = "a3";\n');
    const failed = build();
    await expect(failed).rejects.toBeInstanceOf(BuildChangedError);
    await expect(failed).rejects.toMatchObject({ code: 'BUILD_CHANGED_FAILED', message: expect.stringContaining("error TS2322: Type 'number'") });
    expect(builds()).toEqual([]);
    rmSync(join(root, 'packages/a/src/fail'));
    await build();
    expect(builds()).toEqual(['a']);
  });

  it('refuses a target outside the workspace and a dependency cycle', async () => {
    await expect(build('tools/nothing')).rejects.toMatchObject({ code: 'BUILD_CHANGED_TARGET' });
    const { root: cyclic } = fakeWorkspace('cyclic');
    write(join(cyclic, 'packages/a/package.json'), JSON.stringify({ name: 'a', scripts: { build: 'true' }, dependencies: { b: 'workspace:*' } }));
    await expect(buildChanged({ root: cyclic })).rejects.toMatchObject({
      code: 'BUILD_CHANGED_CYCLE',
      message: expect.stringMatching(/a -> b -> a|b -> a -> b/),
    });
  });
});

describe('the build-changed command', () => {
  it('says what it built and exits 0, then 1 with the build output when a build fails, and 2 on bad usage', async () => {
    const { root } = fakeWorkspace('cli');
    const first = await run(process.execPath, [script, '--root', root, '--for', 'tools/app']);
    expect(first.stderr).toContain('build-changed: a: building (no build recorded)');
    expect(first.stderr).toMatch(/build-changed: 2 built, 0 up to date, in \d+\.\d\d s/);
    const second = await run(process.execPath, [script, '--root', root, '--dry-run']);
    expect(second.stderr).toContain('build-changed: c: would build (no build recorded)');
    expect(second.stderr).toMatch(/0 built, 2 up to date/);
    write(join(root, 'packages/b/src/fail'), 'broken');
    await expect(run(process.execPath, [script, '--root', root])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('b: "node ../../build.mjs" failed (exit 1)'),
    });
    await expect(run(process.execPath, [script, '--jobs', 'many'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--jobs takes a positive whole number'),
    });
  });
});

describe('pnpm-workspace.yaml patterns', () => {
  it('reads the packages list and refuses forms it does not understand', () => {
    expect(workspacePatterns('packages:\n  - packages/*\n  - "tools/*"   # tools\n  - docs\nother:\n  - x/*\n')).toEqual(['packages/*', 'tools/*', 'docs']);
    expect(() => workspacePatterns('packages:\n  - packages/**\n')).toThrow(/cannot read "- packages\/\*\*"/);
    expect(() => workspacePatterns("packages:\n  - '!tools/skip'\n")).toThrow(BuildChangedError);
  });
});

describe('build-changed with the workspace tsup recipe', () => {
  it('rebuilds a dependent only when the declarations it imports change', async () => {
    const root = join(work, 'tsup');
    write(join(root, 'pnpm-workspace.yaml'), 'packages:\n  - packages/*\n');
    const tsup = `node ${JSON.stringify(join(repo, 'node_modules/tsup/dist/cli-default.js'))} --config ${JSON.stringify(join(repo, 'tsup.config.ts'))}`;
    const tsconfig = JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, declaration: true, skipLibCheck: true, types: [] },
      include: ['src'],
    });
    const manifest = (name: string, deps: Record<string, string> = {}) =>
      JSON.stringify({
        name,
        version: '0.0.0',
        type: 'module',
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
        scripts: { build: tsup },
        dependencies: deps,
      });
    write(join(root, 'packages/tiny-lib/package.json'), manifest('tiny-lib'));
    write(join(root, 'packages/tiny-lib/tsconfig.json'), tsconfig);
    write(join(root, 'packages/tiny-lib/src/index.ts'), 'export function greet(who: string): string {\n  return `hello ${who}`;\n}\n');
    write(join(root, 'packages/tiny-app/package.json'), manifest('tiny-app', { 'tiny-lib': 'workspace:^' }));
    write(join(root, 'packages/tiny-app/tsconfig.json'), tsconfig);
    write(join(root, 'packages/tiny-app/src/index.ts'), "import { greet } from 'tiny-lib';\n\nexport const message: string = greet('app');\n");
    // tsup's declaration build loads the project's own typescript, as an installed workspace has it.
    mkdirSync(join(root, 'node_modules'), { recursive: true });
    symlinkSync(join(repo, 'node_modules/typescript'), join(root, 'node_modules/typescript'), 'dir');
    mkdirSync(join(root, 'packages/tiny-app/node_modules'), { recursive: true });
    symlinkSync(join(root, 'packages/tiny-lib'), join(root, 'packages/tiny-app/node_modules/tiny-lib'), 'dir');
    const built = async () => (await buildChanged({ root, jobs: 2 })).filter((o) => o.built).map((o) => o.name);

    expect(await built()).toEqual(['tiny-lib', 'tiny-app']);
    expect(readFileSync(join(root, 'packages/tiny-app/dist/index.d.ts'), 'utf8')).toContain('message');
    expect(await built()).toEqual([]);
    // A new body, the same declarations: the app imports the library's JavaScript at run time, so it is not rebuilt.
    write(join(root, 'packages/tiny-lib/src/index.ts'), 'export function greet(who: string): string {\n  return `hi ${who}`;\n}\n');
    expect(await built()).toEqual(['tiny-lib']);
    expect(readFileSync(join(root, 'packages/tiny-lib/dist/index.js'), 'utf8')).toContain('hi ');
    // A changed signature: the app's declaration build must see it.
    write(
      join(root, 'packages/tiny-lib/src/index.ts'),
      'export function greet(who: string, punctuation = "!"): string {\n  return `hi ${who}${punctuation}`;\n}\n',
    );
    expect(await built()).toEqual(['tiny-lib', 'tiny-app']);
  }, 120_000);
});
