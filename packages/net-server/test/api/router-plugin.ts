import { randomUUID } from 'node:crypto';
import { NotFound, type Context, type ExtensionDescriptor, type ResourceDict, type ResourceRequest } from '@net-server/lib';

/** An extension with a new collection, a member action and a sub-resource, to test their routing. */
export const TEST_ROUTER_EXTENSION: ExtensionDescriptor = {
  alias: 'test-router',
  name: 'Test routers',
  description: 'Routers with interfaces and routes, for API routing tests',
  updated: '2026-01-01T00:00:00-00:00',
  resourceAttributeMap: {
    routers: {
      id: { allowPost: false, allowPut: false, isVisible: true, isFilter: true, isSort: true, primaryKey: true },
      name: { allowPost: true, allowPut: true, default: '', validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, isSort: true },
      tenant_id: { allowPost: true, allowPut: false, validate: { type: 'type:string', arg: 255 }, isVisible: true, isFilter: true, requiredByPolicy: true },
      interfaces: { allowPost: false, allowPut: false, isVisible: true },
    },
  },
  subresourceAttributeMap: {
    routes: {
      parent: { collectionName: 'routers', memberName: 'router' },
      parameters: {
        id: { allowPost: false, allowPut: false, isVisible: true, primaryKey: true },
        destination: { allowPost: true, allowPut: true, validate: { type: 'type:subnet' }, isVisible: true },
        tenant_id: { allowPost: true, allowPut: false, isVisible: true, requiredByPolicy: true },
      },
    },
  },
  actionMap: { router: { add_router_interface: 'PUT' } },
  serviceType: 'L3_ROUTER_NAT',
  requiredExtensions: [],
  optionalExtensions: [],
};

/** The service plugin serving TEST_ROUTER_EXTENSION, in memory. */
export class RouterPlugin {
  readonly pluginType = 'L3_ROUTER_NAT';
  readonly pluginDescription = 'test routers';
  readonly supportedExtensionAliases = ['test-router'];
  readonly resources = ['routers'];
  readonly routers = new Map<string, ResourceDict>();
  readonly routes = new Map<string, ResourceDict>();

  async createRouter(context: Context, body: ResourceRequest): Promise<ResourceDict> {
    const router = { ...body, id: randomUUID(), interfaces: [] };
    this.routers.set(router.id, router);
    return router;
  }
  async getRouter(context: Context, id: string): Promise<ResourceDict> {
    const router = this.routers.get(id);
    if (!router || (!context.isAdmin && router['tenant_id'] !== context.projectId)) throw new NotFound({});
    return router;
  }
  async getRouters(_context: Context): Promise<ResourceDict[]> {
    return [...this.routers.values()];
  }
  async addRouterInterface(context: Context, id: string, body: Record<string, unknown>): Promise<unknown> {
    const router = await this.getRouter(context, id);
    (router['interfaces'] as unknown[]).push(body['subnet_id']);
    return { id, subnet_id: body['subnet_id'] };
  }
  async createRouterRoute(context: Context, routerId: string, body: ResourceRequest): Promise<ResourceDict> {
    await this.getRouter(context, routerId);
    const route = { ...body, id: randomUUID(), router_id: routerId };
    this.routes.set(route.id, route);
    return route;
  }
  async getRouterRoutes(context: Context, routerId: string): Promise<ResourceDict[]> {
    return [...this.routes.values()].filter((route) => route['router_id'] === routerId);
  }
  async getRouterRoute(context: Context, id: string, routerId: string): Promise<ResourceDict> {
    const route = this.routes.get(id);
    if (!route || route['router_id'] !== routerId) throw new NotFound({});
    return route;
  }
  async deleteRouterRoute(context: Context, id: string, routerId: string): Promise<void> {
    await this.getRouterRoute(context, id, routerId);
    this.routes.delete(id);
  }
}
