import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compileStrftime, formatHumanRecord, type LogRecord } from '@net-server/lib';

const date = compileStrftime('%Y-%m-%d %H:%M:%S');
const base: LogRecord = { time: '2026-12-06T09:00:00.123Z', level: 'info', pid: 12345, msg: 'message' };

const originalTz = process.env['TZ'];
beforeEach(() => {
  process.env['TZ'] = 'UTC';
});
afterEach(() => {
  if (originalTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = originalTz;
});

describe('formatHumanRecord', () => {
  it('writes oslo.log’s line: date.ms pid LEVEL name [request] message key=value', () => {
    expect(formatHumanRecord({ ...base, component: 'api', port: 9696, host: '0.0.0.0' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server.api [-] message port=9696 host=0.0.0.0\n',
    );
  });

  it('shows the time in the local zone, as oslo.log does', () => {
    process.env['TZ'] = 'Asia/Kolkata';
    expect(formatHumanRecord(base, { date })).toBe('2026-12-06 14:30:00.123 12345 INFO net-server [-] message\n');
  });

  it('names levels as Python’s logging does and puts the request id in the brackets', () => {
    const levels = (['debug', 'info', 'warn', 'error'] as const).map(
      (level) => formatHumanRecord({ ...base, level, request_id: 'req-1f2e' }, { date }).split(' ')[3],
    );
    expect(levels).toEqual(['DEBUG', 'INFO', 'WARNING', 'ERROR']);
    expect(formatHumanRecord({ ...base, request_id: 'req-1f2e', method: 'GET' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server [req-1f2e] message method=GET\n',
    );
  });

  it('names the logger after the bound plugin and component', () => {
    expect(formatHumanRecord({ ...base, plugin: 'ml2', driver: 'logger' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server.ml2 [-] message driver=logger\n',
    );
    expect(formatHumanRecord({ ...base, plugin: 'ml2', component: 'rpc' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server.ml2.rpc [-] message\n',
    );
  });

  it('takes a bound name over the plugin and component, which then stay fields', () => {
    expect(formatHumanRecord({ ...base, name: 'acme.driver', plugin: 'acme', component: 'rpc' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO acme.driver [-] message plugin=acme component=rpc\n',
    );
  });

  it('quotes values that hold spaces, quotes, equals signs or control characters, and writes structures as JSON', () => {
    const line = formatHumanRecord(
      {
        ...base,
        plain: 'ml2',
        spaced: 'api worker',
        quoted: 'say "hi"',
        equals: 'a=b',
        newline: 'a\nb',
        empty: '',
        list: ['a', 'b'],
        map: { api: 2 },
        none: null,
        yes: true,
      },
      { date },
    );
    expect(line).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server [-] message plain=ml2 spaced="api worker" quoted="say \\"hi\\"" equals="a=b" ' +
        'newline="a\\nb" empty="" list=["a","b"] map={"api":2} none=null yes=true\n',
    );
  });

  it('writes an error’s message and code on the line and its stack below, every stack line with the prefix', () => {
    const error = { name: 'Error', message: 'connection refused', code: 'ECONNREFUSED', stack: 'Error: connection refused\n    at connect (net.js:1:1)' };
    expect(formatHumanRecord({ ...base, level: 'error', msg: 'cannot reach the broker', error }, { date })).toBe(
      [
        '2026-12-06 09:00:00.123 12345 ERROR net-server [-] cannot reach the broker error="connection refused [ECONNREFUSED]"',
        '2026-12-06 09:00:00.123 12345 ERROR net-server Error: connection refused',
        '2026-12-06 09:00:00.123 12345 ERROR net-server     at connect (net.js:1:1)',
        '',
      ].join('\n'),
    );
  });

  it('prefixes every line of a multi-line message, so that none passes for another record', () => {
    expect(formatHumanRecord({ ...base, msg: 'first\nsecond' }, { date })).toBe(
      '2026-12-06 09:00:00.123 12345 INFO net-server [-] first\n2026-12-06 09:00:00.123 12345 INFO net-server second\n',
    );
  });

  it('leaves out the date and pid for a syslog message, whose header has them', () => {
    expect(formatHumanRecord({ ...base, level: 'warn' }, { date, withoutTimeAndPid: true })).toBe('WARNING net-server [-] message\n');
  });
});
