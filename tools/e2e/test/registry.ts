import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

/** A package.json as a registry serves it: its name, version and whatever else its authors wrote. */
export type PublishedManifest = { name: string; version: string; private?: boolean } & Record<string, unknown>;

export interface Registry {
  url: string;
  /** An npmrc pointing at the registry. */
  npmrc: string;
  /** Serves `tarball` as `manifest.name@manifest.version`, as it would be once `npm publish` had sent it. */
  publish(tarball: string, manifest: PublishedManifest): void;
  stop(): Promise<void>;
}

interface Version {
  manifest: PublishedManifest;
  file: string;
  data: Buffer;
  shasum: string;
  integrity: string;
}

/**
 * The npm registry's read API, which is all npm and pnpm use to install:
 * `GET /<name>` answers the packument (every version's manifest with its
 * tarball's address and integrity), `GET /<name>/-/<file>.tgz` the tarball.
 * Packages are held in memory and there are no uplinks: whatever was not
 * published here does not exist, so nothing is fetched from outside the
 * machine. (A registry process such as verdaccio took 25 s to install and
 * start and 33 s to take the third-party packages; this is what it served.)
 */
export async function startRegistry(dir: string): Promise<Registry> {
  const packages = new Map<string, Map<string, Version>>();
  const server = createServer((request, response) => serve(request, response, packages, url));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  mkdirSync(dir, { recursive: true });
  const npmrc = join(dir, 'npmrc');
  writeFileSync(npmrc, `registry=${url}/\n`);
  return {
    url,
    npmrc,
    publish(tarball, manifest) {
      const versions = packages.get(manifest.name) ?? new Map<string, Version>();
      packages.set(manifest.name, versions);
      const data = readFileSync(tarball);
      versions.set(manifest.version, {
        manifest,
        file: `${manifest.name.replace(/^@[^/]+\//, '')}-${manifest.version}.tgz`,
        data,
        shasum: createHash('sha1').update(data).digest('hex'),
        integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
      });
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serve(request: IncomingMessage, response: ServerResponse, packages: ReadonlyMap<string, Map<string, Version>>, url: string): void {
  let path: string;
  try {
    // A scoped name comes as @scope%2fname from npm and pnpm alike.
    path = decodeURIComponent(new URL(request.url ?? '/', url).pathname).slice(1);
  } catch {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: `not a package path: ${String(request.url)}` }));
    return;
  }
  const tarball = /^((?:@[^/]+\/)?[^/@][^/]*)\/-\/([^/]+\.tgz)$/.exec(path);
  const versions = packages.get(tarball ? tarball[1]! : path);
  if (request.method === 'GET' && versions && tarball) {
    const found = [...versions.values()].find((version) => version.file === tarball[2]);
    if (found) {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': found.data.length });
      response.end(found.data);
      return;
    }
  } else if (request.method === 'GET' && versions) {
    const body = JSON.stringify(packument(path, versions, url));
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
    return;
  }
  response.writeHead(404, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ error: `${path} is not published in this registry` }));
}

function packument(name: string, versions: ReadonlyMap<string, Version>, url: string): Record<string, unknown> {
  const served = Object.fromEntries(
    [...versions].map(([number, { manifest, file, shasum, integrity }]) => [
      number,
      { ...manifest, _id: `${name}@${number}`, dist: { shasum, integrity, tarball: `${url}/${name}/-/${file}` } },
    ]),
  );
  return { _id: name, name, 'dist-tags': { latest: [...versions.keys()].reduce(newest) }, versions: served };
}

/** The higher of two release versions (x.y.z), which is what `latest` names when a package has several here. */
function newest(a: string, b: string): string {
  const parts = (version: string): number[] => version.split(/[.+-]/, 3).map(Number);
  const [x, y] = [parts(a), parts(b)];
  const order = x.map((part, i) => part - (y[i] ?? 0)).find((difference) => difference !== 0) ?? 0;
  return order >= 0 ? a : b;
}
