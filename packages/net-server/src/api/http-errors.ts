import { NeutronException, NotAuthorized, defineNeutronException } from '@net-server/lib';

/*
 * The webob HTTP errors neutron's API raises itself (as opposed to plugin
 * errors): their NeutronError `type` is the webob class name and their
 * message the explanation given, as neutron's fault translation answers them.
 */

export const HTTPNotFound = defineNeutronException<{ msg?: unknown }>(NeutronException, 'HTTPNotFound', '%(msg)s', {
  httpStatus: 404,
  defaults: { msg: 'The resource could not be found.' },
});
export const HTTPMethodNotAllowed = defineNeutronException<{ method: unknown }>(
  NeutronException,
  'HTTPMethodNotAllowed',
  'The method %(method)s is not allowed for this resource.',
  { httpStatus: 405 },
);
export const HTTPUnsupportedMediaType = defineNeutronException<{ content_type: unknown }>(
  NeutronException,
  'HTTPUnsupportedMediaType',
  'Unsupported Content-Type %(content_type)s: send the body with Content-Type: application/json.',
  { httpStatus: 415 },
);
export const HTTPRequestEntityTooLarge = defineNeutronException<{ limit: unknown }>(
  NeutronException,
  'HTTPRequestEntityTooLarge',
  'Request is too large: the body may be at most %(limit)s bytes.',
  { httpStatus: 413 },
);
export const HTTPUnauthorized = defineNeutronException<{ msg?: unknown }>(NeutronException, 'HTTPUnauthorized', '%(msg)s', {
  httpStatus: 401,
  defaults: { msg: 'The request you have made requires authentication.' },
});
export const HTTPForbidden = defineNeutronException<{ msg: unknown }>(NeutronException, 'HTTPForbidden', '%(msg)s', {
  httpStatus: 403,
});
export const HTTPInternalServerError = defineNeutronException<Record<string, never>>(
  NeutronException,
  'HTTPInternalServerError',
  'Request Failed: internal server error while processing your request.',
  { httpStatus: 500 },
);
/** oslo.policy's refusal: `<rule> is disallowed by policy` (403). */
export const PolicyNotAuthorized = defineNeutronException<{ rule: unknown }>(NotAuthorized, 'PolicyNotAuthorized', '%(rule)s is disallowed by policy');
export const HTTPNotImplemented = defineNeutronException<{ method: unknown }>(
  NeutronException,
  'HTTPNotImplemented',
  'The loaded plugin does not implement %(method)s, so this operation is not available.',
  { httpStatus: 501 },
);
