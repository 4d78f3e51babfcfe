import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** One parsed source file; `path` is relative to the repository. */
export interface SourceFile {
  path: string;
  absolutePath: string;
  ast: ts.SourceFile;
}

/** The TypeScript sources the guard rails hold: every package's and tool's `src/`, declarations aside. */
export function sourceFiles(repo: string): SourceFile[] {
  const files: SourceFile[] = [];
  for (const group of ['packages', 'tools']) {
    for (const entry of readdirSync(join(repo, group), { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      for (const absolutePath of walk(join(repo, group, entry.name, 'src'))) {
        const text = readFileSync(absolutePath, 'utf8');
        files.push({ path: relative(repo, absolutePath), absolutePath, ast: ts.createSourceFile(absolutePath, text, ts.ScriptTarget.Latest, true) });
      }
    }
  }
  return files;
}

function walk(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
