// The net_server.db.migrations entry point: the auto_allocated_topologies table.
export { migrations } from '../db/migrations.js';
