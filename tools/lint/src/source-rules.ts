import ts from 'typescript';
import type { SourceFile } from './source-files.js';

/** A place in a source file that breaks a rule: `path:line` and what. */
export interface Finding {
  at: string;
  what: string;
}

/** The longest a function may be, in lines of code (blank and comment lines aside). */
export const MAX_FUNCTION_LINES = 80;

/**
 * Functions of the published packages longer than MAX_FUNCTION_LINES (the
 * tools' end-to-end scenarios read as scripts). A nested function counts in its
 * own right and in its parent's length. The text of multi-line template
 * literals (a config file, a scaffolded source file) is not code, and
 * migrations are exempt: a table definition is one long statement that
 * reads best whole.
 */
export function longFunctions(files: readonly SourceFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    if (!file.path.startsWith('packages/') || /(^|\/)migrations?(\/|[^/]*\.ts$)/.test(file.path)) continue;
    const text = textLines(file.ast);
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const first = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast)).line;
        const lines = codeLines(file.ast.text.slice(node.getStart(file.ast), node.end), first, text);
        if (lines > MAX_FUNCTION_LINES) findings.push({ at: location(file, node), what: `${functionName(node)}: ${lines} lines` });
      }
      ts.forEachChild(node, visit);
    };
    visit(file.ast);
  }
  return findings;
}

/** Every `any` written in a type position: `unknown` and precise types say what a value is. */
export function explicitAny(files: readonly SourceFile[]): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.AnyKeyword) findings.push({ at: location(file, node), what: 'any' });
      ts.forEachChild(node, visit);
    };
    visit(file.ast);
  }
  return findings;
}

/** The lines (0-based) that continue a multi-line template literal: text, not code. */
function textLines(ast: ts.SourceFile): Set<number> {
  const lines = new Set<number>();
  const visit = (node: ts.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      const start = ast.getLineAndCharacterOfPosition(node.getStart(ast)).line;
      const end = ast.getLineAndCharacterOfPosition(node.end).line;
      for (let line = start + 1; line <= end; line++) lines.add(line);
    }
    ts.forEachChild(node, visit);
  };
  visit(ast);
  return lines;
}

function codeLines(source: string, firstLine: number, text: ReadonlySet<number>): number {
  let inBlockComment = false;
  let count = 0;
  for (const [offset, raw] of source.split('\n').entries()) {
    if (text.has(firstLine + offset)) continue;
    const line = raw.trim();
    if (inBlockComment) {
      if (line.includes('*/')) inBlockComment = false;
      continue;
    }
    if (line === '' || line.startsWith('//')) continue;
    if (line.startsWith('/*')) {
      inBlockComment = !line.includes('*/');
      continue;
    }
    count++;
  }
  return count;
}

function functionName(node: ts.SignatureDeclaration): string {
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  if (node.name && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name) || ts.isStringLiteral(node.name))) return node.name.text;
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) return parent.name.getText();
  return 'a function';
}

function location(file: SourceFile, node: ts.Node): string {
  const { line } = file.ast.getLineAndCharacterOfPosition(node.getStart(file.ast));
  return `${file.path}:${line + 1}`;
}
