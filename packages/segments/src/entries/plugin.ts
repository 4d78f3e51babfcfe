// The net_server.service_plugins entry point `segments`.
export { SegmentsPlugin } from '../plugin/segments-plugin.js';
