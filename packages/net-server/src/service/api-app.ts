import type { RequestListener } from 'node:http';
import type { ConfigReader, Logger } from '@net-server/lib';
import type { NeutronManager } from '../manager/neutron-manager.js';
import type { PluginSource } from '../plugin-source.js';

/** What an API application is built from in each process that serves the API. */
export interface ApiAppInit {
  manager: NeutronManager;
  config: ConfigReader;
  logger: Logger;
  /** Where the installed packages (API extensions, policies) are discovered. */
  plugins: PluginSource;
}

/** An API application: the request handler an ApiWorker serves, and what to release when it is replaced. */
export interface ApiApp {
  handler: RequestListener;
  close?(): Promise<void>;
}

/** Builds the API application of one process (neutron's `load_paste_app`). */
export type ApiAppFactory = (init: ApiAppInit) => ApiApp | Promise<ApiApp>;
