import { createRequire } from 'node:module';
import type pg from 'pg';

// CommonJS, and loaded only by a process whose connection is PostgreSQL.
const require = createRequire(import.meta.url);

/** Node 21's own `navigator`, which Node 20 lacks. */
function nodeNavigator(): { userAgent: string } {
  return { userAgent: `Node.js/${process.versions.node.split('.')[0] ?? ''}` };
}

/**
 * node-pg. When pg loads it asks whether it runs in a Cloudflare Worker: it
 * reads `navigator.userAgent`, and where there is no `navigator` (Node 20)
 * it builds a fetch `Response` to find out, which loads Node's fetch
 * implementation (undici): about 70 ms of import and 3-4 MB resident in
 * every server process that uses PostgreSQL, for nothing. While pg loads,
 * such a process gets the `navigator` Node 21 has.
 */
export function postgresDriver(): typeof pg {
  if ('navigator' in globalThis) return require('pg') as typeof pg;
  Object.defineProperty(globalThis, 'navigator', { value: nodeNavigator(), configurable: true, writable: true });
  try {
    return require('pg') as typeof pg;
  } finally {
    Reflect.deleteProperty(globalThis, 'navigator');
  }
}
