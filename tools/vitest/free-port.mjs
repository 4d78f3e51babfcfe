import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;

/**
 * The first port of the kernel's ephemeral range. A port the kernel handed out
 * from that range for `listen(0)` is free again once closed, and the next
 * outgoing connection of any process (to the broker, to the database) may take
 * it before the test's server binds it: a multi-server CI run failed with
 * EADDRINUSE that way. Ports below the range are never taken implicitly.
 *
 * @returns {number}
 */
function ephemeralLow() {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > LOWEST + 1_000 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

/**
 * @param {number} port
 * @returns {Promise<boolean>}
 */
function listensOn(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * A TCP port free on 127.0.0.1 for a server a test starts: chosen at random
 * below the ephemeral range, so no outgoing connection takes it meanwhile,
 * and checked free by listening on it. Shared by the tests and the
 * benchmarks (tools/bench).
 *
 * @returns {Promise<number>}
 */
export async function freePort() {
  const high = ephemeralLow();
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (high - LOWEST));
    if (await listensOn(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${high} on 127.0.0.1 after 100 tries`);
}
