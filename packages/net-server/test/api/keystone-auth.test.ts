import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { KeystoneAuth } from '../../src/api/auth/keystone-auth.js';
import { recordingLogger } from '../helpers.js';
import { startFakeKeystone, type FakeKeystone } from './fake-keystone.js';

let keystone: FakeKeystone | undefined;
afterEach(async () => {
  await keystone?.close();
  keystone = undefined;
});

const withToken = (token: string) => ({ headers: { 'x-auth-token': token } }) as unknown as IncomingMessage;

function keystoneAuth(url: string, options: { maxRetries?: number; tokenCacheSeconds?: number; now?: () => number } = {}) {
  const { logger, records } = recordingLogger();
  const auth = new KeystoneAuth({
    authUrl: url,
    wwwAuthenticateUri: '',
    username: 'neutron',
    password: 'service-secret',
    projectName: 'service',
    userDomainName: 'Default',
    projectDomainName: 'Default',
    tokenCacheSeconds: options.tokenCacheSeconds ?? 300,
    timeoutSeconds: undefined,
    maxRetries: options.maxRetries ?? 3,
    logger,
    ...(options.now ? { now: options.now } : {}),
  });
  return { auth, records };
}

describe('KeystoneAuth when Keystone falters', () => {
  it('tries a validation whose connection was cut again, as keystonemiddleware does (http_request_max_retries)', async () => {
    keystone = await startFakeKeystone({ 'alice-token': { user: 'alice', project: 'p-alice', roles: ['member'] } });
    keystone.dropNext(2);
    const { auth } = keystoneAuth(keystone.url);
    expect((await auth.authenticate(withToken('alice-token'))).context).toMatchObject({ userId: 'alice', projectId: 'p-alice' });
    expect(keystone.validations()).toBe(3);
    keystone.dropNext(5);
    const { auth: twice } = keystoneAuth(keystone.url, { maxRetries: 1 });
    await expect(twice.authenticate(withToken('alice-token'))).rejects.toMatchObject({
      httpStatus: 503,
      type: 'ServiceUnavailable',
      message: 'The Keystone service is temporarily unavailable.',
    });
  });

  it('takes a token validated before while Keystone is away, until the token expires, and refuses unknown ones with 503', async () => {
    keystone = await startFakeKeystone({ 'alice-token': { user: 'alice', project: 'p-alice', roles: ['member'] } });
    let now = Date.now();
    const { auth, records } = keystoneAuth(keystone.url, { tokenCacheSeconds: 60, maxRetries: 0, now: () => now });
    await auth.authenticate(withToken('alice-token'));
    await keystone.close();
    now += 120_000;
    expect((await auth.authenticate(withToken('alice-token'))).context).toMatchObject({ userId: 'alice' });
    expect(records.some((record) => String(record['msg']).startsWith('Keystone could not validate a token'))).toBe(true);
    await expect(auth.authenticate(withToken('bob-token'))).rejects.toMatchObject({ httpStatus: 503 });
    // The fake's tokens live an hour.
    now += 3_600_000;
    await expect(auth.authenticate(withToken('alice-token'))).rejects.toMatchObject({ httpStatus: 503 });
  });
});
