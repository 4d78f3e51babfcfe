/**
 * A bounded set of recently seen `_unique_id`s: a message redelivered after
 * a reconnect (or published twice by a sender retrying an unconfirmed
 * publish) is recognised and dropped. The oldest ids are forgotten first; a
 * ring keeps that O(1) (deleting from the front of a Set is not).
 */
export class SeenIds {
  private readonly ids = new Set<string>();
  private readonly ring: Array<string | undefined>;
  private next = 0;

  constructor(capacity: number) {
    this.ring = new Array<string | undefined>(capacity);
  }

  /** Records `id`; false when it was already seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.next = (this.next + 1) % this.ring.length;
    this.ids.add(id);
    return true;
  }
}
