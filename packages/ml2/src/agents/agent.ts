/** An agent as the API and the mechanism drivers see it (neutron's agent dict). */
export interface Agent {
  id: string;
  agent_type: string;
  binary: string;
  topic: string;
  host: string;
  admin_state_up: boolean;
  created_at: string;
  started_at: string;
  heartbeat_timestamp: string;
  alive: boolean;
  configurations: Record<string, unknown>;
  description: string | null;
  availability_zone: string | null;
  resource_versions: Record<string, unknown>;
  resources_synced: boolean | null;
  load: number;
}

/** What an agent reports in report_state's `agent_state`. */
export interface AgentState {
  agent_type: string;
  binary: string;
  host: string;
  topic: string;
  availability_zone?: string;
  configurations?: Record<string, unknown>;
  resource_versions?: Record<string, unknown>;
  start_flag?: boolean;
  load?: number;
}

/** report_state's answer, from the server's point of view (neutron_lib.agent.constants). */
export type AgentStatus = 'new' | 'alive' | 'revived';
export const AGENT_NEW: AgentStatus = 'new';
export const AGENT_ALIVE: AgentStatus = 'alive';
export const AGENT_REVIVED: AgentStatus = 'revived';
