import { readFileSync } from 'node:fs';

/** A fenced code block whose info string ends in `doctest`: one the tests execute. */
export interface DocBlock {
  lang: string;
  code: string;
  /** 1-based line of the opening fence, for failure messages. */
  line: number;
}

export function docBlocks(path: string): DocBlock[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const blocks: DocBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w+) doctest\s*$/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i]!);
    if (i >= lines.length) throw new Error(`${path}:${start + 1}: the doctest block is not closed`);
    blocks.push({ lang: open[1]!, code: `${body.join('\n')}\n`, line: start + 1 });
  }
  return blocks;
}
