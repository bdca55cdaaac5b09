/**
 * Deterministic JSON: objects with their keys sorted at every depth, so generated files diff well.
 */

/** A copy of `value` whose objects list their keys in sorted order at every depth (bigints become numbers). */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => [key, sortKeysDeep((value as Record<string, unknown>)[key])]);
    return Object.fromEntries(entries); // fromEntries keeps a "__proto__" key as data, where an assignment would not
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}
