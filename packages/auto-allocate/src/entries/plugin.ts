// The net_server.service_plugins entry point `auto_allocate`.
export { AutoAllocatePlugin } from '../plugin/auto-allocate-plugin.js';
