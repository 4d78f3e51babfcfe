/** Python's repr of a list of strings, as neutron's messages print them: ['a', 'b']. */
export function pythonRepr(values: readonly string[]): string {
  return `[${values.map((value) => (value.includes("'") && !value.includes('"') ? `"${value}"` : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`)).join(', ')}]`;
}
