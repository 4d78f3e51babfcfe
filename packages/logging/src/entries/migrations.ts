// The net_server.db.migrations entry point.
export { migrations } from '../db/migrations.js';
