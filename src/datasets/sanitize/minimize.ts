/**
 * Data minimisation: a copy of a record holding only the allow-listed fields (top-level keys or dotted
 * object paths). Non-object records (lines of text) pass through unchanged.
 */
export function minimize(value: unknown, keep: readonly string[] | undefined): unknown {
  if (!keep || value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const path of keep) {
    const keys = path.split('.');
    let from: unknown = value;
    for (const key of keys) {
      from =
        from !== null && typeof from === 'object' && Object.hasOwn(from, key)
          ? (from as Record<string, unknown>)[key]
          : undefined;
    }
    if (from === undefined) continue;
    let to = out;
    for (const key of keys.slice(0, -1)) {
      to[key] ??= {};
      to = to[key] as Record<string, unknown>;
    }
    to[keys.at(-1)!] = structuredClone(from);
  }
  return out;
}
