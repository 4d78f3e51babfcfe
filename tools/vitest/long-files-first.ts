import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that run longest, on real peers: neutron's agents, Keystone with
 * Tempest, server clusters, npm installs, a real neutron-server. vitest
 * orders files by their last duration when it has one, and by size on a
 * clean clone (as CI runs), where these small files would start late and
 * end the run with one core idle.
 */
const LONGEST = [
  'tools/agents-e2e/test/agents.test.ts',
  'tools/conformance/test/keystone.test.ts',
  'tools/e2e/test/multi-server.test.ts',
  'tools/e2e/test/install.test.ts',
  'packages/create-net-server-plugin/test/scaffold.test.ts',
  'tools/conformance/test/import-neutron.test.ts',
];

/** vitest's own order, with the longest files first. */
export class LongFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification): number => {
      const at = LONGEST.findIndex((path) => spec.moduleId.endsWith(path));
      return at < 0 ? LONGEST.length : at;
    };
    return sorted
      .map((spec, index) => ({ spec, index }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.index - b.index)
      .map(({ spec }) => spec);
  }
}
