import { InvalidTransportUrl } from './errors.js';

/**
 * A parsed `transport_url`, as oslo.messaging's TransportURL:
 * `rabbit://user:pass@h1:5672,user:pass@h2:5672/vhost?opt=value`.
 * Passwords never appear in {@link TransportUrl.toString} nor in parse
 * errors.
 */
export interface TransportHost {
  hostname: string;
  port?: number;
  username?: string;
  password?: string;
}

export interface TransportUrl {
  scheme: string;
  hosts: TransportHost[];
  /** The path after the hosts, URL-decoded; `undefined` when absent. */
  virtualHost?: string;
  query: Record<string, string>;
  /** The URL with every password replaced by `****`. */
  toString(): string;
}

const MASK = '****';
const schemePattern = /^[A-Za-z][A-Za-z0-9+.-]*$/;

interface RawParts {
  scheme: string;
  netloc: string;
  path: string;
  query: string;
}

/** Split like Python's urlparse: the netloc ends at the first `/`, `?` or `#`. */
function split(url: string): RawParts | undefined {
  const sep = url.indexOf('://');
  if (sep < 0) return undefined;
  const rest = url.slice(sep + 3);
  const hash = rest.indexOf('#');
  const body = hash < 0 ? rest : rest.slice(0, hash);
  const netEnd = body.search(/[/?]/);
  const netloc = netEnd < 0 ? body : body.slice(0, netEnd);
  const tail = netEnd < 0 ? '' : body.slice(netEnd);
  const q = tail.indexOf('?');
  return {
    scheme: url.slice(0, sep),
    netloc,
    path: q < 0 ? tail : tail.slice(0, q),
    query: q < 0 ? '' : tail.slice(q + 1),
  };
}

function maskHost(segment: string): string {
  const at = segment.lastIndexOf('@');
  if (at < 0) return segment;
  const userinfo = segment.slice(0, at);
  const colon = userinfo.indexOf(':');
  return colon < 0 ? segment : `${userinfo.slice(0, colon)}:${MASK}${segment.slice(at)}`;
}

/**
 * The URL with passwords masked, for logs and errors; works on malformed
 * URLs too, so that a typo never leaks a password.
 */
export function maskTransportUrl(url: string): string {
  const parts = split(url);
  if (!parts) return url.replace(/:[^:@/]*@/g, `:${MASK}@`);
  const netloc = parts.netloc.split(',').map(maskHost).join(',');
  const sep = url.indexOf('://');
  return `${parts.scheme}://${netloc}${url.slice(sep + 3 + parts.netloc.length)}`;
}

function decode(text: string, what: string, masked: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new InvalidTransportUrl(masked, `bad percent-encoding in the ${what}`);
  }
}

function parseHost(segment: string, masked: string): TransportHost {
  const host: TransportHost = { hostname: '' };
  let hostport = segment;
  const at = segment.lastIndexOf('@');
  if (at >= 0) {
    const userinfo = segment.slice(0, at);
    hostport = segment.slice(at + 1);
    const colon = userinfo.indexOf(':');
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon);
    host.username = decode(user, 'user name', masked);
    if (colon >= 0) host.password = decode(userinfo.slice(colon + 1), 'password', masked);
  }
  let portText: string | undefined;
  if (hostport.startsWith('[')) {
    const end = hostport.indexOf(']');
    if (end < 0) throw new InvalidTransportUrl(masked, `unterminated IPv6 address "${hostport}" (missing "]")`);
    host.hostname = hostport.slice(1, end);
    const after = hostport.slice(end + 1);
    if (after !== '' && !after.startsWith(':')) {
      throw new InvalidTransportUrl(masked, `unexpected "${after}" after IPv6 address [${host.hostname}]`);
    }
    if (after.startsWith(':')) portText = after.slice(1);
  } else {
    const colon = hostport.indexOf(':');
    host.hostname = colon < 0 ? hostport : hostport.slice(0, colon);
    if (colon >= 0) portText = hostport.slice(colon + 1);
  }
  if (host.hostname === '') throw new InvalidTransportUrl(masked, `a host entry has no host name ("${maskHost(segment)}")`);
  if (portText !== undefined && portText !== '') {
    if (!/^\d+$/.test(portText) || Number(portText) < 1 || Number(portText) > 65535) {
      throw new InvalidTransportUrl(masked, `port "${portText}" of host ${host.hostname} is not a number from 1 to 65535`);
    }
    host.port = Number(portText);
  }
  return host;
}

function parseQuery(text: string, masked: string): Record<string, string> {
  const values = new Map<string, string[]>();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '), 'query', masked);
    const value = decode((eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, ' '), 'query', masked);
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  // oslo joins repeated options with commas.
  return Object.fromEntries([...values].map(([key, list]) => [key, list.join(',')]));
}

function format(url: Omit<TransportUrl, 'toString'>): string {
  const enc = (text: string): string => encodeURIComponent(text);
  const hosts = url.hosts.map((host) => {
    let text = '';
    if (host.username !== undefined) text += enc(host.username) + (host.password !== undefined ? `:${MASK}` : '') + '@';
    text += host.hostname.includes(':') ? `[${host.hostname}]` : host.hostname;
    if (host.port !== undefined) text += `:${host.port}`;
    return text;
  });
  const path = url.virtualHost === undefined ? '' : `/${enc(url.virtualHost)}`;
  const query = Object.entries(url.query)
    .map(([key, value]) => `${enc(key)}=${enc(value)}`)
    .join('&');
  return `${url.scheme}://${hosts.join(',')}${path}${query === '' ? '' : `?${query}`}`;
}

/**
 * Parse a `transport_url` the way oslo.messaging does: hosts separated by
 * commas, each `user:pass@host:port` with percent-encoded credentials,
 * IPv6 hosts in brackets, the virtual host as the path, options as the
 * query (repeated options joined with commas).
 */
export function parseTransportUrl(url: string): TransportUrl {
  if (typeof url !== 'string') throw new InvalidTransportUrl(String(url), 'it is not a string');
  const masked = maskTransportUrl(url);
  const parts = split(url.trim());
  if (!parts) throw new InvalidTransportUrl(masked, 'no scheme (it must start with e.g. "rabbit://")');
  if (!schemePattern.test(parts.scheme)) throw new InvalidTransportUrl(masked, `"${parts.scheme}" is not a valid scheme`);
  const hosts = parts.netloc
    .split(',')
    .filter((segment) => segment !== '')
    .map((segment) => parseHost(segment, masked));
  const parsed: Omit<TransportUrl, 'toString'> = {
    scheme: parts.scheme.toLowerCase(),
    hosts,
    query: parseQuery(parts.query, masked),
  };
  if (parts.path.startsWith('/')) parsed.virtualHost = decode(parts.path.slice(1), 'virtual host', masked);
  const text = format(parsed);
  return { ...parsed, toString: () => text };
}
