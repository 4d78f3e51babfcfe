import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { compileStrftime, InvalidDateFormatError, strftime } from '@net-server/lib';

/*
 * log_date_format is a Python strftime format: the reference is Python's
 * own time.strftime(format, time.localtime(t)), run here in the same time
 * zone as the JavaScript side.
 */
function pythonStrftime(cases: readonly (readonly [format: string, milliseconds: number])[], tz: string): string[] {
  const script = 'import json, sys, time; print(json.dumps([time.strftime(f, time.localtime(t / 1000)) for f, t in json.load(sys.stdin)]))';
  const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', env: { ...process.env, TZ: tz } });
  if (run.status !== 0) throw new Error(`python3 failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as string[];
}

const FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%a %A %b %B %h %c',
  '%d %e %j %m %y %C %D %F %x',
  '%H %I %k %l %M %S %p %P %r %R %T %X',
  '%U %W %V %G %g %u %w %s',
  '%z',
  '%-d/%-m %-H:%M %_m|%0e|%%|%n|%t',
];
// A Sunday in December, New Year's Eve of a leap year (day 366, ISO week 53 of another year), 3 January (ISO week of the year before), noon and midnight.
const TIMES = [Date.UTC(2026, 11, 6, 9, 0, 0, 123), Date.UTC(2020, 11, 31, 23, 59, 59), Date.UTC(2021, 0, 3, 0, 0, 0), Date.UTC(2027, 5, 15, 12, 30, 5)];
const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];

const originalTz = process.env['TZ'];
afterEach(() => {
  if (originalTz === undefined) delete process.env['TZ'];
  else process.env['TZ'] = originalTz;
});

describe('strftime', () => {
  for (const tz of ZONES) {
    it(`renders every directive as Python's time.strftime does, in ${tz}`, () => {
      process.env['TZ'] = tz;
      const cases = TIMES.flatMap((time) => FORMATS.map((format) => [format, time] as const));
      const expected = pythonStrftime(cases, tz);
      cases.forEach(([format, time], index) => {
        expect(strftime(format, new Date(time)), `${format} at ${new Date(time).toISOString()} in ${tz}`).toBe(expected[index]);
      });
    });
  }

  it('names the zone as the C library does where ICU has the same abbreviation', () => {
    process.env['TZ'] = 'America/New_York';
    expect(strftime('%Z', new Date(TIMES[0]!))).toBe(pythonStrftime([['%Z', TIMES[0]!]], 'America/New_York')[0]);
    process.env['TZ'] = 'UTC';
    expect(strftime('%Z', new Date(TIMES[0]!))).toBe('UTC');
  });

  it('refuses a directive strftime does not know, and a lone % at the end, when compiled', () => {
    for (const [format, directive] of [
      ['%Y-%m-%d %H:%M:%S.%f', '%f'],
      ['%Q', '%Q'],
      ['%-Q', '%-Q'],
      ['%Y %', '%'],
    ] as const) {
      let thrown: unknown;
      try {
        compileStrftime(format);
      } catch (error) {
        thrown = error;
      }
      expect(thrown, format).toBeInstanceOf(InvalidDateFormatError);
      expect(thrown).toMatchObject({ code: 'LOG_DATE_FORMAT_INVALID', format, directive });
    }
  });
});
