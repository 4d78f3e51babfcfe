/**
 * Validated tokens, bounded in size (the oldest entry goes first), as
 * keystonemiddleware's token cache: an entry is fresh for the cache time
 * (never past the token's expiry), and kept until the token expires so that
 * `stale` can still answer for it while Keystone cannot be reached.
 */
export class TokenCache<V> {
  readonly #entries = new Map<string, { value: V; freshUntil: number; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** The entry while it is fresh. */
  get(token: string): V | undefined {
    const entry = this.#live(token);
    return entry !== undefined && entry.freshUntil > this.now() ? entry.value : undefined;
  }

  /** The entry, fresh or not, until its token expires: for when Keystone is away. */
  stale(token: string): V | undefined {
    return this.#live(token)?.value;
  }

  set(token: string, value: V, expiresAt: number): void {
    if (this.ttlMs <= 0 || expiresAt <= this.now()) return;
    this.#entries.delete(token);
    this.#entries.set(token, { value, freshUntil: Math.min(expiresAt, this.now() + this.ttlMs), expiresAt });
    while (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value as string);
  }

  get size(): number {
    return this.#entries.size;
  }

  #live(token: string): { value: V; freshUntil: number } | undefined {
    const entry = this.#entries.get(token);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry;
  }
}
