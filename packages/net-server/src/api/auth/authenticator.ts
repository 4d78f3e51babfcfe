import type { IncomingMessage } from 'node:http';
import type { ContextOptions } from '@net-server/lib';

/** Who a request comes from; the API turns it into the request Context. */
export interface Identity {
  context: Omit<ContextOptions, 'isAdmin' | 'isAdvsvc' | 'requestId'>;
  /**
   * Admin whatever the policy says (neutron's noauth requests that name no
   * project); otherwise admin-ness comes from the `context_is_admin` rule.
   */
  elevated: boolean;
}

/**
 * Establishes who sent a request (neutron's auth pipeline: authtoken +
 * keystonecontext, or the noauth headers). Throws HTTPUnauthorized (401)
 * when the request cannot be authenticated.
 */
export interface Authenticator {
  authenticate(request: IncomingMessage): Promise<Identity>;
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
