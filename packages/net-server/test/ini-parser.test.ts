import { describe, expect, it } from 'vitest';
import { parseIni } from '../src/config/ini-parser.js';
import { ConfigFileError } from '../src/config/errors.js';

function values(text: string, section: string, key: string): string[] | undefined {
  return parseIni(text, 'test.conf')
    .sections.get(section)
    ?.get(key)
    ?.map((entry) => entry.value);
}

describe('parseIni', () => {
  it('reads sections, both separators, comments and quotes as oslo does', () => {
    const text = [
      '# a comment',
      '; another',
      '[DEFAULT]',
      'core_plugin = ml2',
      'bind_port: 9797',
      'debug=True',
      'quoted = "a b"',
      'hash = value # not a comment',
      'url = rabbit://u:p@h:5672/',
      '[Database]',
      'connection = sqlite:///x',
    ].join('\n');
    const file = parseIni(text, 'test.conf');
    expect([...file.sections.keys()]).toEqual(['DEFAULT', 'database']);
    expect(values(text, 'DEFAULT', 'core_plugin')).toEqual(['ml2']);
    expect(values(text, 'DEFAULT', 'bind_port')).toEqual(['9797']);
    expect(values(text, 'DEFAULT', 'debug')).toEqual(['True']);
    expect(values(text, 'DEFAULT', 'quoted')).toEqual(['a b']);
    expect(values(text, 'DEFAULT', 'hash')).toEqual(['value # not a comment']);
    expect(values(text, 'DEFAULT', 'url')).toEqual(['rabbit://u:p@h:5672/']);
    expect(file.sections.get('DEFAULT')?.get('bind_port')?.[0]?.line).toBe(5);
  });

  it('joins continuation lines until a blank line and keeps repeated keys', () => {
    const text = '[ml2_type_vlan]\nnetwork_vlan_ranges = a:1:2\nnetwork_vlan_ranges = b\n  :3:4\n\n[default]\nx = 1';
    expect(values(text, 'ml2_type_vlan', 'network_vlan_ranges')).toEqual(['a:1:2', 'b\n:3:4']);
    expect(values(text, 'DEFAULT', 'x')).toEqual(['1']);
  });

  it('merges a section that appears twice and accepts CRLF and a BOM', () => {
    const text = '\uFEFF[a]\r\nx = 1\r\n[b]\r\ny = 2\r\n[a]\r\nz = 3\r\n';
    const file = parseIni(text, 't');
    expect([...(file.sections.get('a')?.keys() ?? [])]).toEqual(['x', 'z']);
  });

  it('rejects malformed input naming the file and line', () => {
    const cases: [string, RegExp][] = [
      ['x = 1', /t\.conf:1: "x" comes before any section/],
      ['[a]\n  stray', /t\.conf:2: indented line continues no value/],
      ['[a\nx = 1', /t\.conf:1: malformed section header/],
      ['[a]\njustakey', /t\.conf:2: expected "key = value"/],
      ['[a]\n= 1', /t\.conf:2: expected "key = value"/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseIni(text, 't.conf')).toThrow(ConfigFileError);
      expect(() => parseIni(text, 't.conf')).toThrow(message);
    }
  });
});
