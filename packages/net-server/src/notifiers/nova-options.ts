import { boolOpt, intOpt, strOpt, type OptionGroupDeclaration } from '@net-server/lib';

/*
 * The options of neutron's Nova notifier, with neutron.conf's names,
 * sections and defaults: [DEFAULT] notify_nova_on_port_status_changes,
 * notify_nova_on_port_data_changes, send_events_interval and http_retries
 * (neutron/conf/common.py), and [nova], which holds neutron's region_name and
 * endpoint_type plus the keystoneauth options neutron registers there
 * (ks_loading.register_auth_conf_options and register_session_conf_options):
 * the `password` plugin's and the session's, as neutron.conf users write them.
 */

export const novaNotificationOptions = {
  notifyNovaOnPortStatusChanges: boolOpt('notify_nova_on_port_status_changes', {
    default: true,
    help: 'Send notification to nova when port status changes (network-vif-plugged, network-vif-unplugged). Needs [nova] auth_type.',
  }),
  notifyNovaOnPortDataChanges: boolOpt('notify_nova_on_port_data_changes', {
    default: true,
    help:
      'Send notification to nova when port data (fixed_ips/floatingip) changes so nova can update its cache ' +
      '(network-changed, network-vif-deleted). Needs [nova] auth_type.',
  }),
  sendEventsInterval: intOpt('send_events_interval', {
    default: 2,
    min: 0,
    help: 'Number of seconds between sending events to nova if there are any events to send.',
  }),
  httpRetries: intOpt('http_retries', {
    default: 3,
    min: 0,
    help:
      'Number of times client connections (nova) should be retried on a failed HTTP call. 0 (zero) means connection is ' +
      'attempted only once (not retried). Setting to 3 means total attempts to connect will be 4.',
  }),
} as const;

/** The keystoneauth plugins the [nova] section may name: password authentication against Keystone v3. */
export const NOVA_AUTH_TYPES = ['password', 'v3password'] as const;

export const novaOptions = {
  authType: strOpt('auth_type', {
    choices: [
      ['password', "keystoneauth's generic password plugin (Keystone v3)"],
      ['v3password', "keystoneauth's Keystone v3 password plugin"],
    ],
    deprecatedNames: [{ group: 'nova', name: 'auth_plugin' }],
    help: 'Authentication type to load. Unset: Nova is not notified (there is no way to reach it).',
  }),
  authUrl: strOpt('auth_url', { help: 'Authentication URL: Keystone, e.g. http://keystone:5000/v3 (with or without /v3).' }),
  username: strOpt('username', { deprecatedNames: [{ group: 'nova', name: 'user_name' }], help: 'Username.' }),
  userId: strOpt('user_id', { help: 'User ID (instead of username).' }),
  password: strOpt('password', { secret: true, help: "User's password." }),
  userDomainName: strOpt('user_domain_name', { help: "User's domain name." }),
  userDomainId: strOpt('user_domain_id', { help: "User's domain id." }),
  projectName: strOpt('project_name', { deprecatedNames: [{ group: 'nova', name: 'tenant_name' }], help: 'Project name to scope to.' }),
  projectId: strOpt('project_id', { deprecatedNames: [{ group: 'nova', name: 'tenant_id' }], help: 'Project ID to scope to.' }),
  projectDomainName: strOpt('project_domain_name', { help: 'Domain name containing project.' }),
  projectDomainId: strOpt('project_domain_id', { help: 'Domain ID containing project.' }),
  defaultDomainName: strOpt('default_domain_name', {
    help: 'Domain name used for the user and the project when user_domain_* and project_domain_* are not given.',
  }),
  defaultDomainId: strOpt('default_domain_id', {
    help: 'Domain ID used for the user and the project when user_domain_* and project_domain_* are not given.',
  }),
  regionName: strOpt('region_name', { help: 'Name of nova region to use. Useful if keystone manages more than one region.' }),
  endpointType: strOpt('endpoint_type', {
    default: 'public',
    choices: ['public', 'admin', 'internal'],
    help: 'Type of the nova endpoint to use. This endpoint will be looked up in the keystone catalog and should be one of public, internal or admin.',
  }),
  timeout: intOpt('timeout', {
    min: 1,
    help:
      'Timeout value for http requests to Keystone and Nova, in seconds. Unset: 60 s (keystoneauth waits forever; ' +
      'net-server bounds the wait so that a Nova that never answers cannot hold the events queued behind it).',
  }),
  insecure: boolOpt('insecure', { default: false, help: 'Verify HTTPS connections: false verifies them, true does not.' }),
  cafile: strOpt('cafile', { help: 'PEM encoded Certificate Authority to use when verifying HTTPs connections.' }),
  certfile: strOpt('certfile', { help: 'PEM encoded client certificate cert file.' }),
  keyfile: strOpt('keyfile', { help: 'PEM encoded client certificate key file.' }),
} as const;

export const novaOptionGroups: OptionGroupDeclaration[] = [
  { group: 'DEFAULT', options: Object.values(novaNotificationOptions) },
  {
    group: 'nova',
    help: "How to reach Nova's os-server-external-events API (keystoneauth's password plugin and session options, as in neutron.conf).",
    options: Object.values(novaOptions),
  },
];
