/*
 * Tempest's results (one record per test, from stestr's subunit stream) as
 * counts, the failures grouped by test class and by error, the skips by
 * reason, a report for people and a JSON summary line for programs.
 */

/** What src/subunit_to_json.py prints for a test. */
export interface TestRecord {
  id: string;
  /** testtools' statuses: success, fail, skip, xfail, uxsuccess; exists or inprogress for a test that never finished. */
  status: string;
  seconds?: number;
  traceback?: string;
  reason?: string;
}

export interface Failure {
  test: string;
  testClass: string;
  method: string;
  error: string;
}

export interface Summary {
  passed: number;
  failed: number;
  skipped: number;
  total: number;
  failures: Failure[];
  /** Failures by error, most frequent first. */
  byError: { error: string; tests: string[] }[];
  /** Failures by test class, most frequent first. */
  byClass: { testClass: string; methods: string[] }[];
  skipReasons: { reason: string; count: number }[];
}

/** The class and method of a test id (`pkg.module.Class.test_x[id-...,smoke]`, or `setUpClass (pkg.module.Class)` for a class fixture). */
export function splitTestId(id: string): { testClass: string; method: string } {
  const fixture = /^(setUpClass|tearDownClass|setUpModule|tearDownModule) \((.+)\)$/.exec(id);
  if (fixture) return { testClass: fixture[2]!, method: fixture[1]! };
  const bare = id.replace(/\[.*\]$/, '');
  const dot = bare.lastIndexOf('.');
  return dot < 0 ? { testClass: bare, method: bare } : { testClass: bare.slice(0, dot), method: bare.slice(dot + 1) };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_ID = /\b[0-9a-f]{32}\b/gi;

/** A message made comparable across tests: ids and request ids replaced, whitespace folded, cut at 300 characters. */
function normalize(text: string): string {
  const folded = text
    .replace(UUID, '<uuid>')
    .replace(HEX_ID, '<id>')
    .replace(/req-<uuid>/g, '<request>')
    // Python reprs' addresses (<... object at 0x7f8d...>) differ per process.
    .replace(/ at 0x[0-9a-f]+>/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
  return folded.length > 300 ? `${folded.slice(0, 300)}...` : folded;
}

/**
 * What a failure's traceback says went wrong, as one line: the exception's
 * class (without its module) and message; for Tempest's REST errors
 * (tempest.lib.exceptions: BadRequest, NotFound, Conflict, ...) the
 * NeutronError type and message the server answered, from "Details:".
 */
export function errorOf(record: TestRecord): string {
  if (record.status === 'exists' || record.status === 'inprogress') return 'did not finish (tempest was stopped or a worker died)';
  if (record.status === 'uxsuccess') return 'unexpected success';
  const text = record.traceback ?? '';
  const lines = text.split('\n');
  // The last unindented "module.Class: message" line (a chained traceback puts the one that ended the test last).
  let index = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^[A-Za-z_][\w.]*(: |:$|$)/.test(line) && !line.startsWith('Traceback') && !line.startsWith('During handling') && !line.startsWith('Details:')) {
      index = i;
      break;
    }
  }
  if (index < 0) return normalize(text.split('\n').filter(Boolean).pop() ?? 'no traceback');
  const head = lines[index]!;
  const colon = head.indexOf(':');
  const qualified = colon < 0 ? head : head.slice(0, colon);
  const exception = qualified.split('.').pop()!;
  const message = [colon < 0 ? '' : head.slice(colon + 1), ...lines.slice(index + 1)].join('\n').trim();
  if (qualified.startsWith('tempest.lib.exceptions.')) {
    // Details: {'type': 'HTTPBadRequest', 'message': '...', 'detail': ''} (a dict's repr: either quote).
    const type = /['"]type['"]: ['"](\w+)['"]/.exec(message)?.[1];
    const said = /['"]message['"]: (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/.exec(message);
    const answer = said ? (said[1] ?? said[2] ?? '') : message.replace(/^[^\n]*\n?Details: /, '');
    return normalize(`${exception}${type ? ` (${type})` : ''}: ${answer}`);
  }
  return normalize(`${exception}: ${message}`);
}

export function summarize(records: readonly TestRecord[]): Summary {
  let passed = 0;
  let skipped = 0;
  const failures: Failure[] = [];
  const skipReasons = new Map<string, number>();
  for (const record of records) {
    if (record.status === 'success' || record.status === 'xfail') {
      passed++;
    } else if (record.status === 'skip') {
      skipped++;
      const reason = normalize(record.reason ?? 'no reason given');
      skipReasons.set(reason, (skipReasons.get(reason) ?? 0) + 1);
    } else {
      const { testClass, method } = splitTestId(record.id);
      failures.push({ test: record.id.replace(/\[.*\]$/, ''), testClass, method, error: errorOf(record) });
    }
  }
  const byError = new Map<string, string[]>();
  const byClass = new Map<string, string[]>();
  for (const failure of failures) {
    byError.set(failure.error, [...(byError.get(failure.error) ?? []), failure.test]);
    byClass.set(failure.testClass, [...(byClass.get(failure.testClass) ?? []), failure.method]);
  }
  const mostFirst = <T extends { length: number }>(a: [string, T], b: [string, T]) => b[1].length - a[1].length || a[0].localeCompare(b[0]);
  return {
    passed,
    failed: failures.length,
    skipped,
    total: records.length,
    failures,
    byError: [...byError.entries()].sort(mostFirst).map(([error, tests]) => ({ error, tests })),
    byClass: [...byClass.entries()].sort(mostFirst).map(([testClass, methods]) => ({ testClass, methods })),
    skipReasons: [...skipReasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([reason, count]) => ({ reason, count })),
  };
}

const minutes = (seconds: number): string => `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

/** The report printed after a run. */
export function formatReport(suite: string, summary: Summary, seconds: number): string {
  const out: string[] = [];
  out.push(`${suite}: ${summary.total} tests in ${minutes(seconds)}: ${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
  if (summary.byError.length > 0) {
    out.push('', `Failures by error (${summary.byError.length}):`);
    for (const { error, tests } of summary.byError) {
      out.push(`  [${tests.length}] ${error}`);
      for (const test of tests) out.push(`        ${test}`);
    }
    out.push('', `Failures by test class (${summary.byClass.length}):`);
    for (const { testClass, methods } of summary.byClass) out.push(`  [${methods.length}] ${testClass}: ${methods.join(', ')}`);
  }
  if (summary.skipReasons.length > 0) {
    out.push('', 'Skips by reason:');
    for (const { reason, count } of summary.skipReasons) out.push(`  [${count}] ${reason}`);
  }
  return out.join('\n');
}

/** One JSON line: {"benchmark":"conformance", suite, counts, seconds, failures (test, error), skip reasons}. */
export function summaryLine(suite: string, summary: Summary, seconds: Record<string, number>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    benchmark: 'conformance',
    suite,
    passed: summary.passed,
    failed: summary.failed,
    skipped: summary.skipped,
    total: summary.total,
    seconds,
    ...extra,
    failures: summary.failures.map(({ test, error }) => ({ test, error })),
    skipReasons: Object.fromEntries(summary.skipReasons.map(({ reason, count }) => [reason, count])),
  });
}
