import { afterAll, beforeAll } from 'vitest';
import { TestkitError } from '../errors.js';
import { startServer, type StartServerOptions, type TestServer } from '../start-server.js';

/** Starts a server for the enclosing `describe` and stops it after; `get()` returns it inside tests. */
export function serverForSuite(options: () => StartServerOptions): { get(): TestServer } {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startServer(options());
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get() {
      if (!server) throw new TestkitError('TESTKIT_NO_SERVER', 'the contract server did not start: see the beforeAll failure above.');
      return server;
    },
  };
}

/** The NeutronError `type` of an error response, for assertions. */
export function errorType(body: Record<string, unknown>): unknown {
  return (body['NeutronError'] as { type?: unknown } | undefined)?.type;
}
