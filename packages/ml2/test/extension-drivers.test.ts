import { describe, expect, it } from 'vitest';
import { DnsDriver, ExtensionDriverError, ExtensionManager, ml2Db, PortSecurityDriver, type ExtensionDriver } from '@net-server/ml2';
import { adminContext, logger, migratedDatabase, ml2Config } from './helpers.js';

describe('port_security', () => {
  it('defaults networks to enabled, ports to their network, and follows updates', async () => {
    const { database } = await migratedDatabase();
    const db = ml2Db(database);
    const manager = new ExtensionManager([{ name: 'port_security', obj: new PortSecurityDriver() }], logger);
    expect(manager.extensionAliases()).toEqual(['port-security']);
    const open = { id: 'n1' };
    await manager.process('processCreateNetwork', db, adminContext, {}, open);
    const closed = { id: 'n2' };
    await manager.process('processCreateNetwork', db, adminContext, { port_security_enabled: false }, closed);
    expect([open, closed].map((n) => n['port_security_enabled' as keyof typeof n])).toEqual([true, false]);
    const port: Record<string, unknown> = { id: 'p1', network_id: 'n2' };
    await manager.process('processCreatePort', db, adminContext, {}, port);
    expect(port['port_security_enabled']).toBe(false);
    await manager.process('processUpdatePort', db, adminContext, { port_security_enabled: true }, port);
    await manager.process('processUpdateNetwork', db, adminContext, { port_security_enabled: true }, closed);
    const listed: Record<string, unknown>[] = [{ id: 'n1' }, { id: 'n2' }];
    await manager.extend('extendNetworkDicts', db, listed);
    const ports: Record<string, unknown>[] = [{ id: 'p1' }];
    await manager.extend('extendPortDicts', db, ports);
    expect([listed.map((n) => n['port_security_enabled']), ports[0]!['port_security_enabled']]).toEqual([[true, true], true]);
  });
});

describe('dns', () => {
  it('keeps network domains and port names, and assigns host names to fixed IPs', async () => {
    const { database } = await migratedDatabase();
    const db = ml2Db(database);
    const driver = new DnsDriver({ config: ml2Config('[DEFAULT]\ndns_domain = example.org'), logger });
    const network: Record<string, unknown> = { id: 'n1' };
    await driver.processCreateNetwork(db, adminContext, { dns_domain: 'corp.example.org.' }, network);
    const port: Record<string, unknown> = { id: 'p1', fixed_ips: [{ ip_address: '10.0.0.5' }] };
    await driver.processCreatePort(db, adminContext, { dns_name: 'web1' }, port);
    const anonymous: Record<string, unknown> = { id: 'p2', fixed_ips: [{ ip_address: 'fd00::5' }] };
    await driver.extendPortDicts(db, [port, anonymous]);
    await driver.extendNetworkDicts(db, [network]);
    expect(network['dns_domain']).toBe('corp.example.org.');
    expect(port['dns_assignment']).toEqual([{ ip_address: '10.0.0.5', hostname: 'web1', fqdn: 'web1.example.org.' }]);
    expect(anonymous).toMatchObject({ dns_name: '', dns_assignment: [{ ip_address: 'fd00::5', hostname: 'host-fd00--5', fqdn: 'host-fd00--5.example.org.' }] });
  });

  it('ignores port names while dns_domain is the default openstacklocal', async () => {
    const { database } = await migratedDatabase();
    const db = ml2Db(database);
    const driver = new DnsDriver({ config: ml2Config(), logger });
    const port: Record<string, unknown> = { id: 'p1', fixed_ips: [{ ip_address: '10.0.0.5' }] };
    await driver.processCreatePort(db, adminContext, { dns_name: 'web1' }, port);
    await driver.extendPortDicts(db, [port]);
    expect(port).toMatchObject({ dns_name: '', dns_assignment: [{ hostname: 'host-10-0-0-5', fqdn: 'host-10-0-0-5.openstacklocal.' }] });
  });
});

describe('ExtensionManager', () => {
  it('reports a driver that fails to extend dicts as ExtensionDriverError', async () => {
    const { database } = await migratedDatabase();
    const broken: ExtensionDriver = {
      extensionAlias: 'broken',
      extendNetworkDicts: () => {
        throw new Error('bug');
      },
    };
    const manager = new ExtensionManager([{ name: 'broken', obj: broken }], logger);
    const error = await manager.extend('extendNetworkDicts', ml2Db(database), [{ id: 'n' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExtensionDriverError);
    expect((error as Error).message).toBe('Extension broken failed.');
  });

  it('announces no extension for a driver without an alias (a service plugin announces it, as for qos)', () => {
    const storing: ExtensionDriver = { extendPortDicts: (_db, results) => results.forEach((port) => (port['stored'] = true)) };
    const manager = new ExtensionManager(
      [
        { name: 'storing', obj: storing },
        { name: 'port_security', obj: new PortSecurityDriver() },
      ],
      logger,
    );
    expect(manager.extensionAliases()).toEqual(['port-security']);
  });
});
