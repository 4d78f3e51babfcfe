import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The plugin loader keeps its scan cache in ~/.cache unless told otherwise;
 * tests must not touch the real home folder, so the run gets a cache folder
 * of its own, which the worker processes and the servers they spawn inherit,
 * removed when the run ends.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'net-server-test-entrypoints-cache-'));
  process.env['NET_SERVER_ENTRYPOINTS_CACHE_DIR'] = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
