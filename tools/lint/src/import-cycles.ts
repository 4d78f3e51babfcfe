import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import type { SourceFile } from './source-files.js';

/**
 * The import cycles among `files`, each as the paths of one strongly
 * connected component (a self-import counts). Every relative module
 * reference counts: `import type`, `export ... from`, `import('...')` types
 * and dynamic imports; a type-only cycle still makes two files one concept.
 */
export function importCycles(files: readonly SourceFile[], repo: string): string[][] {
  const byPath = new Map(files.map((file) => [file.absolutePath, file]));
  const edges = new Map(files.map((file) => [file.absolutePath, localImports(file).filter((target) => byPath.has(target))]));
  return stronglyConnected(edges)
    .filter((component) => component.length > 1 || edges.get(component[0]!)!.includes(component[0]!))
    .map((component) => component.map((path) => relative(repo, path)).sort());
}

/** The files `file` references by relative specifier, resolved as NodeNext does for `.js` specifiers of `.ts` sources. */
function localImports(file: SourceFile): string[] {
  const targets: string[] = [];
  const visit = (node: ts.Node): void => {
    const specifier = moduleSpecifier(node);
    if (specifier?.startsWith('.')) {
      const target = resolveSpecifier(dirname(file.absolutePath), specifier);
      if (target) targets.push(target);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.ast);
  return targets;
}

function moduleSpecifier(node: ts.Node): string | undefined {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
    return node.moduleSpecifier.text;
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) return node.argument.literal.text;
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0]))
    return node.arguments[0].text;
  return undefined;
}

function resolveSpecifier(from: string, specifier: string): string | undefined {
  const base = join(from, specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Tarjan's algorithm, iterative over each root so deep import chains cannot overflow the stack. */
function stronglyConnected(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of edges.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; child: number }[] = [{ node: root, child: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = edges.get(frame.node) ?? [];
      if (frame.child < targets.length) {
        const target = targets[frame.child++]!;
        if (!index.has(target)) {
          index.set(target, next);
          low.set(target, next++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, child: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}
