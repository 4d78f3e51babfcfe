export { rabbitDriver } from './factory.js';
export { RabbitDriver } from './rabbit-driver.js';
export { defaultRabbitOptions, type RabbitOptions } from './options.js';
export { DriverClosed, InvalidRabbitOption, MessageDeliveryFailure, MessageUndeliverable, TopologyMismatch, UnserializableMessage } from './errors.js';
