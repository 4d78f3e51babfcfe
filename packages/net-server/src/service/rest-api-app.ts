import { createApiServer } from '../api/api-server.js';
import type { ApiApp, ApiAppInit } from './api-app.js';

/** The Neutron v2.0 REST API (src/api) as the application API workers serve. */
export async function restApiApp(init: ApiAppInit): Promise<ApiApp> {
  const api = await createApiServer({ manager: init.manager, config: init.config, logger: init.logger, plugins: init.plugins });
  return { handler: api.handler };
}
