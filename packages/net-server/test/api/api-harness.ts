import { fileURLToPath } from 'node:url';
import { silentLogger, type ExtensionDescriptor, type Logger } from '@net-server/lib';
import { Config, type CliOverride } from '../../src/config/config.js';
import { OptionRegistry } from '../../src/config/option-registry.js';
import { serverOptionGroups } from '../../src/config/server-options.js';
import { apiOptionGroups } from '../../src/api/api-options.js';
import { quotaOptionGroups } from '../../src/quota/quota-options.js';
import { serviceProviderOptionGroups } from '../../src/api/service-providers.js';
import { createApiServer, type ApiServer } from '../../src/api/api-server.js';
import { NeutronManager } from '../../src/manager/neutron-manager.js';
import type { Database } from '../../src/db/database.js';

export const MEMORY_PLUGIN = `${fileURLToPath(new URL('./memory-plugin.ts', import.meta.url))}:MemoryPlugin`;

export interface RunningApi {
  api: ApiServer;
  manager: NeutronManager;
  /** The root URL: the socket's, or with `listen: false` the one the server's links name (light-my-request's default Host). */
  url: string;
  /** False when requests go through `api.inject`, no socket. */
  listening: boolean;
  stop(): Promise<void>;
}

/** Config from `group.option` -> value, as command-line overrides. */
export function testConfig(values: Record<string, string> = {}): Config {
  const registry = new OptionRegistry();
  registry.register(serverOptionGroups, 'net-server');
  registry.register(apiOptionGroups, 'net-server api');
  registry.register(quotaOptionGroups, 'net-server quotas');
  registry.register(serviceProviderOptionGroups, 'net-server service providers');
  const overrides: CliOverride[] = Object.entries(values).map(([key, value]) => {
    const [group, name] = key.split('.') as [string, string];
    return { group, name, value, flag: `--${group}-${name}` };
  });
  return Config.resolve(registry, { overrides });
}

/** Loads a manager with `corePlugin` and serves the API on a free port of 127.0.0.1 (with `listen: false`, on no socket: `request` injects). */
export async function startApi(
  options: {
    corePlugin?: string;
    config?: Record<string, string>;
    logger?: Logger;
    database?: Database;
    extensions?: readonly ExtensionDescriptor[];
    listen?: boolean;
  } = {},
): Promise<RunningApi> {
  const config = testConfig({ 'DEFAULT.core_plugin': options.corePlugin ?? MEMORY_PLUGIN, ...options.config });
  const manager = await NeutronManager.load({ config, ...(options.database ? { database: options.database } : {}) });
  const api = await createApiServer({
    manager,
    config,
    logger: options.logger ?? silentLogger,
    ...(options.extensions ? { extensions: options.extensions } : {}),
  });
  const listening = options.listen ?? true;
  const url = listening ? `http://127.0.0.1:${(await api.listen({ port: 0, host: '127.0.0.1' })).port}` : 'http://localhost:80';
  return {
    api,
    manager,
    url,
    listening,
    async stop() {
      await api.close();
    },
  };
}

/** A parsed JSON body, navigated freely by assertions. */
export type Json = ReturnType<typeof JSON.parse>;

export interface Reply {
  status: number;
  headers: Headers;
  body: Json;
}

/** One request with noauth identity headers, over HTTP to a URL or injected into a server that does not listen; JSON bodies are serialised, strings sent as is. */
export async function request(
  target: string | RunningApi,
  method: string,
  path: string,
  options: { body?: unknown; project?: string; roles?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.project) headers['x-project-id'] = options.project;
  if (options.roles) headers['x-roles'] = options.roles;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const init = { method, headers, ...(body === undefined ? {} : { body }) };
  const response =
    typeof target === 'object' && !target.listening
      ? await target.api.inject(path, init)
      : await fetch(`${typeof target === 'string' ? target : target.url}${path}`, init);
  const text = await response.text();
  let parsed: Json = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // plain text bodies (healthcheck) stay strings
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
