import { topics, type Context, type ListOptions, type Logger, type ResourceDict } from '@net-server/lib';
import { ResourceEngine, ResourceHookChain, type TransactionRunner } from 'net-server';
import { ml2View } from '../db/ml2-view.js';
import type { AgentNotifier } from '../rpc/agent-notifier.js';
import { securityGroupOps } from './security-group-ops.js';
import { securityGroupRuleOps } from './security-group-rule-ops.js';
import { securityGroupsDb, type SecurityGroupRow, type SecurityGroupRuleRow } from './security-groups-db.js';

const SG_TOPIC = topics.getTopicName(topics.AGENT, topics.SECURITY_GROUP, topics.UPDATE);
/** neutron's SG_RPC_VERSION, what SecurityGroupAgentRpcApiMixin sends. */
const SG_RPC_VERSION = '1.1';

/**
 * The security-group API resources: security_groups, a ResourceEngine over
 * securityGroupOps, whose `hooks` service plugins add theirs to (the log
 * plugin's `precommitDelete` removes a deleted group's logs, as neutron's
 * SECURITY_GROUP AFTER_DELETE callbacks), and `rules`, one over
 * securityGroupRuleOps; and the notifications agents get when rules or memberships change
 * (security_groups_rule_updated / security_groups_member_updated on
 * q-agent-notifier-security_group-update, where agents listen).
 */
export class SecurityGroupService extends ResourceEngine<SecurityGroupRow> {
  /** The security_group_rules collection; agents are told of each rule made or deleted after its commit. */
  readonly rules: ResourceEngine<SecurityGroupRuleRow>;

  constructor(
    transactions: TransactionRunner,
    private readonly notifier: () => AgentNotifier,
    private readonly logger: Logger,
  ) {
    super({ ops: securityGroupOps, hooks: new ResourceHookChain(), transactions });
    this.rules = new ResourceEngine({ ops: securityGroupRuleOps, hooks: new ResourceHookChain(), transactions });
    const ruleChanged = (context: Context, rule: ResourceDict) => this.ruleUpdated(context, [String(rule['security_group_id'])]);
    this.rules.hooks.add({ postcommitCreate: ruleChanged, postcommitDelete: ruleChanged });
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

  private async ruleUpdated(context: Context, groupIds: readonly string[]): Promise<void> {
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
