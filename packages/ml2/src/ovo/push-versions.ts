import type { Logger } from '@net-server/lib';
import type { Agent } from '../agents/agent.js';
import { OBJECT_VERSIONS, type ObjectName } from './object-versions.js';

/** neutron's version_manager.VERSIONS_TTL: how long the agents' reported versions are trusted before they are read again. */
const VERSIONS_TTL_MS = 60_000;

/**
 * Which versions of a type pushes go out in: neutron pushes the server's
 * own version of each object and every version a live agent reported in
 * its `resource_versions` (version_manager), each on its own
 * `neutron-vo-<type>-<version>` topic. Only Zed's versions are built here,
 * so those are pushed; a live agent that reported another version of a
 * type is logged once (as a warning: it will not hear of that type's
 * changes) instead of being sent an object it cannot read.
 */
export class PushVersions {
  #readAt = 0;
  #reported = new Map<string, Set<string>>();
  #reading: Promise<void> | undefined;
  readonly #warned = new Set<string>();

  constructor(
    private readonly liveAgents: () => Promise<readonly Agent[]>,
    private readonly logger: Logger,
  ) {}

  async versionsOf(type: ObjectName): Promise<string[]> {
    await this.#refresh();
    const built = OBJECT_VERSIONS[type];
    for (const version of this.#reported.get(type) ?? []) {
      const key = `${type} ${version}`;
      if (version === built || this.#warned.has(key)) continue;
      this.#warned.add(key);
      this.logger.warn(`Agents consume ${type} ${version}, which this server does not build (it pushes ${built}): they will not hear of ${type} changes`, {
        type,
        version,
        built,
      });
    }
    return [built];
  }

  async #refresh(): Promise<void> {
    if (Date.now() - this.#readAt < VERSIONS_TTL_MS) return;
    this.#reading ??= this.#read().finally(() => {
      this.#reading = undefined;
    });
    await this.#reading;
  }

  async #read(): Promise<void> {
    try {
      const reported = new Map<string, Set<string>>();
      for (const agent of await this.liveAgents()) {
        for (const [type, version] of Object.entries(agent.resource_versions ?? {})) {
          if (typeof version !== 'string') continue;
          const versions = reported.get(type) ?? new Set<string>();
          versions.add(version);
          reported.set(type, versions);
        }
      }
      this.#reported = reported;
    } catch (error) {
      // Only the warning depends on it: pushes go out in the built version regardless.
      this.logger.warn("Failed to read the agents' resource versions", { error });
    }
    this.#readAt = Date.now();
  }
}
