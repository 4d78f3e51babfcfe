import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConfigReader, ExtensionDescriptor, Logger } from '@net-server/lib';
import { coreOptions } from '../config/server-options.js';
import type { NeutronManager } from '../manager/neutron-manager.js';
import { ownPackageVersion } from '../own-package.js';
import type { PluginSource } from '../plugin-source.js';
import { QUOTA_EXTENSIONS } from '../quota/quota-extensions.js';
import { createDispatcher } from './api-dispatcher.js';
import { createApiHandler } from './api-handler.js';
import { injectRequest, type InjectRequest } from './api-inject.js';
import { createApiListener, type ApiListener } from './api-listener.js';
import type { ApiModel } from './api-model.js';
import { middlewareOptions, optionValue, policyOptions } from './api-options.js';
import { apiQuotaEngine, quotaTransactions } from './api-quotas.js';
import { applyResourcePlugins } from './apply-resource-plugins.js';
import { configuredAuthenticator } from './auth/configured-authenticator.js';
import { buildApiModel } from './build-api-model.js';
import { API_SHIM_EXTENSIONS, loadExtensionCatalog } from './extension-catalog.js';
import type { PolicyRuleDefault } from './policy/default-rules.js';
import { enforcedPolicyRules } from './policy/enforced-rules.js';
import { loadPolicyRules } from './policy/load-policy-rules.js';
import { PolicyEnforcer } from './policy/policy-enforcer.js';
import { QuotaController } from './quota-controller.js';
import { requestContextBuilder } from './request-context.js';
import { ResourceController } from './resource-controller.js';
import { configuredServiceProviders } from './service-providers.js';

export interface ApiServerOptions {
  manager: NeutronManager;
  config: ConfigReader;
  logger: Logger;
  /** Where to discover `net_server.api.extensions` and `net_server.policies`; the working directory by default. */
  plugins?: PluginSource;
  /** Extension descriptors beyond the installed ones. */
  extensions?: readonly ExtensionDescriptor[];
  /** Policy defaults beyond neutron's and the installed ones (the policy file still overrides them). */
  policyDefaults?: readonly PolicyRuleDefault[];
}

export interface ApiServer extends ApiListener {
  /** The request handler, for a server the caller creates (e.g. on an inherited socket). */
  readonly handler: (request: IncomingMessage, response: ServerResponse) => void;
  readonly model: ApiModel;
  readonly policy: PolicyEnforcer;
  /** One request answered in memory, no socket (as fastify's `inject`): `inject('/v2.0/networks', { method: 'GET' })`. */
  inject(path: string, request?: InjectRequest): Promise<Response>;
}

/**
 * Builds the Neutron v2.0 REST API over the manager's loaded plugins: the
 * extensions they support, their resources (routed to their plugins in the
 * manager too), policy (neutron's defaults, installed packages' and the
 * policy file) and auth_strategy (noauth or keystone). Everything that can
 * fail (a bad policy file, an invalid extension) fails here, before the
 * server listens.
 */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { manager, config } = options;
  const logger = options.logger.child({ component: 'api' });
  const extensionPaths = config
    .get('DEFAULT', coreOptions.apiExtensionsPath)
    .split(':')
    .filter((dir) => dir.trim() !== '');
  const catalog = await loadExtensionCatalog(options.plugins, options.extensions, extensionPaths, logger);
  const quotaStorage = quotaTransactions(config, manager);
  const model = buildApiModel(manager, catalog, logger, quotaStorage ? [...API_SHIM_EXTENSIONS, ...QUOTA_EXTENSIONS] : API_SHIM_EXTENSIONS);
  applyResourcePlugins(manager, model);
  const policy = await loadPolicy(options, model, logger);
  const quotas = quotaStorage ? apiQuotaEngine(quotaStorage, config, model) : undefined;
  const authenticator = configuredAuthenticator(config, logger);
  const maxLimit = Number.parseInt(config.get('DEFAULT', coreOptions.paginationMaxLimit), 10);
  const controller = new ResourceController({
    model,
    policy,
    allowBulk: config.get('DEFAULT', coreOptions.allowBulk),
    validateFilters: config.get('DEFAULT', coreOptions.filterValidation),
    maxLimit: Number.isNaN(maxLimit) ? -1 : maxLimit,
    ...(quotas ? { quotas } : {}),
  });
  const dispatch = createDispatcher({
    model,
    controller,
    quotaController: quotas ? new QuotaController(quotas, policy) : undefined,
    requestContext: requestContextBuilder(authenticator, policy),
    bodyLimit: optionValue(config, 'oslo_middleware', middlewareOptions.maxRequestBodySize),
    version: ownPackageVersion(),
    serviceProviders: configuredServiceProviders(config),
  });
  const handler = createApiHandler(dispatch, authenticator.challenge, logger);
  const listener = createApiListener(handler, config, logger);
  return {
    handler,
    model,
    policy,
    get server() {
      return listener.server;
    },
    inject: (path, request) => injectRequest(handler, path, request),
    listen: (listen) => listener.listen(listen),
    close: () => listener.close(),
  };
}

/** The policy rules (defaults, installed packages', the policy file); a warning names the rules the API enforces that none define. */
async function loadPolicy(options: ApiServerOptions, model: ApiModel, logger: Logger): Promise<PolicyEnforcer> {
  const rules = await loadPolicyRules({
    policyFile: optionValue(options.config, 'oslo_policy', policyOptions.policyFile),
    ...(options.plugins ? { plugins: options.plugins } : {}),
    ...(options.policyDefaults ? { defaults: options.policyDefaults } : {}),
    logger,
  });
  const undefinedRules = enforcedPolicyRules(model).filter((rule) => !rules.has(rule));
  if (undefinedRules.length > 0) {
    logger.warn('policy rules are missing for what the API serves; they fall back to the "default" rule (admin or owner)', {
      rules: undefinedRules,
      hint: 'the package serving them should declare them under net_server.policies, or the policy file should',
    });
  }
  return new PolicyEnforcer(rules, (collection) => model.attributesOf(collection));
}
