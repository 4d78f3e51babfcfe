import type { KindTemplate, PluginNames } from './names.js';

export function typeDriverTemplate({ alias, className }: PluginNames): KindTemplate {
  const driver = `${className}TypeDriver`;
  return {
    entryPoint: `./dist/entries/type.js:${driver}`,
    testSummary: `networks of type ${alias} through a real ML2 core plugin`,
    files: {
      [`src/${alias}-type-driver.ts`]: `import { InvalidInput } from '@net-server/lib';
import type { SegmentSpec, TypeDriver } from '@net-server/ml2';

/**
 * The "${alias}" network type. Like neutron's local type it has no
 * physical network and no segmentation id; a type with ids reserves and
 * allocates them in reserveProviderSegment / allocateTenantSegment, inside
 * the transaction it is given.
 */
export class ${driver} implements TypeDriver {
  readonly networkType = '${alias}';

  isPartialSegment(): boolean {
    return false;
  }

  validateProviderSegment(segment: SegmentSpec): void {
    if (segment.physical_network || (segment.segmentation_id !== null && segment.segmentation_id !== undefined)) {
      throw new InvalidInput({ error_message: '${alias} networks take no physical_network or segmentation_id' });
    }
  }

  async reserveProviderSegment(): Promise<SegmentSpec> {
    return this.segment();
  }

  async allocateTenantSegment(): Promise<SegmentSpec> {
    return this.segment();
  }

  async releaseSegment(): Promise<void> {}

  getMtu(): number {
    return 0;
  }

  private segment(): SegmentSpec {
    return { network_type: this.networkType, physical_network: null, segmentation_id: null };
  }
}
`,
      'src/entries/type.ts': `// The net_server.ml2.type_drivers entry point "${alias}".
export { ${driver} } from '../${alias}-type-driver.js';
`,
      'src/index.ts': `export { ${driver} } from './${alias}-type-driver.js';
`,
      [`test/${alias}.test.ts`]: `import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, startServer, type TestServer } from '@net-server/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// ML2 loads the driver through its entry point, which names the built module.
buildIfStale(packageDir);

describe('the ${alias} type driver', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({
      root: packageDir,
      corePlugin: 'ml2',
      config: { ml2: { type_drivers: ['${alias}'], tenant_network_types: ['${alias}'], mechanism_drivers: ['logger'] } },
    });
  });
  afterAll(() => server?.stop());

  it('gives tenant networks its type', async () => {
    const created = await server.client.post('/networks', { network: { name: 'n1' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body['network']).toMatchObject({ 'provider:network_type': '${alias}' });
  });

  it('refuses a segmentation id', async () => {
    const refused = await server.client.post('/networks', {
      network: { name: 'n2', 'provider:network_type': '${alias}', 'provider:segmentation_id': 7 },
    });
    expect(refused.status).toBe(400);
  });
});
`,
    },
  };
}
