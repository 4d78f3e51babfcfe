import type { DriverFactory } from '../driver.js';
import { MemoryDriver } from '../memory/driver.js';

/** The `memory` entry of `net_server.rpc.transports`: in-process RPC. */
export const memoryDriver: DriverFactory = (url, options) => new MemoryDriver(url, options);
