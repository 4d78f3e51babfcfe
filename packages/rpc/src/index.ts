export { Target, type TargetFields } from './target.js';
export { parseTransportUrl, maskTransportUrl, type TransportUrl, type TransportHost } from './transport-url.js';
export type {
  Driver,
  DriverFactory,
  DriverOptions,
  IncomingHandler,
  IncomingMessage,
  Listener,
  RemoteFailure,
  Reply,
  RequestContext,
  RequestMessage,
  SendOptions,
} from './driver.js';
export {
  ConfigurationError,
  DriverLoadFailure,
  InvalidContext,
  InvalidTarget,
  InvalidTransportUrl,
  MessagingError,
  MessagingServerError,
  MessagingTimeout,
  NoSuchMethod,
  RemoteError,
  RpcVersionCapError,
  TransportError,
  UnsupportedVersion,
} from './errors.js';
export { Transport } from './transport.js';
export {
  getRpcTransport,
  DEFAULT_CONTROL_EXCHANGE,
  DEFAULT_RPC_RESPONSE_TIMEOUT,
  DEFAULT_TRANSPORT_URL,
  type GetTransportOptions,
  type RpcTransportConf,
} from './get-transport.js';
export { TRANSPORTS_NAMESPACE } from './driver-loader.js';
export { RpcClient, type PrepareOverrides, type RpcClientOptions } from './client.js';
export { RpcServer, DEFAULT_EXECUTOR_CONCURRENCY, type RpcServerOptions } from './server.js';
export { defaultAccessPolicy, type AccessPolicy, type EndpointDeclarations } from './dispatcher.js';
export { NoOpSerializer, type Serializer } from './serializer.js';
export { toRemoteFailure, fromRemoteFailure, DEFAULT_REMOTE_MODULE, type RemoteErrorClass } from './remote-failure.js';
export { versionIsCompatible } from './version.js';
export { createConnection, type Connection, type ConsumerOptions } from './connection.js';
export { filtersArg, optionalStringArg, stringArg } from './rpc-args.js';
export { ResourcesPushRpcApi, type PushEvent, type PushedResource } from './resources-push-rpc-api.js';
