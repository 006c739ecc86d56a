/**
 * A table looked up by names that come from requests: no prototype, so `constructor`,
 * `__proto__` or `toString` are not entries (a lookup by them finds nothing).
 */
export function lookupTable<T>(entries: Record<string, T> | Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const table = Object.create(null) as Record<string, T>;
  for (const [k, v] of Symbol.iterator in entries ? (entries as Iterable<readonly [string, T]>) : Object.entries(entries)) table[k] = v;
  return Object.freeze(table);
}
