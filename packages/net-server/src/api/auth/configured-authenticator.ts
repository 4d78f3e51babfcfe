import type { ConfigReader, Logger } from '@net-server/lib';
import { coreOptions } from '../../config/server-options.js';
import { keystoneOptions, optionValue } from '../api-options.js';
import type { Authenticator } from './authenticator.js';
import { KeystoneAuth } from './keystone-auth.js';
import { noAuth } from './noauth.js';

/** The authenticator [DEFAULT] auth_strategy names: Keystone with [keystone_authtoken], else noauth. */
export function configuredAuthenticator(config: ConfigReader, logger: Logger): Authenticator {
  if (config.get('DEFAULT', coreOptions.authStrategy) !== 'keystone') return noAuth;
  const value = <V>(option: Parameters<typeof optionValue<V>>[2]): V => optionValue(config, 'keystone_authtoken', option);
  return new KeystoneAuth({
    authUrl: value(keystoneOptions.authUrl),
    wwwAuthenticateUri: value(keystoneOptions.wwwAuthenticateUri),
    username: value(keystoneOptions.username),
    password: value(keystoneOptions.password),
    projectName: value(keystoneOptions.projectName),
    userDomainName: value(keystoneOptions.userDomainName),
    projectDomainName: value(keystoneOptions.projectDomainName),
    tokenCacheSeconds: value(keystoneOptions.tokenCacheTime),
    timeoutSeconds: value(keystoneOptions.httpConnectTimeout),
    maxRetries: value(keystoneOptions.httpRequestMaxRetries),
    logger,
  });
}
