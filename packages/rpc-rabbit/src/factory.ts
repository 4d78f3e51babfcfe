import type { DriverFactory } from '@net-server/rpc';
import { RabbitDriver } from './rabbit-driver.js';

/** The `rabbit` transport: `rabbit://user:pass@host:5672,user:pass@host2:5672/vhost?option=value`. */
export const rabbitDriver: DriverFactory = (url, options) => new RabbitDriver(url, options);
