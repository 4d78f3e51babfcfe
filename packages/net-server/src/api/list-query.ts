import { BadRequest, HTTPBadRequest, type AttributeMap, type Filters, type Sort } from '@net-server/lib';
import { pythonRepr } from './python-repr.js';

/** Query parameters that are not filters. */
const NON_FILTERS = new Set(['fields', 'sort_key', 'sort_dir', 'limit', 'marker', 'page_reverse']);

export interface ListQuery {
  filters: Filters;
  /** Requested fields; empty for all. */
  fields: string[];
  sorts: Sort[];
  /** 0 when the list is not paginated. */
  limit: number;
  marker: string | undefined;
  pageReverse: boolean;
}

export interface ListQueryOptions {
  /** Refuse filters on attributes that are not filters (neutron's filter-validation). */
  validateFilters: boolean;
  /** pagination_max_limit: a positive cap, or <= 0 for none. */
  maxLimit: number;
  /** Keep empty values as filters (`?name=` finds what has no name) where `empty-string-filtering` is served, else drop them. */
  emptyStringFiltering: boolean;
}

/**
 * Reads a list request's query as neutron's api_common: repeated keys are
 * alternatives (`?status=ACTIVE&status=DOWN`), values are converted with
 * each attribute's converters, empty values are dropped unless
 * `emptyStringFiltering` says otherwise, `sort_key` and
 * `sort_dir` pair up, `limit` is capped by pagination_max_limit.
 */
export function parseListQuery(params: URLSearchParams, attributes: AttributeMap, options: ListQueryOptions): ListQuery {
  const filters: Record<string, unknown[]> = {};
  const invalid: string[] = [];
  for (const key of new Set(params.keys())) {
    if (NON_FILTERS.has(key)) continue;
    const spec = attributes[key];
    if (options.validateFilters && spec?.isFilter !== true) {
      invalid.push(key);
      continue;
    }
    let values: unknown[] = params.getAll(key).filter((value) => value !== '' || options.emptyStringFiltering);
    if (values.length === 0) continue;
    // convertListTo may fold the values into one object (fixed_ips=ip_address=... -> {ip_address: [...]}).
    if (spec?.convertListTo !== undefined) values = [spec.convertListTo(values)].flat();
    else if (spec?.convertTo !== undefined) values = values.map((value) => spec.convertTo!(value));
    filters[key] = values;
  }
  if (invalid.length > 0) throw new HTTPBadRequest({ msg: `${pythonRepr(invalid)} is invalid attribute for filtering` });
  return {
    filters,
    fields: params.getAll('fields').filter((field) => field !== ''),
    sorts: parseSorts(params, attributes),
    ...parseLimit(params, options.maxLimit),
  };
}

function parseSorts(params: URLSearchParams, attributes: AttributeMap): Sort[] {
  const keys = params.getAll('sort_key').filter((key) => key !== '');
  const dirs = params.getAll('sort_dir').filter((dir) => dir !== '');
  if (keys.length !== dirs.length) throw new HTTPBadRequest({ msg: 'The number of sort_keys and sort_dirs must be same' });
  const absent = keys.filter((key) => attributes[key]?.isSort !== true);
  if (absent.length > 0) throw new HTTPBadRequest({ msg: `${pythonRepr(absent)} is invalid attribute for sort_keys` });
  const invalidDirs = dirs.filter((dir) => dir !== 'asc' && dir !== 'desc');
  if (invalidDirs.length > 0) {
    throw new HTTPBadRequest({ msg: `${pythonRepr(invalidDirs)} is invalid value for sort_dirs, valid value is 'asc' and 'desc'` });
  }
  return keys.map((key, index) => ({ key, direction: dirs[index] as 'asc' | 'desc' }));
}

function parseLimit(params: URLSearchParams, maxLimit: number): Pick<ListQuery, 'limit' | 'marker' | 'pageReverse'> {
  const text = params.get('limit') ?? '0';
  const parsed = /^\s*[+-]?\d+\s*$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < 0) {
    throw new BadRequest({ resource: 'limit', msg: `Limit must be an integer 0 or greater and not '${text}'` });
  }
  const limit = maxLimit > 0 ? Math.min(maxLimit, parsed) || maxLimit : parsed;
  return {
    limit,
    marker: limit > 0 ? (params.get('marker') ?? undefined) : undefined,
    pageReverse: (params.get('page_reverse') ?? 'False').toLowerCase() === 'true',
  };
}
