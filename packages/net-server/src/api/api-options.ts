import { intOpt, strOpt, type ConfigReader, type Option, type OptionGroupDeclaration } from '@net-server/lib';

/*
 * Options of the REST API with neutron.conf's groups and names: the policy
 * file of oslo.policy, keystonemiddleware's [keystone_authtoken] and
 * oslo.middleware's body size limit.
 */

export const policyOptions = {
  policyFile: strOpt('policy_file', {
    default: 'policy.yaml',
    help:
      'Policy rules overriding the defaults, as YAML or JSON ("rule": "check string"). A relative path is looked up ' +
      'in the working directory, then /etc/net-server; the default name may be absent.',
  }),
};

export const keystoneOptions = {
  wwwAuthenticateUri: strOpt('www_authenticate_uri', {
    default: '',
    help: 'The public Keystone endpoint announced to clients in WWW-Authenticate on a 401.',
  }),
  authUrl: strOpt('auth_url', { default: '', help: 'Keystone endpoint (e.g. http://keystone:5000) used to validate tokens.' }),
  username: strOpt('username', { default: '', help: 'The service user that validates tokens.' }),
  password: strOpt('password', { default: '', secret: true, help: 'The service user’s password.' }),
  projectName: strOpt('project_name', { default: '', help: 'The service user’s project.' }),
  userDomainName: strOpt('user_domain_name', { default: 'Default', help: 'The service user’s domain.' }),
  projectDomainName: strOpt('project_domain_name', { default: 'Default', help: 'The service project’s domain.' }),
  tokenCacheTime: intOpt('token_cache_time', {
    default: 300,
    min: 0,
    help: 'Seconds a validated token is trusted without asking Keystone again (never past its expiry). 0 disables the cache.',
  }),
  httpConnectTimeout: intOpt('http_connect_timeout', {
    min: 1,
    help: 'Seconds to wait for each request to Keystone; unset (as keystonemiddleware) waits as long as Keystone takes.',
  }),
  httpRequestMaxRetries: intOpt('http_request_max_retries', {
    default: 3,
    min: 0,
    help: 'How many times a request to Keystone that could not connect or timed out is tried again (after 0.5 s, 1 s, 2 s...).',
  }),
};

export const middlewareOptions = {
  maxRequestBodySize: intOpt('max_request_body_size', {
    default: 114688,
    min: 1,
    help: 'The largest request body accepted, in bytes; larger ones are answered 413.',
  }),
};

export const apiOptionGroups: OptionGroupDeclaration[] = [
  { group: 'oslo_policy', help: 'Policy (oslo.policy options).', options: Object.values(policyOptions) },
  { group: 'keystone_authtoken', help: 'Token validation with auth_strategy = keystone.', options: Object.values(keystoneOptions) },
  { group: 'oslo_middleware', help: 'HTTP request limits.', options: Object.values(middlewareOptions) },
];

/** An option's value, or its default where the option is not registered (an embedding without the API's options). */
export function optionValue<V>(config: ConfigReader, group: string, option: Option<V>): V {
  return config.has(group, option.name) ? config.get(group, option) : option.default;
}
