/**
 * Validated tokens kept until the earlier of their expiry and the cache
 * time, bounded in size (the oldest entry goes first), as
 * keystonemiddleware's token cache.
 */
export class TokenCache<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): V | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.until <= this.now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.value;
  }

  set(token: string, value: V, expiresAt: number): void {
    if (this.ttlMs <= 0) return;
    const until = Math.min(expiresAt, this.now() + this.ttlMs);
    if (until <= this.now()) return;
    this.#entries.delete(token);
    this.#entries.set(token, { value, until });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  get size(): number {
    return this.#entries.size;
  }
}
