/**
 * A parsed `transport_url`, as oslo.messaging's TransportURL:
 * `rabbit://user:pass@h1:5672,user:pass@h2:5672/vhost?opt=value`.
 * (Parser and masking are implemented beside this type; passwords never
 * appear in {@link TransportUrl.toString}.)
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
