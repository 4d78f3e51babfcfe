// The net_server.db.migrations entry point.
export { migrations } from '../migrations.js';
