import { isAttrSpecified, type Context, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import type { Ml2Db } from '../db/schema.js';
import type { ExtensionDriver, ExtensionDriverInit } from './extension-driver.js';

/** neutron_lib.constants.DNS_DOMAIN_DEFAULT: the domain meaning "no DNS integration". */
const DNS_DOMAIN_DEFAULT = 'openstacklocal.';

function text(data: ResourceRequest, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' && isAttrSpecified(value) ? value : undefined;
}

interface FixedIp {
  ip_address: string;
}

/**
 * `dns_domain` on networks and `dns_name`/`dns_assignment` on ports
 * (neutron's DNSExtensionDriverML2, alias dns-integration). As in neutron,
 * port names are only kept when `[DEFAULT] dns_domain` is set to something
 * other than openstacklocal; `dns_assignment` gives each fixed IP its host
 * name and FQDN.
 */
export class DnsDriver implements ExtensionDriver {
  readonly extensionAlias = 'dns-integration';
  readonly #domain: string;

  constructor({ config }: ExtensionDriverInit) {
    const configured = config.has('DEFAULT', 'dns_domain') ? String(config.value('DEFAULT', 'dns_domain') ?? '') : '';
    this.#domain = configured === '' ? '' : configured.endsWith('.') ? configured : `${configured}.`;
  }

  private get integrated(): boolean {
    return this.#domain !== '' && this.#domain !== DNS_DOMAIN_DEFAULT;
  }

  async processCreateNetwork(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const domain = text(data, 'dns_domain');
    if (domain === undefined) return;
    if (domain !== '')
      await db
        .insertInto('ml2_network_dns_domains')
        .values({ network_id: String(result['id']), dns_domain: domain })
        .execute();
    result['dns_domain'] = domain;
  }

  async processUpdateNetwork(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const domain = text(data, 'dns_domain');
    if (domain === undefined) return;
    const id = String(result['id']);
    await db.deleteFrom('ml2_network_dns_domains').where('network_id', '=', id).execute();
    if (domain !== '') await db.insertInto('ml2_network_dns_domains').values({ network_id: id, dns_domain: domain }).execute();
    result['dns_domain'] = domain;
  }

  async processCreatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const name = text(data, 'dns_name');
    if (!this.integrated || !name) return;
    await db
      .insertInto('ml2_port_dns')
      .values({ port_id: String(result['id']), dns_name: name, dns_domain: '' })
      .execute();
    result['dns_name'] = name;
  }

  async processUpdatePort(db: Ml2Db, _context: Context, data: ResourceRequest, result: ResourceDict): Promise<void> {
    const name = text(data, 'dns_name');
    if (!this.integrated || name === undefined) return;
    const id = String(result['id']);
    await db.deleteFrom('ml2_port_dns').where('port_id', '=', id).execute();
    if (name !== '') await db.insertInto('ml2_port_dns').values({ port_id: id, dns_name: name, dns_domain: '' }).execute();
    result['dns_name'] = name;
  }

  async processDeleteNetwork(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_network_dns_domains').where('network_id', '=', String(resource['id'])).execute();
  }

  async processDeletePort(db: Ml2Db, _context: Context, resource: ResourceDict): Promise<void> {
    await db.deleteFrom('ml2_port_dns').where('port_id', '=', String(resource['id'])).execute();
  }

  async extendNetworkDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const rows = await db
      .selectFrom('ml2_network_dns_domains')
      .select(['network_id', 'dns_domain'])
      .where(
        'network_id',
        'in',
        results.map((r) => String(r['id'])),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.network_id, row.dns_domain]));
    for (const result of results) result['dns_domain'] = byId.get(String(result['id'])) ?? '';
  }

  async extendPortDicts(db: Ml2Db, results: ResourceDict[]): Promise<void> {
    const rows = await db
      .selectFrom('ml2_port_dns')
      .select(['port_id', 'dns_name'])
      .where(
        'port_id',
        'in',
        results.map((r) => String(r['id'])),
      )
      .execute();
    const byId = new Map(rows.map((row) => [row.port_id, row.dns_name]));
    for (const result of results) {
      const name = this.integrated ? (byId.get(String(result['id'])) ?? '') : '';
      result['dns_name'] = name;
      const ips = Array.isArray(result['fixed_ips']) ? (result['fixed_ips'] as FixedIp[]) : [];
      result['dns_assignment'] = ips.map((ip) => this.assignment(name, ip.ip_address));
    }
  }

  private assignment(name: string, ip: string): { ip_address: string; hostname: string; fqdn: string } {
    const hostname = name || `host-${ip.replaceAll('.', '-').replaceAll(':', '-')}`;
    const fqdn = hostname.endsWith('.') || this.#domain === '' ? hostname : `${hostname}.${this.#domain}`;
    return { ip_address: ip, hostname, fqdn };
  }
}
