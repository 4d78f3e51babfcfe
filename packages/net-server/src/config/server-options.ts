import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { boolOpt, hostAddressOpt, intOpt, listOpt, portOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';
import { loggingOptions } from './logging-options.js';

/*
 * The server's own options, with neutron.conf's names, sections and
 * defaults (neutron/conf/common.py, neutron/conf/service.py, oslo.service,
 * oslo.messaging, oslo.db) except where net-server must work with no config
 * at all: core_plugin defaults to ml2, auth_strategy to noauth, state_path to
 * ./.net-server and transport_url to the in-process memory:// transport.
 * They are registered through this package's `net_server.config.opts` entry
 * point, like any plugin's options.
 */

export const statePathOption = strOpt('state_path', {
  default: resolve('.net-server'),
  sampleDefault: '$cwd/.net-server',
  help: 'Where to store net-server state files, including the default SQLite database. Must be writable.',
});

export const coreOptions = {
  bindHost: hostAddressOpt('bind_host', { default: '0.0.0.0', help: 'The host IP to bind the API to.' }),
  bindPort: portOpt('bind_port', { default: 9696, help: 'The port to bind the API to.' }),
  apiExtensionsPath: strOpt('api_extensions_path', {
    default: '',
    help: 'Colon-separated directories with extra API extensions, on top of those installed packages declare.',
  }),
  authStrategy: strOpt('auth_strategy', {
    default: 'noauth',
    choices: [
      ['noauth', 'every request is an admin of the project it names'],
      ['keystone', 'validate tokens against Keystone'],
    ],
    help: 'The type of authentication to use.',
  }),
  corePlugin: strOpt('core_plugin', {
    default: 'ml2',
    help: 'The core plugin: an alias in net_server.core_plugins or a `module:export` spec.',
  }),
  servicePlugins: listOpt('service_plugins', {
    default: [],
    help: 'The service plugins to load: aliases in net_server.service_plugins or `module:export` specs.',
  }),
  baseMac: strOpt('base_mac', {
    default: 'fa:16:3e:00:00:00',
    regex: /[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}/,
    help: 'The base MAC address for ports. The first 3 octets stay unchanged; a non-zero 4th octet is kept too; the others are random.',
  }),
  allowBulk: boolOpt('allow_bulk', { default: true, help: 'Allow the bulk API.' }),
  paginationMaxLimit: strOpt('pagination_max_limit', {
    default: '-1',
    help: 'The maximum number of items returned in a single response; "infinite" or a negative integer means no limit.',
  }),
  allowOverlappingIps: boolOpt('allow_overlapping_ips', {
    default: false,
    help: 'Allow overlapping IP ranges between projects.',
  }),
  host: hostAddressOpt('host', {
    default: hostname(),
    sampleDefault: 'example.domain',
    help: 'Host name of this server, as agents and services on this machine know it.',
  }),
  logOptions: boolOpt('log_options', {
    default: true,
    help: 'Log the value of every option (secrets masked) at debug level when a service starts.',
  }),
  maxDnsNameservers: intOpt('max_dns_nameservers', { default: 5, help: 'Maximum number of DNS nameservers per subnet.' }),
  maxSubnetHostRoutes: intOpt('max_subnet_host_routes', { default: 20, help: 'Maximum number of host routes per subnet.' }),
  dnsDomain: strOpt('dns_domain', { default: 'openstacklocal', help: 'Domain to use for building host names.' }),
  globalPhysnetMtu: intOpt('global_physnet_mtu', {
    default: 1500,
    min: 68,
    deprecatedNames: [{ group: 'ml2', name: 'segment_mtu' }],
    help: 'MTU of the underlying physical network; overlay networks subtract their overhead from it.',
  }),
  ipamDriver: strOpt('ipam_driver', { default: 'internal', help: 'The IPAM driver, an alias in net_server.ipam_drivers.' }),
  vlanTransparent: boolOpt('vlan_transparent', {
    default: false,
    help: 'Allow plugins that support it to create VLAN transparent networks.',
  }),
  filterValidation: boolOpt('filter_validation', {
    default: true,
    help: 'Reject list filters on unknown attributes, when every plugin supports it.',
  }),
  dhcpAgentsPerNetwork: intOpt('dhcp_agents_per_network', {
    default: 1,
    min: 1,
    help: 'Number of DHCP agents scheduled to host a project network.',
  }),
  agentDownTime: intOpt('agent_down_time', {
    default: 75,
    min: 1,
    help: 'Seconds after the last report before an agent counts as down; at least twice the agents’ report_interval.',
  }),
} as const;

export const serviceOptions = {
  apiWorkers: intOpt('api_workers', {
    min: 0,
    help: 'Number of API worker processes. Unset: one per CPU. 0: serve the API in the main process.',
  }),
  rpcWorkers: intOpt('rpc_workers', {
    min: 0,
    help: 'Number of RPC worker processes. Unset: half the API workers.',
  }),
  rpcStateReportWorkers: intOpt('rpc_state_report_workers', {
    default: 1,
    min: 0,
    help: 'Number of RPC worker processes dedicated to the agent state reports queue.',
  }),
  periodicInterval: intOpt('periodic_interval', { default: 40, min: 1, help: 'Seconds between running periodic tasks.' }),
  periodicFuzzyDelay: intOpt('periodic_fuzzy_delay', {
    default: 5,
    min: 0,
    help: 'Random delay, in seconds, before the first periodic task, to avoid stampedes. 0 disables it.',
  }),
  gracefulShutdownTimeout: intOpt('graceful_shutdown_timeout', {
    default: 60,
    min: 0,
    help: 'Seconds a stopping server waits for running work before exiting. 0 waits forever.',
  }),
  backlog: intOpt('backlog', { default: 4096, min: 1, help: 'Listen backlog of the API socket.' }),
  retryUntilWindow: intOpt('retry_until_window', { default: 30, min: 0, help: 'Seconds to keep retrying to listen.' }),
  maxHeaderLine: intOpt('max_header_line', { default: 16384, min: 1, help: 'Maximum size of an HTTP header line.' }),
  clientSocketTimeout: intOpt('client_socket_timeout', {
    default: 900,
    min: 0,
    help: 'Seconds an idle client connection stays open. 0 waits forever.',
  }),
  wsgiKeepAlive: boolOpt('wsgi_keep_alive', { default: true, help: 'Keep client connections open between requests.' }),
  tcpKeepidle: intOpt('tcp_keepidle', { default: 600, min: 0, help: 'TCP keepalive idle time, in seconds, of client connections.' }),
} as const;

export const messagingOptions = {
  transportUrl: strOpt('transport_url', {
    default: 'memory://',
    secret: true,
    help: 'The messaging transport as a URL: rabbit://user:pass@host:5672/vhost (several hosts separated by commas) ' + 'or memory:// for a single process.',
  }),
  controlExchange: strOpt('control_exchange', {
    default: 'neutron',
    help: 'The exchange topics are scoped under, unless transport_url names one.',
  }),
  rpcResponseTimeout: intOpt('rpc_response_timeout', { default: 60, min: 1, help: 'Seconds to wait for an RPC call reply.' }),
  rpcResponseMaxTimeout: intOpt('rpc_response_max_timeout', {
    default: 600,
    min: 1,
    help: 'Maximum seconds to wait for an RPC call reply when timeouts back off.',
  }),
} as const;

export const databaseOptions = {
  connection: strOpt('connection', {
    default: 'sqlite:///$state_path/net-server.sqlite',
    secret: true,
    deprecatedNames: [{ group: 'DEFAULT', name: 'sql_connection' }],
    help:
      'The database: sqlite:///relative/path, sqlite:////absolute/path, postgresql://user:pass@host:5432/dbname ' +
      '(postgresql+psycopg2:// is accepted too) or mysql+pymysql://user:pass@host:3306/dbname for MySQL and MariaDB ' +
      "(mysql:// and mariadb:// too; neutron.conf's ?charset=utf8 is accepted). Use PostgreSQL or MySQL when several hosts share the database.",
  }),
  maxPoolSize: intOpt('max_pool_size', { default: 5, min: 1, help: 'Maximum PostgreSQL or MySQL connections per process.' }),
  poolTimeout: intOpt('pool_timeout', {
    min: 1,
    help: 'Seconds to wait for a PostgreSQL or MySQL connection to be established before failing.',
  }),
  postgresqlPreparedStatements: boolOpt('postgresql_prepared_statements', {
    default: true,
    help:
      'Name each statement a PostgreSQL connection runs again, so that the server parses and plans it once per connection ' +
      '(up to 256 a connection). Turn it off behind a pooler that does not keep prepared statements, such as PgBouncer ' +
      'in transaction pooling mode before 1.21 or without max_prepared_statements.',
  }),
  connectionRecycleTime: intOpt('connection_recycle_time', {
    default: 3600,
    min: 1,
    help: "Seconds an idle pooled PostgreSQL connection is kept before it is closed (a MySQL one is kept until the server's wait_timeout closes it).",
  }),
  sqliteSynchronous: boolOpt('sqlite_synchronous', {
    default: true,
    help: 'Make SQLite wait for data to reach the disk (synchronous=NORMAL in WAL mode) rather than OFF.',
  }),
  sqliteBusyTimeout: intOpt('sqlite_busy_timeout', {
    default: 30,
    min: 0,
    help: 'Seconds an SQLite connection waits for another process’s write lock before failing.',
  }),
  sqliteDriver: strOpt('sqlite_driver', {
    default: 'auto',
    choices: [
      ['auto', 'better-sqlite3 when it is installed and loads, otherwise libsql'],
      ['better-sqlite3', 'the fastest; installed by the user (npm install better-sqlite3@12)'],
      ['libsql', 'installed with net-server, its binaries being npm packages'],
    ],
    help: 'The SQLite driver of the embedded database. Processes on either driver can share one database file.',
  }),
} as const;

export const serverOptionGroups: OptionGroupDeclaration[] = [
  {
    group: 'DEFAULT',
    options: [
      statePathOption,
      ...Object.values(coreOptions),
      ...Object.values(loggingOptions),
      ...Object.values(serviceOptions),
      ...Object.values(messagingOptions),
    ],
  },
  { group: 'database', help: 'Database connection (oslo.db options).', options: Object.values(databaseOptions) },
];
