import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postgresDriver } from '../src/db/postgres-driver.js';

const requireFromPackage = createRequire(import.meta.url);
const pgLib = dirname(requireFromPackage.resolve('pg')) + sep;

/** Forgets pg's own modules, so that the next require evaluates them, its load-time probe included. */
function unloadPg(): void {
  for (const path of Object.keys(requireFromPackage.cache)) if (path.startsWith(pgLib)) Reflect.deleteProperty(requireFromPackage.cache, path);
}

describe('postgresDriver (node-pg, loaded)', () => {
  const response = Object.getOwnPropertyDescriptor(globalThis, 'Response');
  afterEach(() => {
    if (response) Object.defineProperty(globalThis, 'Response', response);
  });

  it("loads pg without pg's Cloudflare probe building a fetch Response, and leaves no navigator behind", () => {
    const hadNavigator = 'navigator' in globalThis;
    let responseRead = 0;
    // Reading the global `Response` is what loads Node 20's fetch implementation.
    Object.defineProperty(globalThis, 'Response', {
      configurable: true,
      get: () => {
        responseRead += 1;
        return response?.get?.call(globalThis) ?? response?.value;
      },
    });
    unloadPg();

    const pg = postgresDriver();

    expect(typeof pg.Pool).toBe('function');
    expect(responseRead).toBe(0);
    expect('navigator' in globalThis).toBe(hadNavigator);
  });
});
