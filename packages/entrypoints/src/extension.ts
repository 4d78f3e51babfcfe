import type { EntryPoint } from './entry-point.js';

/**
 * One loaded plugin, as stevedore's Extension: its name, where it came from,
 * the export itself and, with invokeOnLoad, what invoking it returned.
 */
export class Extension<P = unknown, O = unknown> {
  constructor(
    readonly name: string,
    /** Undefined for extensions made by hand (makeTestInstance). */
    readonly entryPoint: EntryPoint | undefined,
    readonly plugin: P,
    readonly obj: O | undefined,
  ) {}
}
