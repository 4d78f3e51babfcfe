// The net_server.service_plugins entry point `tag`.
export { TagPlugin } from '../plugin/tag-plugin.js';
