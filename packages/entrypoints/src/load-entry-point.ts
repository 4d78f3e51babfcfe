import { pathToFileURL } from 'node:url';
import { ExportNotFoundError, ModuleImportError } from './errors.js';
import type { EntryPoint } from './entry-point.js';
import { resolveModule } from './resolve-module.js';

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function member(container: unknown, key: string): unknown {
  if ((typeof container === 'object' && container !== null) || typeof container === 'function') {
    return (container as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * Imports one entry point's module (ESM or CommonJS) and returns the named
 * export, or the default export when the value names none.
 */
export async function loadEntryPoint(entryPoint: EntryPoint): Promise<unknown> {
  const file = resolveModule(entryPoint);
  const context = { namespace: entryPoint.namespace, entry: entryPoint.name, package: entryPoint.package.name, version: entryPoint.package.version, file };
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new ModuleImportError(`importing the module failed: ${errorText(error)}`, context, { cause: error });
  }
  if (entryPoint.exportName === undefined) {
    if (!('default' in namespace)) {
      throw new ExportNotFoundError('the module has no default export; name one as "module:export"', context);
    }
    return namespace['default'];
  }
  const [first, ...rest] = entryPoint.exportName.split('.') as [string, ...string[]];
  // CommonJS modules whose names Node could not detect statically are only
  // reachable through the default export (module.exports).
  let value = first in namespace ? namespace[first] : member(namespace['default'], first);
  for (const key of rest) value = member(value, key);
  if (value === undefined) {
    throw new ExportNotFoundError(`the module has no export "${entryPoint.exportName}"; check the name after ":" in "${entryPoint.value}"`, context);
  }
  return value;
}
