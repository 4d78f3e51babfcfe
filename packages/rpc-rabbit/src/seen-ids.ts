/**
 * A bounded set of recently seen `_unique_id`s: a message redelivered after
 * a reconnect (or published twice by a sender retrying an unconfirmed
 * publish) is recognised and dropped. The oldest ids are forgotten first.
 */
export class SeenIds {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity: number) {}

  /** Records `id`; false when it was already seen. */
  add(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    if (this.ids.size > this.capacity) {
      const oldest = this.ids.values().next();
      if (oldest.done !== true) this.ids.delete(oldest.value);
    }
    return true;
  }
}
