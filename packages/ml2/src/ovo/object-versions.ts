/**
 * The versions of neutron Zed's objects that ML2 builds: what Zed's L2
 * agents pull (their CacheBackedPluginApi asks for each class's VERSION) and
 * what they consume on `neutron-vo-<type>-<version>`. Nested objects travel
 * at the version their parent's field holds in Zed.
 */
export const OBJECT_VERSIONS = {
  Port: '1.7',
  Network: '1.1',
  Subnet: '1.1',
  SecurityGroup: '1.5',
  SecurityGroupRule: '1.2',
  AddressGroup: '1.2',
  PortBinding: '1.0',
  PortBindingLevel: '1.1',
  IPAllocation: '1.0',
  PortSecurity: '1.0',
  AllowedAddressPair: '1.0',
  ExtraDhcpOpt: '1.1',
  PortDNS: '1.1',
  NetworkSegment: '1.0',
  NetworkPortSecurity: '1.0',
  IPAllocationPool: '1.0',
  DNSNameServer: '1.0',
  Route: '1.0',
} as const;

export type ObjectName = keyof typeof OBJECT_VERSIONS;

/**
 * oslo.versionedobjects' IncompatibleObjectVersion, as the remote error an
 * agent asking for a version other than the one built here gets (the
 * message is oslo's). Neutron would backport to an older version with
 * obj_make_compatible; no agent this server supports asks for one.
 */
export class IncompatibleObjectVersion extends Error {
  static readonly remoteModule = 'oslo_versionedobjects.exception';
  readonly code = 'IncompatibleObjectVersion';
  constructor(objname: string, objver: string, supported: string) {
    super(`Version ${objver} of ${objname} is not supported, supported version is ${supported}`);
    this.name = 'IncompatibleObjectVersion';
  }
}

/** Throws IncompatibleObjectVersion unless `version` is the one built (an empty version, from a caller that names none, takes it). */
export function checkVersion(name: ObjectName, version: string): void {
  const supported = OBJECT_VERSIONS[name];
  if (version !== '' && version !== supported) throw new IncompatibleObjectVersion(name, version, supported);
}
