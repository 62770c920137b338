/** A string inside a record, with the keys that reach it and a display path (`messages[2].content`). */
export interface TextField {
  keys: readonly (string | number)[];
  path: string;
  text: string;
}

/**
 * Parses a field selector: dotted keys with `[]` for "every element", e.g. `messages[].content`.
 * A CSV column is a one-segment selector.
 */
export function parseSelector(selector: string): string[] {
  const segments = selector.split('.').flatMap((part) => {
    const m = /^([^[\]]*)((?:\[\])*)$/.exec(part);
    if (!m) throw new Error(`invalid field selector "${selector}"`);
    const arrays = (m[2] ?? '').length / 2;
    return [...(m[1] ? [m[1]] : []), ...Array<string>(arrays).fill('[]')];
  });
  if (segments.length === 0) throw new Error('empty field selector');
  return segments;
}

/** Every string in a record, or only those the selectors reach. */
export function* textFields(value: unknown, selectors?: readonly string[][]): Generator<TextField> {
  if (!selectors || selectors.length === 0) yield* allStrings(value, []);
  else for (const selector of selectors) yield* select(value, selector, 0, []);
}

function* allStrings(value: unknown, keys: (string | number)[]): Generator<TextField> {
  if (typeof value === 'string') yield { keys, path: displayPath(keys), text: value };
  else if (Array.isArray(value))
    for (let i = 0; i < value.length; i++) yield* allStrings(value[i], [...keys, i]);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) yield* allStrings(child, [...keys, key]);
  }
}

function* select(
  value: unknown,
  selector: string[],
  depth: number,
  keys: (string | number)[],
): Generator<TextField> {
  if (depth === selector.length) {
    yield* allStrings(value, keys);
    return;
  }
  const segment = selector[depth]!;
  if (segment === '[]') {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) yield* select(value[i], selector, depth + 1, [...keys, i]);
  } else if (isObject(value) && Object.hasOwn(value, segment)) {
    yield* select(value[segment], selector, depth + 1, [...keys, segment]);
  }
}

/** Replaces the value at `keys` (from a `TextField`); an empty key list replaces the root. */
export function setField(root: unknown, keys: readonly (string | number)[], value: unknown): unknown {
  if (keys.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[keys.at(-1)!] = value;
  return root;
}

/** Removes the value at `keys` from its parent object (arrays keep their length: the slot becomes null). */
export function deleteField(root: unknown, keys: readonly (string | number)[]): void {
  if (keys.length === 0) return;
  let node = root as Record<string | number, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = keys.at(-1)!;
  if (Array.isArray(node)) node[last as number] = null;
  else delete node[last];
}

function displayPath(keys: readonly (string | number)[]): string {
  return keys.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
