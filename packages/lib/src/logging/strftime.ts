import { InvalidDateFormatError } from './errors.js';

/*
 * Python's time.strftime as it behaves on Linux (glibc, C locale), for
 * oslo.log's `log_date_format`: neutron.conf users write formats such as
 * "%Y-%m-%d %H:%M:%S" or "%b %d %H:%M:%S" and expect the same text. Times are
 * local, as logging.Formatter's converter (time.localtime). glibc's flags
 * "-" (no padding), "_" (space padding) and "0" (zero padding) apply to the
 * numeric directives. A directive glibc does not know is an error here,
 * where glibc would copy it into every line.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

type Pad = '0' | ' ' | '';
type Render = (date: Date, pad: Pad | undefined) => string;

function number(value: number, width: number, pad: Pad | undefined, defaultPad: Pad = '0'): string {
  const fill = pad ?? defaultPad;
  const text = String(Math.abs(value));
  const padded = fill === '' ? text : text.padStart(width, fill);
  return value < 0 ? `-${padded}` : padded;
}

function dayOfYear(date: Date): number {
  const start = Date.UTC(date.getFullYear(), 0, 1);
  const today = Date.UTC(date.getFullYear(), date.getMonth(), date.getDate());
  return Math.round((today - start) / 86_400_000);
}

/** ISO 8601 week-based year and week number (%G, %V). */
function isoWeek(date: Date): { year: number; week: number } {
  const day = new Date(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()));
  const weekday = day.getUTCDay() || 7;
  // The Thursday of this ISO week decides its year.
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const year = day.getUTCFullYear();
  const week = Math.ceil(((day.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return { year, week };
}

function hour12(date: Date): number {
  return date.getHours() % 12 || 12;
}

function utcOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}${String(absolute % 60).padStart(2, '0')}`;
}

function zoneName(date: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(date).find((p) => p.type === 'timeZoneName');
  return part?.value ?? utcOffset(date);
}

const DIRECTIVES: Readonly<Record<string, Render>> = {
  a: (d) => (DAYS[d.getDay()] as string).slice(0, 3),
  A: (d) => DAYS[d.getDay()] as string,
  b: (d) => (MONTHS[d.getMonth()] as string).slice(0, 3),
  h: (d) => (MONTHS[d.getMonth()] as string).slice(0, 3),
  B: (d) => MONTHS[d.getMonth()] as string,
  c: (d) => render(d, '%a %b %e %H:%M:%S %Y'),
  C: (d, p) => number(Math.floor(d.getFullYear() / 100), 2, p),
  d: (d, p) => number(d.getDate(), 2, p),
  D: (d) => render(d, '%m/%d/%y'),
  e: (d, p) => number(d.getDate(), 2, p, ' '),
  F: (d) => render(d, '%Y-%m-%d'),
  g: (d, p) => number(isoWeek(d).year % 100, 2, p),
  G: (d, p) => number(isoWeek(d).year, 1, p),
  H: (d, p) => number(d.getHours(), 2, p),
  I: (d, p) => number(hour12(d), 2, p),
  j: (d, p) => number(dayOfYear(d) + 1, 3, p),
  k: (d, p) => number(d.getHours(), 2, p, ' '),
  l: (d, p) => number(hour12(d), 2, p, ' '),
  m: (d, p) => number(d.getMonth() + 1, 2, p),
  M: (d, p) => number(d.getMinutes(), 2, p),
  n: () => '\n',
  p: (d) => (d.getHours() < 12 ? 'AM' : 'PM'),
  P: (d) => (d.getHours() < 12 ? 'am' : 'pm'),
  r: (d) => render(d, '%I:%M:%S %p'),
  R: (d) => render(d, '%H:%M'),
  s: (d) => String(Math.floor(d.getTime() / 1000)),
  S: (d, p) => number(d.getSeconds(), 2, p),
  t: () => '\t',
  T: (d) => render(d, '%H:%M:%S'),
  u: (d) => String(d.getDay() || 7),
  U: (d, p) => number(Math.floor((dayOfYear(d) + 7 - d.getDay()) / 7), 2, p),
  V: (d, p) => number(isoWeek(d).week, 2, p),
  w: (d) => String(d.getDay()),
  W: (d, p) => number(Math.floor((dayOfYear(d) + 7 - ((d.getDay() + 6) % 7)) / 7), 2, p),
  x: (d) => render(d, '%m/%d/%y'),
  X: (d) => render(d, '%H:%M:%S'),
  y: (d, p) => number(d.getFullYear() % 100, 2, p),
  Y: (d, p) => number(d.getFullYear(), 1, p),
  z: (d) => utcOffset(d),
  Z: (d) => zoneName(d),
  '%': () => '%',
};

const FLAGS: Readonly<Record<string, Pad>> = { '-': '', _: ' ', '0': '0' };

/** A compiled format: the date as text. */
export type DateFormatter = (date: Date) => string;

/**
 * Checks `format` once and returns the function that renders dates with
 * it. Throws InvalidDateFormatError for a directive glibc's strftime does
 * not know, or a lone "%" at the end.
 */
export function compileStrftime(format: string): DateFormatter {
  const parts: (string | { render: Render; pad: Pad | undefined })[] = [];
  let literal = '';
  for (let index = 0; index < format.length; index++) {
    const char = format[index] as string;
    if (char !== '%') {
      literal += char;
      continue;
    }
    let next = format[index + 1];
    let pad: Pad | undefined;
    if (next !== undefined && next in FLAGS && format[index + 2] !== undefined) {
      pad = FLAGS[next];
      index++;
      next = format[index + 1];
    }
    const directive = next === undefined ? undefined : DIRECTIVES[next];
    if (next === undefined || directive === undefined) {
      throw new InvalidDateFormatError(format, format.slice(index - (pad === undefined ? 0 : 1), index + 2));
    }
    index++;
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push({ render: directive, pad });
  }
  if (literal !== '') parts.push(literal);
  return (date) => parts.map((part) => (typeof part === 'string' ? part : part.render(date, part.pad))).join('');
}

/** `date` in `format`, strftime's way (the format is checked on every call: compile it for repeated use). */
export function strftime(format: string, date: Date): string {
  return compileStrftime(format)(date);
}

/** The composite directives' own formats (%c, %F, %T...), compiled once. */
const composites = new Map<string, DateFormatter>();

function render(date: Date, format: string): string {
  let formatter = composites.get(format);
  if (!formatter) {
    formatter = compileStrftime(format);
    composites.set(format, formatter);
  }
  return formatter(date);
}
