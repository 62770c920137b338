/** Surrogate → original, as returned by `tokenize`. */
export type TokenMapping = Readonly<Record<string, string>>;

/** Restores surrogates in a stream of chunks. */
export interface Restorer {
  /** Returns the restored text that is safe to emit now; holds back a possible partial surrogate. */
  push(chunk: string): string;
  /** Returns everything still held back, restored where complete. Call once at the end. */
  flush(): string;
}

interface TrieNode {
  next: Map<number, TrieNode>;
  /** The original, when a surrogate ends here. */
  value?: string;
}

/**
 * Creates a streaming restorer. Matching is leftmost-longest over a trie of the surrogates, so a
 * surrogate split across chunks is restored whole, and only the suffix that could still start one
 * is held back (for `[PERSON_1]` placeholders that is at most the text after the last '[').
 * @example const r = createRestorer({ '[PERSON_1]': 'Ana' }); r.push('Hi [PER') + r.push('SON_1]!') // 'Hi Ana!'
 */
export function createRestorer(mapping: TokenMapping | ReadonlyMap<string, string>): Restorer {
  const root: TrieNode = { next: new Map() };
  const entries = mapping instanceof Map ? [...mapping] : Object.entries(mapping);
  for (const [surrogate, original] of entries) {
    if (surrogate.length === 0) continue;
    let node = root;
    for (let i = 0; i < surrogate.length; i++) {
      const code = surrogate.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) node.next.set(code, (child = { next: new Map() }));
      node = child;
    }
    node.value = original;
  }
  let held = '';

  function run(final: boolean): string {
    const buf = held;
    held = '';
    let out = '';
    let emitted = 0;
    let i = 0;
    while (i < buf.length) {
      let node = root.next.get(buf.charCodeAt(i));
      if (!node) {
        i++;
        continue;
      }
      let j = i + 1;
      let bestEnd = -1;
      let bestValue = '';
      for (;;) {
        if (node.value !== undefined) {
          bestEnd = j;
          bestValue = node.value;
        }
        if (j >= buf.length) break;
        const child: TrieNode | undefined = node.next.get(buf.charCodeAt(j));
        if (!child) break;
        node = child;
        j++;
      }
      if (!final && j >= buf.length && node.next.size > 0) {
        // The buffer ends inside a possible surrogate: keep it for the next chunk.
        held = buf.slice(i);
        return out + buf.slice(emitted, i);
      }
      if (bestEnd === -1) {
        i++;
        continue;
      }
      out += buf.slice(emitted, i) + bestValue;
      i = emitted = bestEnd;
    }
    return out + buf.slice(emitted);
  }

  return {
    push(chunk) {
      held += chunk;
      return run(false);
    },
    flush() {
      return run(true);
    },
  };
}

/** Restores every surrogate in a complete text. */
export function restore(text: string, mapping: TokenMapping | ReadonlyMap<string, string>): string {
  const restorer = createRestorer(mapping);
  return restorer.push(text) + restorer.flush();
}
