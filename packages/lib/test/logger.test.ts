import { describe, expect, it } from 'vitest';
import { createLogger, type LogEntry, type LogSink } from '@net-server/lib';

function capture(): { sink: LogSink; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { entries, sink: { write: (entry) => entries.push(entry) } };
}

describe('createLogger', () => {
  it('writes one JSON object per line with bound fields, filtered by level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => lines.push(line) }).child({ component: 'test' });
    log.debug('hidden');
    log.warn('careful', { error: Object.assign(new Error('boom'), { code: 'E_BOOM' }) });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    const record = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(record).toMatchObject({
      level: 'warn',
      pid: process.pid,
      component: 'test',
      msg: 'careful',
      error: { name: 'Error', message: 'boom', code: 'E_BOOM' },
    });
    expect(String((record['error'] as { stack: string }).stack)).toContain('Error: boom');
    expect(new Date(String(record['time'])).toISOString()).toBe(record['time']);
  });

  it('keeps the fields of every level of child, the nearest winning', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (line) => lines.push(line), fields: { service: 'api worker', plugin: 'base' } });
    log.child({ plugin: 'ml2' }).child({ driver: 'logger' }).info('bound', { port: 'p1' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ service: 'api worker', plugin: 'ml2', driver: 'logger', port: 'p1', msg: 'bound' });
  });

  it('logs values JSON.stringify cannot: cycles and big integers', () => {
    const lines: string[] = [];
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    createLogger({ write: (line) => lines.push(line) }).info('odd values', { cyclic, big: 2n ** 70n });
    const record = JSON.parse(lines[0]!) as { cyclic: Record<string, unknown> };
    expect(record.cyclic['name']).toBe('loop');
    expect(record.cyclic['self']).toBe('[Circular]');
    // Every digit, as a JSON number (JSON.parse would round it; a collector with big numbers keeps it).
    expect(lines[0]).toContain('"big":1180591620717411303424');
  });

  it('leaves printf-like placeholders in messages alone', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line) }).info('100%s done %d %%', { n: 1 });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: '100%s done %d %%' });
  });

  it('writes oslo.log text to a human write function, with the configured date format', () => {
    const lines: string[] = [];
    createLogger({ write: (line) => lines.push(line), format: 'human', dateFormat: '%d/%m/%Y' })
      .child({ component: 'api' })
      .info('listening', { port: 9696 });
    expect(lines[0]).toMatch(new RegExp(`^\\d\\d/\\d\\d/\\d{4}\\.\\d{3} ${process.pid} INFO net-server\\.api \\[-\\] listening port=9696$`));
  });

  it('gives every sink the same record, each in its own form', () => {
    const { sink, entries } = capture();
    const lines: string[] = [];
    createLogger({ sinks: [sink], write: (line) => lines.push(line) }).error('failed', { request_id: 'req-1' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.json).toBe(`${lines[0]}\n`);
    expect(entries[0]!.record).toMatchObject({ level: 'error', msg: 'failed', request_id: 'req-1' });
    expect(entries[0]!.human).toMatch(new RegExp(` ${process.pid} ERROR net-server \\[req-1\\] failed\\n$`));
    expect(entries[0]!.humanWithoutHeader).toBe('ERROR net-server [req-1] failed\n');
  });

  it('takes its level from NET_SERVER_LOG_LEVEL unless given one', () => {
    const previous = process.env['NET_SERVER_LOG_LEVEL'];
    process.env['NET_SERVER_LOG_LEVEL'] = 'warn';
    try {
      const lines: string[] = [];
      const log = createLogger({ write: (line) => lines.push(line) });
      log.info('not written');
      log.warn('written');
      createLogger({ level: 'debug', write: (line) => lines.push(line) }).debug('written too');
      expect(lines.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual(['written', 'written too']);
    } finally {
      if (previous === undefined) delete process.env['NET_SERVER_LOG_LEVEL'];
      else process.env['NET_SERVER_LOG_LEVEL'] = previous;
    }
  });
});
