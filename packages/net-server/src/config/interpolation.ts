/**
 * oslo.config's `$name` substitution: `$name` or `${name}` is replaced by
 * the option `name` of the same group, falling back to [DEFAULT];
 * `${group.name}` names the group; `$$` is a literal `$`. A `$` followed by
 * anything else is kept as it is, so passwords with a `$` survive.
 */
const REFERENCE = /\$(?:\$|\{([A-Za-z_][\w.]*)\}|([A-Za-z_][\w.]*))/g;

export function interpolate(text: string, resolve: (reference: string) => string): string {
  return text.replace(REFERENCE, (_match: string, braced: string | undefined, bare: string | undefined) => {
    const reference = braced ?? bare;
    return reference === undefined ? '$' : resolve(reference);
  });
}
