import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, type Logger } from '@net-server/lib';
import { afterAll, afterEach } from 'vitest';

/** A logger that keeps every record for assertions. */
export function recordingLogger(): { logger: Logger; records: Record<string, unknown>[] } {
  const records: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => records.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, records };
}

const dirs: string[] = [];
const suiteDirs: string[] = [];

/** A temporary directory removed after the test. */
export function tempDir(prefix = 'net-server-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A temporary directory kept for the whole test file (for beforeAll fixtures). */
export function suiteTempDir(prefix = 'net-server-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  suiteDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of suiteDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
