import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'validating_nova.py');
/** Debian's Python, where python3-nova and its jsonschema are installed. */
const PYTHON = '/usr/bin/python3';

/** One POST the validating Nova received, with what it answered. */
export interface ReceivedRequest {
  at: number;
  path: string;
  headers: Record<string, string>;
  /** The body as sent. */
  body: string;
  status?: number;
  response?: { events?: ReceivedEvent[] } & Record<string, unknown>;
  /** Nova's schema validation message, when the body failed it. */
  invalid?: string;
  /** The microversion Nova took the request at. */
  version?: string;
  token_user?: string;
  /** The X-Auth-Token of an accepted token, to revoke it in a test. */
  token?: string;
  dropped?: boolean;
}

export interface ReceivedEvent {
  server_uuid: string;
  name: string;
  status?: string;
  tag?: string;
  code?: number;
}

export interface ValidatingNova {
  /** The compute endpoint as a catalog lists it: http://127.0.0.1:<port>/v2.1. */
  endpoint: string;
  requests(): Promise<ReceivedRequest[]>;
  /** The events of every request Nova accepted (200 or 207), in order. */
  events(): Promise<ReceivedEvent[]>;
  clear(): Promise<void>;
  /** Servers Nova knows: uuid -> the host it runs on (null: not on a host yet, events get 422). */
  addServers(servers: Record<string, string | null>): Promise<void>;
  /** Every events request waits `delay` seconds, answers `failStatus` instead, or has its connection cut. */
  setMode(mode: { delay?: number; failStatus?: number | null; drop?: boolean }): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts validating_nova.py (Nova's own request schema, keystonemiddleware's
 * token check against `keystoneUrl` with the given service credentials) on
 * 127.0.0.1 and a free port.
 */
export async function startValidatingNova(options: { keystoneUrl: string; user: string; password: string; project: string }): Promise<ValidatingNova> {
  const child: ChildProcess = spawn(
    PYTHON,
    [SCRIPT, '--keystone-url', options.keystoneUrl, '--user', options.user, '--password', options.password, '--project', options.project],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`validating_nova.py did not start within 30 s: ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`validating_nova.py exited (${String(code)}): ${stderr}`));
    });
  });
  const root = `http://127.0.0.1:${port}`;
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await fetch(`${root}${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (!response.ok) throw new Error(`validating Nova ${method} ${path}: HTTP ${response.status}`);
    return response.json();
  };
  const requests = async () => ((await control('GET', '/_test/requests')) as { requests: ReceivedRequest[] }).requests;
  return {
    endpoint: `${root}/v2.1`,
    requests,
    events: async () =>
      (await requests()).filter((request) => request.status === 200 || request.status === 207).flatMap((request) => request.response?.events ?? []),
    clear: async () => void (await control('DELETE', '/_test/requests')),
    addServers: async (servers) => void (await control('PUT', '/_test/servers', servers)),
    setMode: async (mode) =>
      void (await control('PUT', '/_test/mode', { delay: mode.delay ?? 0, fail_status: mode.failStatus ?? null, drop: mode.drop ?? false })),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
