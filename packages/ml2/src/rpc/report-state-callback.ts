import { Target } from '@net-server/rpc';
import type { Logger } from '@net-server/lib';
import { InvalidInput } from '@net-server/lib';
import type { AgentStatus } from '../agents/agent.js';

/** oslo's timeutils.parse_strtime for agents' '%Y-%m-%dT%H:%M:%S.%f' UTC times. */
function agentTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const parsed = new Date(`${value.replace(' ', 'T').replace(/(\.\d{3})\d*$/, '$1')}Z`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

/** What state reports need of the ML2 plugin: where a report is recorded. */
export interface ReportStateRpcPlugin {
  reportAgentState(reported: Record<string, unknown>): Promise<AgentStatus>;
}

/**
 * State reports on q-reports-plugin (neutron's AgentExtRpcCallback, 1.2):
 * agents report their state every report_interval and learn whether the
 * server sees them as new, alive or revived.
 */
export class ReportStateCallback {
  readonly target = new Target({ version: '1.2' });
  readonly expectedErrors = [InvalidInput];
  /** Reports older than this were sent before the server started: skipped, as neutron does. */
  readonly #startTime = new Date();

  constructor(
    private readonly plugin: ReportStateRpcPlugin,
    private readonly logger: Logger,
  ) {}

  async report_state(_context: unknown, args: Record<string, unknown>): Promise<string | null> {
    const envelope = args['agent_state'];
    const state = typeof envelope === 'object' && envelope !== null ? (envelope as Record<string, unknown>)['agent_state'] : undefined;
    if (typeof state !== 'object' || state === null) throw new InvalidInput({ error_message: "report_state needs agent_state: {'agent_state': {...}}" });
    const time = agentTime(args['time']);
    if (time && time < this.#startTime) {
      this.logger.debug('Stale state report skipped: sent before the server started', { agentTime: args['time'] });
      return null;
    }
    return this.plugin.reportAgentState(state as Record<string, unknown>);
  }

  has_alive_neutron_server(): boolean {
    return true;
  }
}
