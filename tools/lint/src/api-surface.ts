import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** What a package exports from src/index.ts: one `kind name` line per export, sorted. */
export interface ApiSurface {
  packageDir: string;
  lines: string[];
}

/**
 * The exported surface of every package under `repo/packages`, read with
 * one TypeScript program over their src/index.ts files (names and kinds
 * only: enough to make every addition and removal a visible, reviewed change).
 */
export function apiSurfaces(repo: string): ApiSurface[] {
  const packagesDir = join(repo, 'packages');
  const entries = readdirSync(packagesDir)
    .map((name) => ({ packageDir: join('packages', name), index: join(packagesDir, name, 'src', 'index.ts') }))
    .filter(({ index }) => existsSync(index));
  const program = ts.createProgram(
    entries.map(({ index }) => index),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  );
  const checker = program.getTypeChecker();
  return entries.map(({ packageDir, index }) => {
    const source = program.getSourceFile(index)!;
    const module = checker.getSymbolAtLocation(source);
    const exports = module ? checker.getExportsOfModule(module) : [];
    return { packageDir, lines: exports.map((symbol) => `${kindOf(checker, symbol)} ${symbol.name}`).sort() };
  });
}

function kindOf(checker: ts.TypeChecker, exported: ts.Symbol): string {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return 'class';
  if (flags & ts.SymbolFlags.Function) return 'function';
  if (flags & ts.SymbolFlags.Enum) return 'enum';
  if (flags & ts.SymbolFlags.Variable) return 'const';
  if (flags & ts.SymbolFlags.Interface) return 'interface';
  if (flags & ts.SymbolFlags.TypeAlias) return 'type';
  if (flags & ts.SymbolFlags.Module) return 'namespace';
  return 'unresolved';
}
