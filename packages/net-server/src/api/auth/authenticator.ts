import type { IncomingMessage } from 'node:http';
import type { Context } from '@net-server/lib';

/**
 * Turns a request's credentials into the request Context (neutron's auth
 * pipeline: authtoken + keystonecontext, or the noauth headers). Throws
 * HTTPUnauthorized (401) when the request cannot be authenticated.
 */
export interface Authenticator {
  authenticate(request: IncomingMessage, requestId: string): Promise<Context>;
  /** The WWW-Authenticate value sent with a 401, if any. */
  readonly challenge?: string;
}

/** A header's single value. */
export function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** X-Roles style comma-separated roles. */
export function parseRoles(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
}
