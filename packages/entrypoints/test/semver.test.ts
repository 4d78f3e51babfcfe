import { describe, expect, it } from 'vitest';
import { satisfies } from '@net-server/entrypoints';

describe('satisfies', () => {
  it.each([
    ['1.4.0', '^1.2.0', true],
    ['2.0.0', '^1.2.0', false],
    ['0.2.5', '^0.2.1', true],
    ['0.3.0', '^0.2.1', false],
    ['0.0.3', '^0.0.3', true],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.9.0', '~1', true],
    ['3.1.0', '>=2 <4', true],
    ['4.0.0', '>=2 <4', false],
    ['1.5.0', '1.x', true],
    ['2.0.0', '1.x || 3.x', false],
    ['3.0.1', '1.x || 3.x', true],
    ['2.5.0', '2.0.0 - 2.5', true],
    ['2.6.0', '2.0.0 - 2.5', false],
    ['1.0.0', '*', true],
    ['1.0.0', '>= 1.0.0', true],
    ['2.0.0-beta.1', '^1.0.0', false],
    ['2.0.0-beta.2', '^2.0.0-beta.1', true],
    ['2.0.0-beta.1', '>=2.0.0-beta.2', false],
    ['1.2.3', '1.2.3', true],
    ['1.2.4', '1.2.3', false],
    ['1.2.4', '<=1.2', true],
    ['1.3.0', '>1.2', true],
    ['1.2.9', '>1.2', false],
    ['not-a-version', '*', false],
    ['1.0.0', 'garbage range', false],
  ])('%s satisfies %s: %s', (version, range, expected) => {
    expect(satisfies(version, range)).toBe(expected);
  });
});
