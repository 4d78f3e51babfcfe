import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { ScaffoldError } from './errors.js';

/** The person stopped the questions (Ctrl-C, or Ctrl-D / end of input): nothing was written. */
export class PromptCancelled extends ScaffoldError {
  constructor() {
    super('SCAFFOLD_CANCELLED', 'stopped: nothing was written.');
    this.name = 'PromptCancelled';
  }
}

export interface TextQuestion {
  /** Shown as the prompt, e.g. "Package name". */
  message: string;
  /** Taken on an empty answer, and shown in parentheses. */
  default?: string;
  /** An empty answer without a default is accepted (as ''). */
  optional?: boolean;
  /** Returns why an answer is refused; the question is asked again. */
  validate?: (answer: string) => string | undefined;
}

export interface Choice<T extends string> {
  value: T;
  /** What the list shows after the value. */
  hint: string;
}

/**
 * Questions on a line-based terminal, the way `npm create vite` asks for
 * what its command line left out, through node:readline (line editing and
 * Ctrl-C on a terminal, plain lines otherwise). Lines that arrive before
 * their question (pasted or piped answers) are kept for it, not lost.
 */
export class Prompter {
  readonly #rl: Interface;
  readonly #output: Writable;
  readonly #lines: string[] = [];
  #waiting: ((line: string | undefined) => void) | undefined;
  #closed = false;

  constructor(input: Readable, output: Writable, terminal: boolean) {
    this.#output = output;
    this.#rl = createInterface({ input, output, terminal, historySize: 0 });
    this.#rl.on('line', (line) => {
      if (this.#waiting) {
        const resolve = this.#waiting;
        this.#waiting = undefined;
        resolve(line);
      } else {
        this.#lines.push(line);
      }
    });
    // A terminal's Ctrl-C reaches readline, not the process: stop as the process would.
    this.#rl.on('SIGINT', () => this.close());
    this.#rl.on('close', () => {
      this.#closed = true;
      const resolve = this.#waiting;
      this.#waiting = undefined;
      resolve?.(undefined);
    });
  }

  async #ask(prompt: string): Promise<string> {
    this.#rl.setPrompt(prompt);
    this.#rl.prompt();
    const queued = this.#lines.shift();
    if (queued !== undefined) {
      // Echo a pasted answer after its question, as typing it would have.
      if (!this.#rl.terminal) this.#output.write(`${queued}\n`);
      return queued;
    }
    if (this.#closed) throw new PromptCancelled();
    const line = await new Promise<string | undefined>((resolve) => (this.#waiting = resolve));
    if (line === undefined) {
      this.#output.write('\n');
      throw new PromptCancelled();
    }
    if (!this.#rl.terminal) this.#output.write(`${line}\n`);
    return line;
  }

  #say(text: string): void {
    this.#output.write(`${text}\n`);
  }

  /** Asks until the answer is valid; returns it trimmed (or the default). */
  async text(question: TextQuestion): Promise<string> {
    const shown = question.default === undefined || question.default === '' ? '' : ` (${question.default})`;
    for (;;) {
      const answer = (await this.#ask(`? ${question.message}${shown}: `)).trim() || question.default || '';
      if (answer === '' && !question.optional) {
        this.#say('  An answer is needed.');
        continue;
      }
      const problem = answer === '' ? undefined : question.validate?.(answer);
      if (problem === undefined) return answer;
      this.#say(`  ${problem}`);
    }
  }

  /** A numbered list; the answer is a number or a value, Enter takes the default. */
  async choose<T extends string>(message: string, choices: readonly Choice<T>[], defaultValue: T): Promise<T> {
    const width = Math.max(...choices.map((choice) => choice.value.length));
    this.#say(`? ${message}`);
    choices.forEach((choice, index) => this.#say(`  ${index + 1}. ${choice.value.padEnd(width)}  ${choice.hint}`));
    const fallback = String(choices.findIndex((choice) => choice.value === defaultValue) + 1);
    for (;;) {
      const answer = (await this.#ask(`  Number or name (${fallback}): `)).trim() || fallback;
      const byNumber = /^\d+$/.test(answer) ? choices[Number(answer) - 1] : undefined;
      const found = byNumber ?? choices.find((choice) => choice.value.toLowerCase() === answer.toLowerCase());
      if (found) return found.value;
      this.#say(`  "${answer}" is not one of them: answer 1-${choices.length} or a name.`);
    }
  }

  close(): void {
    if (!this.#closed) this.#rl.close();
  }
}
