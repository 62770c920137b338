import type { Level } from '../../core/index.js';
import { cleared } from '../../policy/index.js';

interface Entry {
  original: string;
  level: Level;
}

// `[EMAIL_1]`: short, ASCII, and kept intact by models far more reliably than exotic brackets.
/** Matches a vault placeholder; exported for the ReDoS audit. */
export const PLACEHOLDER = /\[[A-Z][A-Z0-9_]{0,40}_\d{1,6}\]/g;
const MAX_PLACEHOLDER = 50;

/** Streaming restorer: `push` returns restored text, holding back a placeholder cut across chunks. */
export interface Restorer {
  push(chunk: string): string;
  flush(): string;
}

/**
 * Request-scoped reversible tokens: each distinct original gets a stable placeholder (`[EMAIL_1]`),
 * so the model can refer to it and the response can be restored. Lives only in memory for the
 * request (or, encrypted, with its conversation); originals never reach the upstream.
 */
export class TokenVault {
  private readonly byOriginal = new Map<string, string>();
  private readonly entries = new Map<string, Entry>();
  private readonly counters = new Map<string, number>();

  get size(): number {
    return this.entries.size;
  }

  /** The placeholder for an original value of an entity type, created on first use. */
  tokenize(type: string, original: string, level: Level): string {
    const key = `${type}\u0000${original}`;
    const known = this.byOriginal.get(key);
    if (known) return known;
    const label =
      type
        .toUpperCase()
        .replace(/[^A-Z0-9_]/g, '_')
        .slice(0, 40) || 'VALUE';
    const n = (this.counters.get(label) ?? 0) + 1;
    this.counters.set(label, n);
    const placeholder = `[${/^[A-Z]/.test(label) ? label : `V${label}`}_${n}]`;
    this.byOriginal.set(key, placeholder);
    this.entries.set(placeholder, { original, level });
    return placeholder;
  }

  /**
   * Replaces placeholders whose level the clearance covers; others stay as placeholders. `json`:
   * the text is a JSON document (tool-call `arguments`) where the placeholder sits inside a string
   * literal, so the original is inserted JSON-escaped (a `"` or backslash in it must not break the JSON).
   */
  restore(text: string, clearance: Level, json = false): string {
    if (this.entries.size === 0) return text;
    return text.replace(PLACEHOLDER, (placeholder) => {
      const entry = this.entries.get(placeholder);
      if (!entry || !cleared(clearance, entry.level)) return placeholder;
      return json ? JSON.stringify(entry.original).slice(1, -1) : entry.original;
    });
  }

  /** A restorer for a stream: a `[` with no closing `]` yet is held until the placeholder completes. */
  createRestorer(clearance: Level, json = false): Restorer {
    let held = '';
    return {
      push: (chunk) => {
        const text = held + chunk;
        const open = text.lastIndexOf('[');
        const cut =
          open !== -1 && !text.includes(']', open) && text.length - open <= MAX_PLACEHOLDER
            ? open
            : text.length;
        held = text.slice(cut);
        return this.restore(text.slice(0, cut), clearance, json);
      },
      flush: () => {
        const rest = held;
        held = '';
        return this.restore(rest, clearance, json);
      },
    };
  }
}
