/**
 * What the server needs from an RPC server a plugin started, typed
 * structurally so that plugin contracts do not depend on the rpc package:
 * an RpcServer from @net-server/rpc satisfies it.
 */
export interface RpcServerLike {
  stop(): Promise<void>;
  wait(): Promise<void>;
}
