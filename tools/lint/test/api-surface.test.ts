import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { apiSurfaces } from '../src/api-surface.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/*
 * Each package's exported names and kinds, against tools/lint/api/<package>.api.txt.
 * A change to a package's public surface changes its file here, in the same
 * commit, so that it is seen and reviewed (and gets its changeset): update
 * with `npx vitest run tools/lint -u`.
 */
describe('the public API of each package', () => {
  for (const surface of apiSurfaces(repo)) {
    it(`${surface.packageDir} exports what tools/lint/api/${basename(surface.packageDir)}.api.txt lists`, async () => {
      await expect(`${surface.lines.join('\n')}\n`).toMatchFileSnapshot(join('..', 'api', `${basename(surface.packageDir)}.api.txt`));
    });
  }
});
