import { topics, type Context, type Filters, type ListOptions, type Logger, type ResourceDict, type ResourceRequest } from '@net-server/lib';
import { ResourceEngine, ResourceHookChain, type TransactionRunner } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import { listResources } from '../plugin/list-resources.js';
import { securityGroupOps } from './security-group-ops.js';
import { SecurityGroupRuleNotFound } from './security-group-errors.js';
import { securityGroupsDb, type SecurityGroupRow } from './security-groups-db.js';

const SG_TOPIC = topics.getTopicName(topics.AGENT, topics.SECURITY_GROUP, topics.UPDATE);
/** neutron's SG_RPC_VERSION, what SecurityGroupAgentRpcApiMixin sends. */
const SG_RPC_VERSION = '1.1';

function unwrap(body: ResourceRequest, member: string): ResourceRequest {
  const inner = body[member];
  return typeof inner === 'object' && inner !== null && !Array.isArray(inner) && Object.keys(body).length === 1 ? (inner as ResourceRequest) : body;
}

function pick(dict: ResourceDict, fields?: readonly string[]): ResourceDict {
  return fields && fields.length > 0 ? Object.fromEntries(fields.filter((f) => f in dict).map((f) => [f, dict[f]])) : dict;
}

/**
 * The security-group API resources: security_groups, a ResourceEngine over
 * securityGroupOps, whose `hooks` service plugins add theirs to (the log
 * plugin's `precommitDelete` removes a deleted group's logs, as neutron's
 * SECURITY_GROUP AFTER_DELETE callbacks), and security_group_rules; and the
 * notifications agents get when rules or memberships change
 * (security_groups_rule_updated / security_groups_member_updated on
 * q-agent-notifier-security_group-update, where agents listen).
 */
export class SecurityGroupService extends ResourceEngine<SecurityGroupRow> {
  constructor(
    transactions: TransactionRunner,
    private readonly notifier: () => AgentNotifier,
    private readonly logger: Logger,
  ) {
    super({ ops: securityGroupOps, hooks: new ResourceHookChain(), transactions });
  }

  /** Lists groups; a project's default group is created the first time the project lists them, as neutron does. */
  override async list(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    if (context.projectId) {
      await this.transactions.write(context, (session) => securityGroupsDb.ensureDefault(ml2View(session.db), context.projectId!).then(() => undefined));
    }
    return super.list(context, options);
  }

  /** A group whose tags changed gets the next revision, in the tag plugin's transaction (which this write joins). */
  async tagsChanged(context: Context, id: string): Promise<boolean> {
    return this.transactions.write(context, (session) => securityGroupsDb.tagsChanged(ml2View(session.db), id));
  }

  async createRule(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const rule = await this.transactions.write(context, (session) =>
      securityGroupsDb.createRule(ml2View(session.db), context, unwrap(body, 'security_group_rule')),
    );
    await this.ruleUpdated(context, [String(rule['security_group_id'])]);
    return rule;
  }

  async deleteRule(context: Context, id: string): Promise<void> {
    const groupId = await this.transactions.write(context, (session) => securityGroupsDb.deleteRule(ml2View(session.db), context, id));
    await this.ruleUpdated(context, [groupId]);
  }

  async getRule(context: Context, id: string, fields?: readonly string[]): Promise<ResourceDict> {
    return pick(await this.transactions.read(context, (session) => securityGroupsDb.getRule(ml2View(session.db), context, id)), fields);
  }

  async listRules(context: Context, options: ListOptions = {}): Promise<ResourceDict[]> {
    const rules = await this.transactions.read(context, (session) => securityGroupsDb.listRules(ml2View(session.db), context));
    return listResources(rules, options, (id) => new SecurityGroupRuleNotFound({ id }));
  }

  async countRules(context: Context, filters: Filters = {}): Promise<number> {
    return (await this.listRules(context, { filters })).length;
  }

  async ruleUpdated(context: Context, groupIds: readonly string[]): Promise<void> {
    await this.notify(context, 'security_groups_rule_updated', groupIds);
  }

  async memberUpdated(context: Context, groupIds: readonly string[]): Promise<void> {
    if (groupIds.length > 0) await this.notify(context, 'security_groups_member_updated', groupIds);
  }

  private async notify(context: Context, method: string, groupIds: readonly string[]): Promise<void> {
    try {
      await this.notifier().fanout(context, SG_TOPIC, method, { security_groups: [...new Set(groupIds)] }, SG_RPC_VERSION);
    } catch (error) {
      this.logger.error(`Failed to notify agents: ${method}`, { error });
    }
  }
}
