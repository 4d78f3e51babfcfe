import { byIds, ResourceEngine, ResourceHookChain } from 'net-server';
import type { Context } from '@net-server/lib';
import type { SegmentsCorePlugin } from './core-access.js';
import { revise, segmentOps, type SegmentRow } from './segment-ops.js';

/**
 * The `segments` collection on the resource kit: each operation one
 * transaction of the core plugin's, which owns the segments themselves.
 */
export class Segments extends ResourceEngine<SegmentRow> {
  readonly #ops: ReturnType<typeof segmentOps>;

  constructor(core: SegmentsCorePlugin) {
    const ops = segmentOps(core);
    super({ ops, hooks: new ResourceHookChain(), transactions: core.transactions });
    this.#ops = ops;
  }

  /** TagsCapable for `segments`: a segment whose tags changed has a new revision (neutron's tag revises_on_change). */
  tagsChanged(context: Context, id: string): Promise<boolean> {
    return this.transactions.write(context, async (session) => {
      const [row] = await this.#ops.loadRows(session, byIds([id]));
      if (!row) return false;
      await revise(session, row, {});
      return true;
    });
  }
}
