import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  discover,
  DispatchExtensionManager,
  DriverManager,
  EnabledExtensionManager,
  Extension,
  ExtensionManager,
  HookManager,
  NameDispatchExtensionManager,
  NamedExtensionManager,
  type Discovery,
  type EntryPoint,
  type EntryPointError,
} from '@net-server/entrypoints';
import { install, removeDir, tempDir } from './fixtures.js';

const NS = 'net_server.managers';
const HOOKS = 'net_server.hooks';
let root: string;
let discovery: Discovery;

interface Driver {
  args: unknown[];
  hello(who: string): string;
}

const driverModule = (tag: string) =>
  `export class Driver { constructor(...args) { this.args = args; } hello(who) { return "${tag}:" + who; } }\n` +
  `export async function make(...args) { return { args, hello: (who) => "made-${tag}:" + who }; }\n`;

beforeAll(() => {
  root = tempDir();
  const nm = join(root, 'node_modules');
  install(nm, {
    name: 'pkg-alpha',
    entryPoints: { [NS]: { alpha: './d.js:Driver' }, [HOOKS]: { 'on-start': './d.js:make' } },
    files: { 'd.js': driverModule('alpha') },
  });
  install(nm, {
    name: 'pkg-beta',
    entryPoints: { [NS]: { beta: './d.js:make' }, [HOOKS]: { 'on-start': './d.js:make' } },
    files: { 'd.js': driverModule('beta') },
  });
  install(nm, { name: 'pkg-broken', entryPoints: { [NS]: { broken: './d.js:Driver' } }, files: { 'd.js': 'throw new Error("broken on import");' } });
  // Two packages declare "dup"; they are far apart in discovery order.
  install(nm, { name: 'aa-first', entryPoints: { [NS]: { dup: './d.js:Driver' } }, files: { 'd.js': driverModule('first') } });
  const holder = install(nm, { name: 'mm-holder' });
  install(join(holder, 'node_modules'), { name: 'zz-last', entryPoints: { [NS]: { dup: './d.js:Driver' } }, files: { 'd.js': driverModule('last') } });
  install(nm, {
    name: 'pkg-future',
    peerDependencies: { 'net-server': '^2.0.0' },
    entryPoints: { [NS]: { future: './d.js:Driver' } },
    files: { 'd.js': 'throw new Error("an incompatible plugin must never be imported");' },
  });
  install(nm, { name: '@evil/pkg', entryPoints: { [NS]: { evil: './d.js:Driver' } }, files: { 'd.js': driverModule('evil') } });
  discovery = discover({ root, cache: false });
});
afterAll(() => removeDir(root));

type Failure = [string | undefined, string];
const collect = () => {
  const failures: Failure[] = [];
  return {
    failures,
    onLoadFailure: (_manager: ExtensionManager, entryPoint: EntryPoint | undefined, error: EntryPointError) => failures.push([entryPoint?.name, error.code]),
  };
};
const base = () => ({ namespace: NS, discovery, hostApis: { 'net-server': '1.4.0' }, deny: ['@evil/*'] });

describe('ExtensionManager', () => {
  it('loads and invokes every usable plugin with the given args, reporting the rest', async () => {
    const { failures, onLoadFailure } = collect();
    const manager = await ExtensionManager.load<unknown, Driver>({ ...base(), invokeOnLoad: true, invokeArgs: ['conf', 2], onLoadFailure });
    expect(manager.names()).toEqual(['alpha', 'beta']);
    expect(manager.get('alpha').obj!.args).toEqual(['conf', 2]);
    expect(manager.get('beta').obj!.hello('x')).toBe('made-beta:x');
    expect(failures.sort()).toEqual([
      ['broken', 'EP_MODULE_IMPORT'],
      ['dup', 'EP_DUPLICATE'],
      ['dup', 'EP_DUPLICATE'],
      ['evil', 'EP_PACKAGE_DENIED'],
      ['future', 'EP_INCOMPATIBLE_HOST'],
    ]);
    expect(manager.failures).toHaveLength(5);
    expect([...manager].map((extension) => extension.entryPoint?.package.name)).toEqual(['pkg-alpha', 'pkg-beta']);
  });

  it('strict mode throws the first failure instead', async () => {
    await expect(ExtensionManager.load({ ...base(), strict: true })).rejects.toMatchObject({ code: expect.stringMatching(/^EP_/) });
  });

  it('names the host range a plugin was built for', async () => {
    const { onLoadFailure } = collect();
    const manager = await ExtensionManager.load({ ...base(), onLoadFailure });
    const future = manager.failures.find((failure) => failure.entryPoint?.name === 'future')!.error;
    expect(future.message).toContain('built for net-server@^2.0.0 but net-server@1.4.0 is running');
    expect(future).toMatchObject({ package: 'pkg-future', version: '1.0.0', phase: 'select' });
  });

  it('logs failures through the given logger when no callback is set', async () => {
    const lines: string[] = [];
    await ExtensionManager.load({ ...base(), logger: { warn: (message) => lines.push(message) } });
    expect(lines.some((line) => line.includes('"broken"') && line.includes('broken on import'))).toBe(true);
  });

  it('map and mapMethod await each extension in order; errors are logged or propagated', async () => {
    const warnings: string[] = [];
    const manager = await ExtensionManager.load<unknown, Driver>({
      ...base(),
      invokeOnLoad: true,
      onLoadFailure: () => {},
      logger: { warn: (m) => warnings.push(m) },
    });
    expect(await manager.mapMethod('hello', 'bob')).toEqual(['alpha:bob', 'made-beta:bob']);
    expect(await manager.map(async (extension, suffix: string) => extension.name + suffix, '!')).toEqual(['alpha!', 'beta!']);
    const failing = (extension: Extension) => {
      if (extension.name === 'alpha') throw new Error('alpha fails');
      return extension.name;
    };
    expect(await manager.map(failing)).toEqual(['beta']);
    expect(warnings.some((warning) => warning.includes('alpha fails'))).toBe(true);
    const propagating = await ExtensionManager.load({ ...base(), invokeOnLoad: true, propagateMapExceptions: true, onLoadFailure: () => {} });
    await expect(propagating.map(failing)).rejects.toThrow('alpha fails');
    await expect(propagating.mapMethod('nosuch')).rejects.toThrow('has no method nosuch');
  });

  it('map over no extensions is NoMatches; get of an unknown name says what is loaded', async () => {
    const empty = await ExtensionManager.load({ namespace: 'net_server.nothing_here', discovery });
    await expect(empty.map(() => 1)).rejects.toMatchObject({ code: 'EP_NO_MATCHES' });
    const manager = await ExtensionManager.load({ ...base(), onLoadFailure: () => {} });
    expect(() => manager.get('nope')).toThrow(/no extension "nope" is loaded; loaded: alpha, beta/);
    expect(manager.has('alpha')).toBe(true);
  });

  it('makeTestInstance works over hand-made extensions', async () => {
    const manager = ExtensionManager.makeTestInstance([new Extension('t1', undefined, null, { hello: () => 'hi' })]);
    expect(manager.namespace).toBe('TESTING');
    expect(await manager.mapMethod('hello')).toEqual(['hi']);
  });
});

describe('conflict policies for one name declared by non-adjacent packages', () => {
  it.each([
    ['first', 'first:x'],
    ['last', 'last:x'],
  ] as const)('%s picks by package order', async (conflict, expected) => {
    const manager = await ExtensionManager.load<unknown, Driver>({ ...base(), conflict, invokeOnLoad: true, onLoadFailure: () => {} });
    expect(manager.get('dup').obj!.hello('x')).toBe(expected);
  });

  it('a preference list picks the first listed package present', async () => {
    const manager = await ExtensionManager.load<unknown, Driver>({
      ...base(),
      conflict: { prefer: ['not-installed', 'zz-last', 'aa-first'] },
      invokeOnLoad: true,
      onLoadFailure: () => {},
    });
    expect(manager.get('dup').obj!.hello('x')).toBe('last:x');
  });

  it('error (the default) uses neither and lists both candidates', async () => {
    const manager = await ExtensionManager.load({ ...base(), onLoadFailure: () => {} });
    expect(manager.has('dup')).toBe(false);
    const error = manager.failures.find((failure) => failure.error.code === 'EP_DUPLICATE')!.error;
    expect(error.message).toMatch(/aa-first@1\.0\.0.*zz-last@1\.0\.0/);
  });
});

describe('NamedExtensionManager', () => {
  it('imports only the named entry points, in name order when asked, and reports missing names', async () => {
    let missing: string[] = [];
    const manager = await NamedExtensionManager.load({
      ...base(),
      names: ['beta', 'alpha', 'ghost'],
      nameOrder: true,
      onMissingEntrypoints: (names) => (missing = names),
    });
    expect(manager.names()).toEqual(['beta', 'alpha']);
    expect(missing).toEqual(['ghost']);
    // "broken" throws on import but was never named, so nothing failed.
    expect(manager.failures).toEqual([]);
  });
});

describe('EnabledExtensionManager and dispatch', () => {
  it('keeps what the check accepts', async () => {
    const manager = await EnabledExtensionManager.load({ ...base(), checkFunc: (extension) => extension.name !== 'alpha', onLoadFailure: () => {} });
    expect(manager.names()).toEqual(['beta']);
  });

  it('DispatchExtensionManager calls the extensions a filter picks per call', async () => {
    const manager = await DispatchExtensionManager.load<unknown, Driver>({ ...base(), invokeOnLoad: true, onLoadFailure: () => {} });
    expect(
      await manager.dispatch(
        (extension, who: string) => who === 'a' || extension.name === 'beta',
        (extension, who) => `${extension.name}-${who}`,
        'b',
      ),
    ).toEqual(['beta-b']);
    expect(await manager.dispatchMethod((extension) => extension.name === 'alpha', 'hello', 'z')).toEqual(['alpha:z']);
  });

  it('NameDispatchExtensionManager calls the named extensions in the order named', async () => {
    const manager = await NameDispatchExtensionManager.load<unknown, Driver>({ ...base(), invokeOnLoad: true, onLoadFailure: () => {} });
    expect(await manager.dispatchNamesMethod(['beta', 'missing', 'alpha'], 'hello', 'q')).toEqual(['made-beta:q', 'alpha:q']);
    expect(await manager.dispatchNames(['alpha'], (extension) => extension.name)).toEqual(['alpha']);
  });
});

describe('DriverManager', () => {
  it('loads exactly one driver', async () => {
    const manager = await DriverManager.load<{ name: string }>({ ...base(), name: 'alpha' });
    expect(manager.plugin.name).toBe('Driver');
    const invoked = await DriverManager.load<unknown, Driver>({ ...base(), name: 'alpha', invokeOnLoad: true, invokeArgs: [1] });
    expect((invoked.driver as Driver).args).toEqual([1]);
  });

  it('distinguishes no match, several matches and a failing driver', async () => {
    await expect(DriverManager.load({ ...base(), name: 'ghost' })).rejects.toMatchObject({ code: 'EP_NO_MATCHES', entry: 'ghost', namespace: NS });
    const several = await DriverManager.load({ ...base(), name: 'dup' }).catch((error: unknown) => error);
    expect(several).toMatchObject({ code: 'EP_MULTIPLE_MATCHES', candidates: [expect.stringContaining('aa-first'), expect.stringContaining('zz-last')] });
    await expect(DriverManager.load({ ...base(), name: 'broken' })).rejects.toMatchObject({ code: 'EP_MODULE_IMPORT', package: 'pkg-broken' });
    await expect(DriverManager.load({ ...base(), name: 'future' })).rejects.toMatchObject({ code: 'EP_INCOMPATIBLE_HOST' });
  });

  it('a conflict policy settles several matches', async () => {
    const manager = await DriverManager.load<unknown, Driver>({ ...base(), name: 'dup', conflict: 'last', invokeOnLoad: true });
    expect((manager.driver as Driver).hello('y')).toBe('last:y');
  });
});

describe('HookManager', () => {
  it('loads the hook from every package that declares it', async () => {
    const manager = await HookManager.load<unknown, Driver>({ namespace: HOOKS, name: 'on-start', discovery, invokeOnLoad: true });
    expect(manager.getAll('on-start').map((extension) => extension.entryPoint?.package.name)).toEqual(['pkg-alpha', 'pkg-beta']);
    expect(await manager.mapMethod('hello', 'h')).toEqual(['made-alpha:h', 'made-beta:h']);
  });
});
