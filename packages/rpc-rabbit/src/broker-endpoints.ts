import { readFileSync } from 'node:fs';
import type { TransportHost, TransportUrl } from '@net-server/rpc';
import type { Options } from 'amqplib';
import { credentials } from 'amqplib';
import { InvalidRabbitOption } from './errors.js';
import type { RabbitOptions } from './options.js';

/** One broker to try: what amqplib needs, plus a password-free label for logs. */
export interface BrokerEndpoint {
  /** `user@host:port/vhost`, safe to log. */
  readonly label: string;
  readonly connect: Options.Connect;
  readonly socket: Record<string, unknown>;
}

interface TlsFiles {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
}

function readTlsFile(option: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InvalidRabbitOption(option, path, `a readable file (${(error as Error).message})`, 'driver options');
  }
}

function tlsFiles(options: RabbitOptions): TlsFiles {
  const files: TlsFiles = {};
  if (options.ssl_ca_file !== '') files.ca = readTlsFile('ssl_ca_file', options.ssl_ca_file);
  if (options.ssl_cert_file !== '') files.cert = readTlsFile('ssl_cert_file', options.ssl_cert_file);
  if (options.ssl_key_file !== '') files.key = readTlsFile('ssl_key_file', options.ssl_key_file);
  return files;
}

function loginCredentials(options: RabbitOptions, username: string, password: string): unknown {
  switch (options.rabbit_login_method) {
    case 'PLAIN':
      return credentials.plain(username, password);
    case 'AMQPLAIN':
      return credentials.amqplain(username, password);
    case 'EXTERNAL':
      return credentials.external();
  }
}

/**
 * Turns the transport URL's hosts into amqplib connection settings, as
 * oslo.messaging's rabbit Connection does: `guest` when no user is given,
 * port 5672 (5671 with TLS), TLS with the CA / client certificate files, the
 * peer verified against `ssl_ca_file` and its hostname checked only with
 * `ssl_enforce_hostname_verification`.
 */
export function brokerEndpoints(url: TransportUrl, options: RabbitOptions, connectionName: string): BrokerEndpoint[] {
  const hosts: TransportHost[] = url.hosts.length > 0 ? url.hosts : [{ hostname: 'localhost' }];
  const files = options.ssl ? tlsFiles(options) : {};
  const vhost = url.virtualHost === undefined || url.virtualHost === '' ? '/' : url.virtualHost;
  return hosts.map((host) => {
    const username = host.username ?? (host.password === undefined ? 'guest' : '');
    const password = host.password ?? (host.username === undefined ? 'guest' : '');
    const port = host.port ?? (options.ssl ? 5671 : 5672);
    const hostname = host.hostname === '' ? 'localhost' : host.hostname;
    const socket: Record<string, unknown> = {
      credentials: loginCredentials(options, username, password),
      clientProperties: { connection_name: connectionName, product: '@net-server/rpc-rabbit' },
      noDelay: true,
      timeout: 10_000,
    };
    if (options.ssl) {
      Object.assign(socket, files);
      if (files.ca === undefined) socket['rejectUnauthorized'] = false;
      if (!options.ssl_enforce_hostname_verification) socket['checkServerIdentity'] = () => undefined;
    }
    return {
      label: `${username}@${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}${vhost === '/' ? '/' : `/${vhost}`}`,
      connect: {
        protocol: options.ssl ? 'amqps' : 'amqp',
        hostname,
        port,
        // amqplib unescapes the vhost once more.
        vhost: encodeURIComponent(vhost),
        heartbeat: options.heartbeat_timeout_threshold,
        frameMax: 131072,
      },
      socket,
    };
  });
}

/** Every password of the URL, to scrub from text that came from elsewhere. */
export function urlSecrets(url: TransportUrl): string[] {
  return url.hosts.map((host) => host.password ?? '').filter((password) => password.length > 0);
}

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) masked = masked.split(secret).join('****');
  return masked;
}
