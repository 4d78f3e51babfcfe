/**
 * Query options for a plugin's list methods, as neutron's
 * `get_<collection>(context, filters, fields, sorts, limit, marker, page_reverse)`.
 */

/** Attribute name -> accepted values; a resource matches if its value is one of them. */
export type Filters = Readonly<Record<string, readonly unknown[]>>;

export interface Sort {
  readonly key: string;
  readonly direction: 'asc' | 'desc';
}

export interface ListOptions {
  filters?: Filters;
  /** Attributes to return; all when absent or empty. */
  fields?: readonly string[];
  sorts?: readonly Sort[];
  limit?: number;
  /** Id of the last resource of the previous page. */
  marker?: string;
  /** Page backwards from `marker`. */
  pageReverse?: boolean;
}
