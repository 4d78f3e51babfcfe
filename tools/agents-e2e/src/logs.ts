import { existsSync, readFileSync } from 'node:fs';

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
}

/** oslo.log's level field: "<date> <time> <pid> ERROR <logger> ...". */
const ERROR_LINE = /^\S+ \S+ \d+ ERROR /;

/** Lines logged at ERROR level and lines holding "Traceback", as an operator would grep an agent log. */
export function countProblems(file: string): { errors: number; tracebacks: number } {
  let errors = 0;
  let tracebacks = 0;
  for (const line of lines(file)) {
    if (ERROR_LINE.test(line)) errors++;
    if (line.includes('Traceback')) tracebacks++;
  }
  return { errors, tracebacks };
}

/** The last `max` lines matching `pattern`, each cut to 400 characters. */
export function grep(file: string, pattern: RegExp, max = 8): string[] {
  return lines(file)
    .filter((line) => pattern.test(line))
    .slice(-max)
    .map((line) => (line.length > 400 ? `${line.slice(0, 400)}...` : line));
}

/** The first distinct ERROR messages (logger and message, without the timestamp), at most `max`. */
export function distinctErrors(file: string, max = 6): string[] {
  const seen = new Map<string, number>();
  for (const line of lines(file)) {
    if (!ERROR_LINE.test(line)) continue;
    const key = line
      .replace(/^\S+ \S+ \d+ ERROR /, '')
      .replace(/\[req-[^\]]*\]\s*/, '')
      .slice(0, 300);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return [...seen.entries()].slice(0, max).map(([line, n]) => `${n}x ${line}`);
}

export function tail(file: string, n = 20): string {
  return lines(file).slice(-n).join('\n');
}

/**
 * The exception summaries of logged tracebacks ("oslo_messaging.rpc.client.RemoteError: Remote error: NoSuchMethod ..."),
 * distinct, the last `max`: what a traceback says went wrong.
 */
export function exceptions(file: string, max = 3): string[] {
  const found: string[] = [];
  for (const line of lines(file)) {
    if (!ERROR_LINE.test(line)) continue;
    const message = line.replace(/^\S+ \S+ \d+ ERROR \S+ /, '');
    if (!/^[\w.]+(Error|Exception|NotFound|Timeout|Failure)\b[^\s]*:/.test(message)) continue;
    const cut = message.length > 400 ? `${message.slice(0, 400)}...` : message;
    const index = found.indexOf(cut);
    if (index >= 0) found.splice(index, 1);
    found.push(cut);
  }
  return found.slice(-max);
}
