// The net_server.api.extensions entry point: metering, metering_source_and_destination_fields.
export { meteringExtensions as extensions } from '../api/definitions.js';
