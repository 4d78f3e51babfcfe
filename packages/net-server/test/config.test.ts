import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { intOpt, listOpt, multiStrOpt, strOpt } from '@net-server/lib';
import { describe, expect, it } from 'vitest';
import { parseCliOverrides } from '../src/config/cli-overrides.js';
import { configDirFiles, findDefaultConfigFiles, readConfigFiles } from '../src/config/config-files.js';
import { Config, NoSuchOptionError } from '../src/config/config.js';
import {
  ConfigFileError,
  ConfigInterpolationError,
  ConfigProblemsError,
  ConfigRequiredError,
  ConfigUsageError,
  ConfigValueError,
  DuplicateOptionError,
} from '../src/config/errors.js';
import { parseIni } from '../src/config/ini-parser.js';
import { loadConfig } from '../src/config/load-config.js';
import { InvalidOptionDeclarationError, OptionRegistry } from '../src/config/option-registry.js';
import { generateSample } from '../src/config/sample.js';
import { coreOptions, databaseOptions, serverOptionGroups } from '../src/config/server-options.js';
import { installFakePackage, makeAppRoot } from './fixtures.js';
import { recordingLogger, tempDir } from './helpers.js';

const vlanRanges = multiStrOpt('network_vlan_ranges', { help: 'VLAN ranges.' });
const workers = intOpt('workers', { help: 'Workers.', min: 1, max: 8, default: 2 });
const password = strOpt('password', { help: 'Password.', secret: true });
const required = strOpt('needed', { help: 'Needed.', required: true });
const drivers = listOpt('mechanism_drivers', { help: 'Drivers.', default: [] });

function registry(extra = true): OptionRegistry {
  const reg = new OptionRegistry();
  reg.register(serverOptionGroups, 'net-server');
  if (extra) reg.register([{ group: 'ml2', options: [vlanRanges, workers, password, drivers] }], 'fake-ml2');
  return reg;
}

function ini(text: string, path = '/etc/net-server/net-server.conf') {
  return parseIni(text, path);
}

describe('Config', () => {
  it('uses neutron defaults, with $state_path interpolated into the database connection', () => {
    const config = Config.resolve(registry(), { env: {} });
    expect(config.get('DEFAULT', coreOptions.bindPort)).toBe(9696);
    expect(config.get('DEFAULT', coreOptions.authStrategy)).toBe('noauth');
    expect(config.get('DEFAULT', coreOptions.servicePlugins)).toEqual([]);
    expect(config.value('DEFAULT', 'control_exchange')).toBe('neutron');
    const statePath = config.value('DEFAULT', 'state_path') as string;
    expect(config.get('database', databaseOptions.connection)).toBe(`sqlite:///${statePath}/net-server.sqlite`);
    expect(config.get('ml2', workers)).toBe(2);
    expect(config.get('ml2', password)).toBeUndefined();
  });

  it('layers files, environment and command line with later files winning', () => {
    const files = [
      ini('[DEFAULT]\nbind_port = 1000\ncore_plugin = a\nstate_path = /srv/ns\n[ml2]\nworkers = 3', '/a.conf'),
      ini('[DEFAULT]\nbind_port = 2000\n[ml2]\nworkers = 4\nmechanism_drivers = ovs, logger', '/b.conf'),
    ];
    const config = Config.resolve(registry(), {
      files,
      env: { NET_SERVER_DEFAULT__CORE_PLUGIN: 'from-env', NET_SERVER_ML2__WORKERS: '5', NET_SERVER_LOG_LEVEL: 'debug' },
      overrides: [{ group: 'ml2', name: 'workers', value: '6', flag: '--ml2-workers' }],
    });
    expect(config.value('DEFAULT', 'bind_port')).toBe(2000);
    expect(config.origin('DEFAULT', 'bind_port')).toEqual({ kind: 'file', where: '/b.conf', line: 2 });
    expect(config.value('DEFAULT', 'core_plugin')).toBe('from-env');
    expect(config.value('ml2', 'workers')).toBe(6);
    expect(config.value('ml2', 'mechanism_drivers')).toEqual(['ovs', 'logger']);
    expect(config.value('database', 'connection')).toBe('sqlite:////srv/ns/net-server.sqlite');
    expect(config.files).toEqual(['/a.conf', '/b.conf']);
  });

  it('accumulates multi-valued options across repeated keys and files', () => {
    const files = [
      ini('[ml2]\nnetwork_vlan_ranges = physnet1:1:10\nnetwork_vlan_ranges = physnet2', '/a.conf'),
      ini('[ml2]\nnetwork_vlan_ranges = physnet3:5:6', '/b.conf'),
    ];
    const config = Config.resolve(registry(), { files, env: {} });
    expect(config.get('ml2', vlanRanges)).toEqual(['physnet1:1:10', 'physnet2', 'physnet3:5:6']);
    const overridden = Config.resolve(registry(), {
      files,
      env: {},
      overrides: [
        { group: 'ml2', name: 'network_vlan_ranges', value: 'x', flag: '--ml2-network-vlan-ranges' },
        { group: 'ml2', name: 'network_vlan_ranges', value: 'y', flag: '--ml2-network-vlan-ranges' },
      ],
    });
    expect(overridden.get('ml2', vlanRanges)).toEqual(['x', 'y']);
  });

  it('interpolates $name, ${group.name} and $$ and reports loops and unknown names', () => {
    const reg = registry();
    reg.register([{ group: 'paths', options: [strOpt('a', { help: 'a' }), strOpt('b', { help: 'b' }), strOpt('c', { help: 'c' })] }], 'paths-pkg');
    const config = Config.resolve(reg, {
      env: {},
      files: [ini('[DEFAULT]\nstate_path = /var/lib/ns\n[paths]\na = $state_path/x\nb = ${paths.a}/y and $$HOME and pa$!word\n')],
    });
    expect(config.value('paths', 'a')).toBe('/var/lib/ns/x');
    expect(config.value('paths', 'b')).toBe('/var/lib/ns/x/y and $HOME and pa$!word');
    expect(() => Config.resolve(reg, { env: {}, files: [ini('[paths]\na = $b\nb = $a')] })).toThrow(/\[paths\] a: its value refers back to itself/);
    expect(() => Config.resolve(reg, { env: {}, files: [ini('[paths]\na = $a')] })).toThrow(ConfigInterpolationError);
    expect(() => Config.resolve(reg, { env: {}, files: [ini('[paths]\na = $nosuch')] })).toThrow(/\$nosuch names no registered option/);
    expect(() => Config.resolve(reg, { env: {}, files: [ini('[paths]\na = $c')] })).toThrow(/has no value/);
  });

  it('rejects bad values naming file, line, section, option and expected type', () => {
    let error: unknown;
    try {
      Config.resolve(registry(), { env: {}, files: [ini('[DEFAULT]\n\nbind_port = ninety', '/etc/ns.conf')] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValueError);
    expect((error as ConfigValueError).message).toBe(
      '/etc/ns.conf:3: [DEFAULT] bind_port: "ninety" is not valid; expected a port number between 0 and 65535. ' +
        'Correct the value or remove it to use the default.',
    );
    expect(() => Config.resolve(registry(), { env: { NET_SERVER_ML2__WORKERS: '9' } })).toThrow(
      /environment variable NET_SERVER_ML2__WORKERS: \[ml2\] workers: "9" is not valid; expected an integer between 1 and 8/,
    );
    expect(() => Config.resolve(registry(), { env: {}, files: [ini('[DEFAULT]\nauth_strategy = magic')] })).toThrow(/expected one of "noauth", "keystone"/);
  });

  it('reports every bad value at once', () => {
    const error = (() => {
      try {
        Config.resolve(registry(), { env: {}, files: [ini('[DEFAULT]\nbind_port = x\ndebug = maybe\n', '/m.conf')] });
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ConfigProblemsError);
    const problems = (error as ConfigProblemsError).problems.map((problem) => problem.message.split(':').slice(0, 3).join(':'));
    expect(problems).toEqual(['/m.conf:2: [DEFAULT] bind_port', '/m.conf:3: [DEFAULT] debug']);
    expect((error as Error).message).toMatch(/^2 configuration problems:\n  - \/m\.conf:2: \[DEFAULT\] bind_port: "x" is not valid/);
  });

  it('never shows secret values in errors or descriptions', () => {
    const config = Config.resolve(registry(), {
      env: {},
      files: [ini('[DEFAULT]\ntransport_url = rabbit://u:hunter2@h/\n[ml2]\npassword = hunter2')],
    });
    const described = JSON.stringify(config.describe());
    expect(described).not.toContain('hunter2');
    expect(config.describe().find((r) => r.name === 'password')?.value).toBe('****');
    expect(config.get('ml2', password)).toBe('hunter2');
    const { logger, records } = recordingLogger();
    config.logOptionValues(logger);
    expect(JSON.stringify(records)).not.toContain('hunter2');
    expect(records.some((r) => r['name'] === 'bind_port' && r['value'] === 9696)).toBe(true);
    const secretInt = new OptionRegistry();
    secretInt.register([{ group: 'x', options: [intOpt('pin', { help: 'p', secret: true })] }], 'x');
    expect(() => Config.resolve(secretInt, { env: {}, files: [ini('[x]\npin = s3cr3t')] })).toThrow(/\*\*\*\* is not valid/);
  });

  it('warns about unknown options and sections, naming file and section', () => {
    const { logger, records } = recordingLogger();
    Config.resolve(
      registry(),
      { env: { NET_SERVER_DEFAULT__NOPE: '1' }, files: [ini('[DEFAULT]\nbogus = 1\nbind_prot = 1\n[keystone_authtoken]\nauth_url = x', '/n.conf')] },
      logger,
    );
    // Ignored rather than refused, as oslo.config does: neutron.conf holds options of other services too.
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', option: 'bind_prot', line: 3, suggestion: 'did you mean bind_port?' }));
    expect(records.find((record) => record['option'] === 'bogus')).not.toHaveProperty('suggestion');
    expect(records).toContainEqual(
      expect.objectContaining({ level: 'warn', msg: 'unknown config option ignored', file: '/n.conf', section: 'DEFAULT', option: 'bogus', line: 2 }),
    );
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', file: '/n.conf', section: 'keystone_authtoken' }));
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', variable: 'NET_SERVER_DEFAULT__NOPE' }));
  });

  it('reads deprecated names with a warning', () => {
    const { logger, records } = recordingLogger();
    const config = Config.resolve(registry(), { env: {}, files: [ini('[ml2]\nsegment_mtu = 9000\n[DEFAULT]\nsql_connection = sqlite:///y')] }, logger);
    expect(config.value('DEFAULT', 'global_physnet_mtu')).toBe(9000);
    expect(config.value('database', 'connection')).toBe('sqlite:///y');
    expect(records.filter((r) => r['msg'] === 'deprecated config option name; use the new name')).toHaveLength(2);
  });

  it('fails on a missing required option and unknown option reads', () => {
    const reg = new OptionRegistry();
    reg.register([{ group: 'x', options: [required] }], 'x');
    expect(() => Config.resolve(reg, { env: {} })).toThrow(ConfigRequiredError);
    expect(() => Config.resolve(reg, { env: {} })).toThrow(/--x-needed.*NET_SERVER_X__NEEDED/);
    const config = Config.resolve(reg, { env: { NET_SERVER_X__NEEDED: 'yes' } });
    expect(() => config.value('x', 'other')).toThrow(NoSuchOptionError);
    expect(config.has('x', 'needed')).toBe(true);
  });
});

describe('OptionRegistry', () => {
  it('rejects one option registered by two packages and malformed declarations', () => {
    const reg = registry();
    reg.register(serverOptionGroups, 'net-server');
    expect(() => reg.register([{ group: 'DEFAULT', options: [strOpt('bind_port', { help: 'x' })] }], 'intruder')).toThrow(DuplicateOptionError);
    expect(() => reg.register({ group: 'x' }, 'bad')).toThrow(InvalidOptionDeclarationError);
    expect(() => reg.register([{ group: 'x', options: [{ name: 'y' }] }], 'bad')).toThrow(/not an option/);
  });
});

describe('parseCliOverrides', () => {
  it('maps --group-option and --option flags, with = or a separate value', () => {
    const overrides = parseCliOverrides(
      ['--bind-port', '80', '--database-connection=postgresql://h/db', '--ml2_workers=3', '--debug', '--no-allow-bulk'],
      registry(),
    );
    expect(overrides).toEqual([
      { group: 'DEFAULT', name: 'bind_port', value: '80', flag: '--bind-port' },
      { group: 'database', name: 'connection', value: 'postgresql://h/db', flag: '--database-connection' },
      { group: 'ml2', name: 'workers', value: '3', flag: '--ml2_workers' },
      { group: 'DEFAULT', name: 'debug', value: 'true', flag: '--debug' },
      { group: 'DEFAULT', name: 'allow_bulk', value: 'false', flag: '--no-allow-bulk' },
    ]);
  });

  it('rejects unknown, valueless and ambiguous flags', () => {
    expect(() => parseCliOverrides(['--nope=1'], registry())).toThrow(ConfigUsageError);
    expect(() => parseCliOverrides(['--bind-port'], registry())).toThrow(/--bind-port needs a value/);
    expect(() => parseCliOverrides(['stray'], registry())).toThrow(/unexpected argument/);
    const reg = registry();
    reg.register([{ group: 'agent', options: [strOpt('down_time', { help: 'x' })] }], 'clash');
    expect(() => parseCliOverrides(['--agent-down-time=3'], reg)).toThrow(/ambiguous/);
  });
});

describe('config files', () => {
  it('reads the first net-server.conf of ./, ~/.net-server and /etc/net-server, and never an unnamed neutron.conf', () => {
    const home = tempDir();
    const dirs = [join(home, 'cwd'), join(home, '.net-server'), join(home, 'etc-net-server')];
    for (const dir of dirs) mkdirSync(dir, { recursive: true });
    for (const dir of dirs) writeFileSync(join(dir, 'neutron.conf'), '[DEFAULT]\n');
    expect(findDefaultConfigFiles(dirs)).toEqual([]);
    writeFileSync(join(dirs[2] as string, 'net-server.conf'), '[DEFAULT]\n');
    expect(findDefaultConfigFiles(dirs)).toEqual([join(dirs[2] as string, 'net-server.conf')]);
    writeFileSync(join(dirs[1] as string, 'net-server.conf'), '[DEFAULT]\n');
    expect(findDefaultConfigFiles(dirs)).toEqual([join(dirs[1] as string, 'net-server.conf')]);
    writeFileSync(join(dirs[0] as string, 'net-server.conf'), '[DEFAULT]\n');
    expect(findDefaultConfigFiles(dirs)).toEqual([join(dirs[0] as string, 'net-server.conf')]);
  });

  it('reads --config-file in order then --config-dir *.conf sorted, and names missing files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'main.conf'), '[DEFAULT]\nbind_port = 1');
    writeFileSync(join(dir, 'conf.d', '20-b.conf'), '[DEFAULT]\nbind_port = 3');
    writeFileSync(join(dir, 'conf.d', '10-a.conf'), '[DEFAULT]\nbind_port = 2');
    writeFileSync(join(dir, 'conf.d', 'ignored.txt'), 'not ini');
    expect(configDirFiles(join(dir, 'conf.d')).map((p) => p.slice(dir.length))).toEqual(['/conf.d/10-a.conf', '/conf.d/20-b.conf']);
    const files = readConfigFiles({ configFiles: [join(dir, 'main.conf')], configDirs: [join(dir, 'conf.d')] });
    const config = Config.resolve(registry(), { files, env: {} });
    expect(config.value('DEFAULT', 'bind_port')).toBe(3);
    expect(() => readConfigFiles({ configFiles: [join(dir, 'missing.conf')] })).toThrow(ConfigFileError);
    expect(() => readConfigFiles({ configFiles: [join(dir, 'missing.conf')] })).toThrow(/missing\.conf: file does not exist/);
    expect(() => readConfigFiles({ configDirs: [join(dir, 'nodir')], searchDirs: [] })).toThrow(/config directory does not exist/);
  });
});

describe('loadConfig', () => {
  it('registers options from installed packages through net_server.config.opts', async () => {
    const root = makeAppRoot(tempDir());
    installFakePackage(root, {
      name: 'fake-opts',
      entryPoints: { 'net_server.config.opts': { fake: './opts.js:opts' } },
      links: ['@net-server/lib'],
      files: {
        'opts.js': [
          "import { intOpt, strOpt } from '@net-server/lib';",
          "export const opts = [{ group: 'fake', options: [intOpt('size', { help: 'Size.', min: 1, default: 4 }), strOpt('name', { help: 'Name.' })] }];",
        ].join('\n'),
      },
    });
    const confFile = join(root, 'ns.conf');
    writeFileSync(confFile, '[fake]\nname = hello\n');
    const config = await loadConfig({
      plugins: { root },
      configFiles: [confFile],
      args: ['--fake-size', '7', '--bind-port=8080'],
      env: {},
    });
    expect(config.value('fake', 'size')).toBe(7);
    expect(config.value('fake', 'name')).toBe('hello');
    expect(config.value('DEFAULT', 'bind_port')).toBe(8080);
    writeFileSync(confFile, '[fake]\nsize = 0\n');
    // The type object comes from the plugin's own copy of @net-server/lib.
    await expect(loadConfig({ plugins: { root }, configFiles: [confFile], env: {} })).rejects.toThrow(
      new RegExp(`${confFile}:2: \\[fake\\] size: "0" is not valid; expected an integer >= 1`),
    );
  });

  it('warns and carries on when a package’s options do not load', async () => {
    const root = makeAppRoot(tempDir());
    installFakePackage(root, {
      name: 'broken-opts',
      entryPoints: { 'net_server.config.opts': { broken: './opts.js:opts' } },
      files: { 'opts.js': "throw new Error('boom');" },
    });
    const { logger, records } = recordingLogger();
    const config = await loadConfig({ plugins: { root }, configFiles: [], searchDirs: [], env: {}, logger });
    expect(config.value('DEFAULT', 'bind_port')).toBe(9696);
    expect(records).toContainEqual(expect.objectContaining({ level: 'warn', package: 'broken-opts' }));
  });
});

describe('generateSample', () => {
  it('documents every option with type, limits and defaults, grouped by package', () => {
    const sample = generateSample(registry());
    expect(sample.startsWith('[DEFAULT]\n')).toBe(true);
    expect(sample).toContain('# From net-server\n');
    expect(sample).toContain('# The port to bind the API to. (port value)\n# Minimum value: 0\n# Maximum value: 65535\n#bind_port = 9696\n');
    expect(sample).toContain('#state_path = $cwd/.net-server\n');
    expect(sample).toContain('[ml2]\n');
    expect(sample).toContain('# From fake-ml2\n');
    expect(sample).toContain('# Possible values:\n# noauth - every request');
    expect(sample).toContain('#api_workers = <None>\n');
    expect(sample).toContain('# Deprecated group/name - [ml2]/segment_mtu\n');
    expect(sample).toContain('#connection = sqlite:///$state_path/net-server.sqlite\n');
    expect(sample).toContain('# This option is secret: its value is never logged.\n#transport_url = memory://\n');
    for (const line of sample.split('\n')) expect(line.length).toBeLessThanOrEqual(120);
    // A sample is itself a valid config file that changes nothing.
    const config = Config.resolve(registry(), { files: [parseIni(sample, 'sample.conf')], env: {} });
    expect(config.value('DEFAULT', 'bind_port')).toBe(9696);
  });
});
