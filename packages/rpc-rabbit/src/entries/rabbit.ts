export { rabbitDriver } from '../factory.js';
