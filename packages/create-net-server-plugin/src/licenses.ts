import { readFileSync } from 'node:fs';
import { ScaffoldError } from './errors.js';

/** The licenses a scaffolded package can start with; Apache-2.0 is OpenStack's and net-server's, and the default. */
export const LICENSES = ['Apache-2.0', 'MIT'] as const;
export type License = (typeof LICENSES)[number];
export const DEFAULT_LICENSE: License = 'Apache-2.0';

/** Accepts an SPDX id in any letter case ("apache-2.0", "mit"); refuses a license whose text this generator cannot write. */
export function toLicense(value: string): License {
  const found = LICENSES.find((license) => license.toLowerCase() === value.trim().toLowerCase());
  if (!found) {
    throw new ScaffoldError(
      'SCAFFOLD_BAD_LICENSE',
      `cannot write a LICENSE for "${value}": choose ${LICENSES.join(' or ')} (then replace LICENSE and the package.json "license" field to use another).`,
    );
  }
  return found;
}

const MIT = `MIT License

Copyright (c) {copyright}

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`;

const APACHE_NOTICE = 'Copyright [yyyy] [name of copyright owner]';

/**
 * The Apache License 2.0 text is this package's own LICENSE, which it
 * publishes: one copy of the 200 lines. src/ and the bundled dist/ both sit
 * one level below the package root.
 */
function apacheText(): string {
  const text = readFileSync(new URL('../LICENSE', import.meta.url), 'utf8');
  if (!text.includes(APACHE_NOTICE)) {
    throw new ScaffoldError(
      'SCAFFOLD_LICENSE_TEXT',
      `the Apache License text shipped with create-net-server-plugin has no "${APACHE_NOTICE}" line: reinstall create-net-server-plugin.`,
    );
  }
  return text;
}

/**
 * The LICENSE file of a new package: the license text with its copyright
 * line filled in (for Apache-2.0, the appendix's notice, as it asks), naming
 * the author, or "the <package> authors" when none was given.
 */
export function licenseText(license: License, copyright: { year: number; author?: string; packageName: string }): string {
  const holder = copyright.author?.trim() || `the ${copyright.packageName} authors`;
  const line = `${copyright.year} ${holder}`;
  return license === 'MIT' ? MIT.replace('{copyright}', line) : apacheText().replace(APACHE_NOTICE, `Copyright ${line}`);
}
