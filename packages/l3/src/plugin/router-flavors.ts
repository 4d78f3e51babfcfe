import { InvalidInput, isAttrSpecified } from '@net-server/lib';
import type { ResourceHooks, Session } from 'net-server';
import { L3_ROUTER_NAT } from '../api/definitions.js';

/** Whether an L3 provider serves a router flag: neutron's UNSUPPORTED (false only) or MANDATORY (true only). */
interface L3Provider {
  readonly name: string;
  readonly driver: string;
  readonly distributed: boolean;
  readonly ha: boolean;
}

const DRIVERS = 'neutron.services.l3_router.service_providers';

/** neutron's _LegacyPlusProviderConfiguration: the L3 providers the router plugin always has. */
export const L3_PROVIDERS: readonly L3Provider[] = [
  { name: 'dvrha', driver: `${DRIVERS}.dvrha.DvrHaDriver`, distributed: true, ha: true },
  { name: 'dvr', driver: `${DRIVERS}.dvr.DvrDriver`, distributed: true, ha: false },
  { name: 'ha', driver: `${DRIVERS}.ha.HaDriver`, distributed: false, ha: true },
  { name: 'single_node', driver: `${DRIVERS}.single_node.SingleNodeDriver`, distributed: false, ha: false },
];

/** What the router plugin uses of the flavors plugin (@net-server/flavors' FlavorsPlugin), found in the plugin directory. */
export interface FlavorsService {
  addServiceProviders(providers: readonly { service_type: string; name: string; driver: string }[]): () => void;
  addFlavorUser(user: (session: Session, flavorId: string) => Promise<boolean>): () => void;
  nextProviderIn(session: Session, flavorId: string): Promise<{ driver: string; provider: string }>;
}

export function asFlavorsService(plugin: unknown): FlavorsService | undefined {
  const candidate = plugin as Partial<FlavorsService> | undefined;
  const methods = [candidate?.addServiceProviders, candidate?.addFlavorUser, candidate?.nextProviderIn];
  return methods.every((method) => typeof method === 'function') ? (candidate as FlavorsService) : undefined;
}

type RouterFlavorsDb = { routers: { id: string; flavor_id: string | null } };

function routersOf(session: Session) {
  return session.db.withTables<RouterFlavorsDb>();
}

/**
 * neutron's DriverController for routers with a flavor (l3-flavors): the
 * flavor's next provider (the flavors plugin's errors: FlavorNotFound,
 * FlavorServiceProfileBindingNotFound, ServiceProfileDisabled,
 * ServiceProfileDriverNotFound) must be an L3 provider that serves the
 * `distributed` and `ha` the body gives (InvalidInput otherwise); the
 * router keeps the flavor (`flavor_id`, null without one).
 */
export function routerFlavorHooks(flavors: FlavorsService): ResourceHooks {
  return {
    async precommitCreate(session, request, router) {
      const flavorId = request['flavor_id'];
      if (flavorId === undefined || flavorId === null || !isAttrSpecified(flavorId)) return;
      const { provider: name } = await flavors.nextProviderIn(session, String(flavorId));
      const provider = L3_PROVIDERS.find((candidate) => candidate.name === name);
      if (!provider) throw new InvalidInput({ error_message: `Provider ${name} of flavor ${String(flavorId)} is not an L3 router provider` });
      ensureProviderServes(provider, request);
      await routersOf(session)
        .updateTable('routers')
        .set({ flavor_id: String(flavorId) })
        .where('id', '=', String(router['id']))
        .execute();
    },
    async extendDicts(session, routers) {
      const rows = await routersOf(session)
        .selectFrom('routers')
        .select(['id', 'flavor_id'])
        .where(
          'id',
          'in',
          routers.map((router) => String(router['id'])),
        )
        .execute();
      const byId = new Map(rows.map((row) => [row.id, row.flavor_id]));
      for (const router of routers) router['flavor_id'] = byId.get(String(router['id'])) ?? null;
    },
  };
}

/** neutron's _ensure_driver_supports_request: a flag the body sets must be one the provider serves. */
function ensureProviderServes(provider: L3Provider, request: Readonly<Record<string, unknown>>): void {
  for (const key of ['distributed', 'ha'] as const) {
    const flag = request[key];
    if (flag !== true && flag !== false) continue;
    if (flag !== provider[key]) throw new InvalidInput({ error_message: `Provider ${provider.name} does not support ${key}=${flag ? 'True' : 'False'}` });
  }
}

/** A flavor some router has is in use (neutron's foreign key from routers.flavor_id). */
async function flavorInUse(session: Session, flavorId: string): Promise<boolean> {
  const row = await routersOf(session).selectFrom('routers').select('id').where('flavor_id', '=', flavorId).executeTakeFirst();
  return row !== undefined;
}

/** Routers take flavors of the loaded flavors plugin; the function returned undoes it. */
export function attachRouterFlavors(hooks: { add(hooks: ResourceHooks): () => void }, flavors: FlavorsService): () => void {
  const undo = [
    flavors.addServiceProviders(L3_PROVIDERS.map(({ name, driver }) => ({ service_type: L3_ROUTER_NAT, name, driver }))),
    flavors.addFlavorUser(flavorInUse),
    hooks.add(routerFlavorHooks(flavors)),
  ];
  return () => {
    for (const step of undo) step();
  };
}
