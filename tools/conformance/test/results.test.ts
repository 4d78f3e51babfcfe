import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport, summarize } from '../src/results.js';
import { TempestWorkspace } from '../src/tempest.js';

/*
 * How a run's results are read and reported, on a stestr repository made
 * here: the stream stestr was writing (subunit v1, `.stestr/tmp*`) when a
 * run was stopped by --timeout, cut in the middle of a test. (A finished
 * run is read in keystone.test.ts.) Needs python3-subunit (Tempest's
 * dependency) and /usr/bin/subunit-1to2.
 */
const dir = mkdtempSync(join(tmpdir(), 'conformance-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NETWORK = '3f1c2f0e-1111-2222-3333-444455556666';
const STREAM = `time: 2026-12-06 11:00:00.000000Z
test: tempest.api.network.test_a.ATest.test_ok[id-1,smoke]
time: 2026-12-06 11:00:01.500000Z
success: tempest.api.network.test_a.ATest.test_ok[id-1,smoke]
test: tempest.api.network.test_a.ATest.test_conflict[id-2]
failure: tempest.api.network.test_a.ATest.test_conflict[id-2] [
Traceback (most recent call last):
  File "test_a.py", line 1, in test_conflict
tempest.lib.exceptions.Conflict: Conflict with state of target resource
Details: {'type': 'IpAddressInUse', 'message': 'Unable to complete operation for network ${NETWORK}.', 'detail': ''}
]
test: setUpClass (tempest.api.network.test_b.BTest)
skip: setUpClass (tempest.api.network.test_b.BTest) [
dvr extension not enabled.
]
test: tempest.api.network.test_a.ATest.test_cut
`;

describe('results of a run stopped by --timeout', () => {
  it("are read from stestr's partial stream: what finished counts, the test cut short fails, failures are grouped by the server's error", async () => {
    mkdirSync(join(dir, '.stestr'));
    writeFileSync(join(dir, '.stestr', 'tmpab12cd'), STREAM);
    const records = await new TempestWorkspace(dir, dir, dir).results();
    expect(records.map((record) => [record.id, record.status])).toEqual([
      ['tempest.api.network.test_a.ATest.test_ok[id-1,smoke]', 'success'],
      ['tempest.api.network.test_a.ATest.test_conflict[id-2]', 'fail'],
      ['setUpClass (tempest.api.network.test_b.BTest)', 'skip'],
      ['tempest.api.network.test_a.ATest.test_cut', 'fail'],
    ]);
    const summary = summarize(records);
    expect(summary).toMatchObject({ passed: 1, failed: 2, skipped: 1, total: 4 });
    expect(summary.byError).toEqual(
      expect.arrayContaining([
        { error: 'Conflict (IpAddressInUse): Unable to complete operation for network <uuid>.', tests: ['tempest.api.network.test_a.ATest.test_conflict'] },
        {
          error: "_StringException: lost connection during test 'tempest.api.network.test_a.ATest.test_cut'",
          tests: ['tempest.api.network.test_a.ATest.test_cut'],
        },
      ]),
    );
    expect(summary.byError).toHaveLength(2);
    expect(summary.byClass).toEqual([{ testClass: 'tempest.api.network.test_a.ATest', methods: ['test_conflict', 'test_cut'] }]);
    expect(summary.skipReasons).toEqual([{ reason: 'dvr extension not enabled.', count: 1 }]);
    expect(formatReport('^tempest', summary, 90)).toMatch(/^\^tempest: 4 tests in 1 min 30 s: 1 passed, 2 failed, 1 skipped\n/);
  });
});
