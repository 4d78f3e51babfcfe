// The net_server.api.extensions entry point: standard-attr-tag, tag-ports-during-bulk-creation.
export { tagExtensions as extensions } from '../api/definitions.js';
