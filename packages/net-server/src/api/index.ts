export { createApiServer, type ApiServer, type ApiServerOptions } from './api-server.js';
export type { InjectRequest } from './api-inject.js';
export type { ApiListener, ListenOptions } from './api-listener.js';
export { ApiModel, type ApiModelParts } from './api-model.js';
export { buildApiModel, type LoadedPlugins } from './build-api-model.js';
export { applyResourcePlugins } from './apply-resource-plugins.js';
export { policyAction, type ApiResource } from './api-resource.js';
export { apiOptionGroups, policyOptions, keystoneOptions, middlewareOptions } from './api-options.js';
export { API_EXTENSIONS_NAMESPACE, InvalidExtensionError, loadExtensionCatalog } from './extension-catalog.js';
export { POLICIES_NAMESPACE, PolicyDefaultsError, PolicyFileError } from './policy/load-policy-rules.js';
export { DEFAULT_POLICY_RULES, type PolicyRuleDefault } from './policy/default-rules.js';
export { PolicyEnforcer, type PolicyTarget } from './policy/policy-enforcer.js';
export { enforcedPolicyRules } from './policy/enforced-rules.js';
export { FAKE_PROJECT_ID } from './auth/noauth.js';
export {
  HTTPNotFound,
  HTTPMethodNotAllowed,
  HTTPUnsupportedMediaType,
  HTTPRequestEntityTooLarge,
  HTTPUnauthorized,
  HTTPForbidden,
  HTTPInternalServerError,
  HTTPNotImplemented,
  PolicyNotAuthorized,
} from './http-errors.js';
