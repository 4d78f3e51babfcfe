import { FALSE_CHECK, TRUE_CHECK, type Check } from './check.js';

/**
 * Parses an oslo.policy check string. As oslo.policy does, an empty string
 * always passes and a string that does not parse never does (so a typo in a
 * policy file denies rather than allows).
 */
export function parseCheck(text: string): Check {
  const tokens = tokenize(text);
  if (tokens.length === 0) return TRUE_CHECK;
  const parser = new Parser(tokens);
  const check = parser.parseOr();
  return check !== undefined && parser.done ? check : FALSE_CHECK;
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '')) {
    let rest = word;
    while (rest.startsWith('(')) {
      tokens.push('(');
      rest = rest.slice(1);
    }
    let closing = 0;
    while (rest.endsWith(')') && !/%\([^)]*\)$/.test(rest)) {
      closing += 1;
      rest = rest.slice(0, -1);
    }
    if (rest !== '') tokens.push(rest);
    for (let i = 0; i < closing; i += 1) tokens.push(')');
  }
  return tokens;
}

class Parser {
  #position = 0;

  constructor(private readonly tokens: string[]) {}

  get done(): boolean {
    return this.#position === this.tokens.length;
  }

  parseOr(): Check | undefined {
    const checks: Check[] = [];
    do {
      const check = this.#parseAnd();
      if (check === undefined) return undefined;
      checks.push(check);
    } while (this.#accept('or'));
    return checks.length === 1 ? checks[0] : { kind: 'or', checks };
  }

  #parseAnd(): Check | undefined {
    const checks: Check[] = [];
    do {
      const check = this.#parseNot();
      if (check === undefined) return undefined;
      checks.push(check);
    } while (this.#accept('and'));
    return checks.length === 1 ? checks[0] : { kind: 'and', checks };
  }

  #parseNot(): Check | undefined {
    if (this.#accept('not')) {
      const check = this.#parseNot();
      return check === undefined ? undefined : { kind: 'not', check };
    }
    if (this.#accept('(')) {
      const check = this.parseOr();
      return check !== undefined && this.#accept(')') ? check : undefined;
    }
    const token = this.tokens[this.#position];
    if (token === undefined || token === ')' || token === 'and' || token === 'or') return undefined;
    this.#position += 1;
    return atom(token);
  }

  #accept(token: string): boolean {
    if (this.tokens[this.#position]?.toLowerCase() !== token) return false;
    this.#position += 1;
    return true;
  }
}

function atom(token: string): Check {
  if (token === '@') return TRUE_CHECK;
  if (token === '!') return FALSE_CHECK;
  const colon = token.indexOf(':');
  if (colon < 0) return FALSE_CHECK;
  const kind = token.slice(0, colon);
  const match = token.slice(colon + 1);
  if (kind === 'rule') return { kind: 'rule', name: match };
  if (kind === 'role') return { kind: 'role', role: match };
  if (kind === 'field') {
    const fieldMatch = /^([^:]+):([^=]+)=(.*)$/.exec(match);
    return fieldMatch ? { kind: 'field', resource: fieldMatch[1]!, field: fieldMatch[2]!, value: fieldMatch[3]! } : FALSE_CHECK;
  }
  return { kind: 'generic', key: kind, match };
}
