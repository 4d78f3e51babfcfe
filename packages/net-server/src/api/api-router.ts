import type { ApiModel } from './api-model.js';
import { routeResource, type ControlledRoute, type ResourceRoute } from './route-resource.js';

/**
 * What answers a request path, decided from the path alone: the public
 * documents, what needs an authenticated caller under /v2.0, or nothing
 * (`outside`: a 404 before authentication; `unknown`: a 404 after it).
 */
export type ApiRoute =
  | { kind: 'versions' }
  | { kind: 'healthcheck' }
  | { kind: 'outside' }
  | { kind: 'resources' }
  | { kind: 'openapi' }
  | { kind: 'extensions' }
  | { kind: 'extension'; alias: string }
  | { kind: 'quotas'; segments: readonly string[] }
  | { kind: 'service-providers' }
  | { kind: 'resource'; route: ResourceRoute }
  | { kind: 'controlled'; route: ControlledRoute }
  | { kind: 'unknown' };

/**
 * Routes a request target (the path as sent: no dot-segment resolution)
 * over the model; `/quotas` is routed only when `quotas` are served.
 */
export function routeApiPath(target: string | undefined, model: ApiModel, quotas: boolean): ApiRoute {
  const path = rawPath(target).replace(/\/+$/, '') || '/';
  if (path === '/') return { kind: 'versions' };
  if (path === '/healthcheck') return { kind: 'healthcheck' };
  const segments = path
    .split('/')
    .filter((segment) => segment !== '')
    .map(decodeSegment);
  // No resource id or name holds a NUL, and databases refuse to look one up. Dot segments
  // are not resolved (/networks/%2e%2e/agents is not /agents), as neutron: a proxy's rules keyed on
  // path prefixes must see the path the server routes.
  if (segments[0] !== 'v2.0' || segments.some((segment) => segment.includes('\0') || segment === '.' || segment === '..')) return { kind: 'outside' };
  const rest = segments.slice(1);
  if (rest.length === 0) return { kind: 'resources' };
  if (rest.length === 1 && rest[0] === 'openapi.json') return { kind: 'openapi' };
  const last = rest[rest.length - 1]!;
  if (last.endsWith('.json')) rest[rest.length - 1] = last.slice(0, -'.json'.length);
  if (rest[0] === 'extensions' && rest.length <= 2) return rest.length === 1 ? { kind: 'extensions' } : { kind: 'extension', alias: rest[1]! };
  if (rest[0] === 'quotas' && quotas) return { kind: 'quotas', segments: rest.slice(1) };
  if (rest.length === 1 && rest[0] === 'service-providers') return { kind: 'service-providers' };
  const route = routeResource(model, rest);
  if (!route) return { kind: 'unknown' };
  return 'subresource' in route ? { kind: 'controlled', route } : { kind: 'resource', route };
}

/** The path as the client sent it, before the query: URL parsing would resolve dot segments, percent-encoded ones too. */
function rawPath(target: string | undefined): string {
  const raw = target ?? '/';
  if (!raw.startsWith('/')) {
    // An absolute-form target (through a proxy): its host part goes, its path is taken as sent.
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/i.exec(raw);
    return match?.[1] || '/';
  }
  const end = raw.search(/[?#]/);
  return end < 0 ? raw : raw.slice(0, end);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
