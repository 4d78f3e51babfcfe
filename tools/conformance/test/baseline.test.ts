import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compare, formatComparison, loadResults, outcomes, saveResults } from '../src/baseline.js';
import type { TestRecord } from '../src/results.js';

const dir = mkdtempSync(join(tmpdir(), 'conformance-baseline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const A = 'neutron_tempest_plugin.api.test_a.ATest';
const B = 'neutron_tempest_plugin.api.test_b.BTest';

// The baseline (neutron's run): five tests passed, one failed, one class fixture skipped.
const NEUTRON: TestRecord[] = [
  { id: `${A}.test_one[id-1,smoke]`, status: 'success' },
  { id: `${A}.test_two[id-2]`, status: 'success' },
  { id: `${A}.test_three[id-3]`, status: 'success' },
  { id: `${B}.test_four[id-4]`, status: 'success' },
  { id: `${B}.test_five[id-5]`, status: 'xfail' },
  { id: `${A}.test_broken[id-6]`, status: 'fail' },
  { id: 'setUpClass (neutron_tempest_plugin.api.test_c.CTest)', status: 'skip', reason: 'dvr extension not enabled.' },
];

describe('a saved run compared with another', () => {
  it('saves each outcome by id without attributes, a class fixture under its class, and reads it back', () => {
    const file = join(dir, 'neutron.json');
    saveResults(file, { suite: '^neutron_tempest_plugin\\.api', server: 'neutron', date: '2026-12-06T17:00:00.000Z', seconds: 5054 }, NEUTRON);
    const saved = loadResults(file);
    expect(saved.server).toBe('neutron');
    expect(saved.tests).toEqual({
      [`${A}.test_broken`]: 'failed',
      [`${A}.test_one`]: 'passed',
      [`${A}.test_three`]: 'passed',
      [`${A}.test_two`]: 'passed',
      [`${B}.test_five`]: 'passed',
      [`${B}.test_four`]: 'passed',
      'neutron_tempest_plugin.api.test_c.CTest.setUpClass': 'skipped',
    });
  });

  it('counts the baseline passes this run passed; a failed test, a test of a class skipped whole and a test never run are missed', () => {
    const baseline = { suite: 's', server: 'neutron', date: '', seconds: 0, tests: outcomes(NEUTRON) };
    const here: TestRecord[] = [
      { id: `${A}.test_one[id-1,smoke]`, status: 'success' },
      { id: `${A}.test_two[id-2]`, status: 'fail', traceback: 'x' },
      { id: `setUpClass (${B})`, status: 'skip', reason: 'flavors extension not enabled.' },
      { id: `${A}.test_broken[id-6]`, status: 'success' },
      { id: 'setUpClass (neutron_tempest_plugin.api.test_c.CTest)', status: 'success' },
    ];
    const comparison = compare(baseline, here);
    expect(comparison).toEqual({
      baselineServer: 'neutron',
      baselinePassed: 5,
      passedToo: 1,
      missed: [
        { test: `${A}.test_three`, outcome: 'not run' },
        { test: `${A}.test_two`, outcome: 'failed' },
        { test: `${B}.test_five`, outcome: 'skipped' },
        { test: `${B}.test_four`, outcome: 'skipped' },
      ],
      gained: [`${A}.test_broken`],
    });
    const text = formatComparison(comparison);
    expect(text).toContain('Of the 5 tests neutron passed, this run passed 1 (20.0 %); 1 passed here only.');
    expect(text).toContain(`[2] skipped: ${B}: test_five, test_four`);
    expect(text).toContain(`[1] failed: ${A}: test_two`);
  });

  it('refuses a file that is not a results file, naming the option that writes one', () => {
    const file = join(dir, 'other.json');
    writeFileSync(file, '{"passed": 3}');
    expect(() => loadResults(file)).toThrow(/not a results file written by --results/);
  });
});
