import { mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, fileSink, LogFileOpenError } from '@net-server/lib';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'lib-file-sink-'));
}

describe('fileSink', () => {
  it('creates the directory and appends to what the file already holds', () => {
    const path = join(tempDir(), 'log', 'net-server.log');
    createLogger({ sinks: [fileSink(path, 'json')] }).info('first');
    createLogger({ sinks: [fileSink(path, 'human')] }).warn('second');
    const lines = readFileSync(path, 'utf8').split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'first', level: 'info' });
    expect(lines[1]).toMatch(new RegExp(` ${process.pid} WARNING net-server \\[-\\] second$`));
    expect(lines[2]).toBe('');
  });

  it('reopens a file it has open when asked for it again, so that a reload writes to the file logrotate left', () => {
    const dir = tempDir();
    const path = join(dir, 'server.log');
    const before = createLogger({ sinks: [fileSink(path, 'json')] });
    before.info('before rotation');
    renameSync(path, `${path}.1`);
    // Until the reload, the old logger goes on writing to the file it opened, now server.log.1.
    before.info('still to the rotated file');
    const after = createLogger({ sinks: [fileSink(path, 'json')] });
    after.info('after rotation');
    const messages = (file: string): string[] =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages(`${path}.1`)).toEqual(['before rotation', 'still to the rotated file']);
    expect(messages(path)).toEqual(['after rotation']);
  });

  it('throws LogFileOpenError naming the file when it cannot be opened', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a-directory'));
    let thrown: unknown;
    try {
      fileSink(join(dir, 'a-directory'), 'json');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LogFileOpenError);
    expect(thrown).toMatchObject({ code: 'LOG_FILE_OPEN_FAILED', path: join(dir, 'a-directory') });
    expect(String((thrown as Error).message)).toContain('EISDIR');
  });
});
