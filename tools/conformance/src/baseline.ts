/*
 * A run's outcome per test, saved (--results) and compared with another
 * run's (--compare): the question Tempest's totals cannot answer is which of
 * the tests neutron passes a server passes too. A saved neutron run is the
 * baseline, so comparing needs neutron's long run only when neutron's set-up
 * changes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { splitTestId, type TestRecord } from './results.js';

export type Outcome = 'passed' | 'failed' | 'skipped';

/** What --results writes: the suite, the server and each test's outcome, by id without Tempest's attributes. */
export interface SavedResults {
  suite: string;
  server: string;
  date: string;
  seconds: number;
  tests: Record<string, Outcome>;
}

/** A baseline's passing test that this run did not pass: failed, skipped (the test or its class), or never run. */
export interface Missed {
  test: string;
  outcome: Outcome | 'not run';
}

export interface Comparison {
  baselineServer: string;
  /** How many tests the baseline passed, and of those how many this run passed. */
  baselinePassed: number;
  passedToo: number;
  missed: Missed[];
  /** Tests this run passed that the baseline did not. */
  gained: string[];
}

function outcomeOf(record: TestRecord): Outcome {
  if (record.status === 'success' || record.status === 'xfail') return 'passed';
  return record.status === 'skip' ? 'skipped' : 'failed';
}

/**
 * Each test's outcome. A class fixture's record (`setUpClass (pkg.Class)`)
 * stands for the tests it kept from running: they are not in the stream, so
 * it is kept as `pkg.Class.setUpClass` and compare() reads it for them.
 */
export function outcomes(records: readonly TestRecord[]): Record<string, Outcome> {
  const tests: Record<string, Outcome> = {};
  for (const record of records) {
    const { testClass, method } = splitTestId(record.id);
    tests[`${testClass}.${method}`] = outcomeOf(record);
  }
  return Object.fromEntries(Object.entries(tests).sort(([a], [b]) => a.localeCompare(b)));
}

export function saveResults(file: string, results: Omit<SavedResults, 'tests'>, records: readonly TestRecord[]): void {
  const saved: SavedResults = { ...results, tests: outcomes(records) };
  writeFileSync(file, `${JSON.stringify(saved, null, 1)}\n`);
}

export function loadResults(file: string): SavedResults {
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<SavedResults>;
  if (typeof saved.tests !== 'object' || saved.tests === null || typeof saved.server !== 'string') {
    throw new Error(`${file} is not a results file written by --results (it needs "server" and "tests")`);
  }
  return saved as SavedResults;
}

/** This run's outcome for a test: its own record, else its class fixture's (a class skipped or failed whole), else not run. */
function outcomeHere(tests: Record<string, Outcome>, test: string): Outcome | 'not run' {
  const own = tests[test];
  if (own) return own;
  const { testClass } = splitTestId(test);
  return tests[`${testClass}.setUpClass`] ?? 'not run';
}

export function compare(baseline: SavedResults, records: readonly TestRecord[]): Comparison {
  const here = outcomes(records);
  const isFixture = (test: string) => /\.(setUpClass|tearDownClass|setUpModule|tearDownModule)$/.test(test);
  const passed = Object.keys(baseline.tests).filter((test) => baseline.tests[test] === 'passed' && !isFixture(test));
  const missed: Missed[] = [];
  for (const test of passed) {
    const outcome = outcomeHere(here, test);
    if (outcome !== 'passed') missed.push({ test, outcome });
  }
  const gained = Object.keys(here).filter((test) => here[test] === 'passed' && !isFixture(test) && baseline.tests[test] !== 'passed');
  return { baselineServer: baseline.server, baselinePassed: passed.length, passedToo: passed.length - missed.length, missed, gained };
}

/** The comparison for people: the share, then the missed tests by outcome and class. */
export function formatComparison(comparison: Comparison): string {
  const { baselineServer, baselinePassed, passedToo, missed, gained } = comparison;
  const share = baselinePassed === 0 ? 0 : (100 * passedToo) / baselinePassed;
  const out = [
    `Of the ${baselinePassed} tests ${baselineServer} passed, this run passed ${passedToo} (${share.toFixed(1)} %); ${gained.length} passed here only.`,
  ];
  const byClass = new Map<string, string[]>();
  for (const { test, outcome } of missed) {
    const { testClass, method } = splitTestId(test);
    const key = `${outcome}: ${testClass}`;
    byClass.set(key, [...(byClass.get(key) ?? []), method]);
  }
  if (byClass.size > 0) out.push('', `Not passed here (${missed.length}), by outcome and class:`);
  for (const [key, methods] of [...byClass.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))) {
    out.push(`  [${methods.length}] ${key}: ${methods.join(', ')}`);
  }
  if (gained.length > 0) out.push('', `Passed here only (${gained.length}):`, ...gained.map((test) => `  ${test}`));
  return out.join('\n');
}
