/**
 * One-permutation MinHash over character 5-grams: one rolling hash per shingle, binned into `k` slots that
 * keep their minimum, so the cost is linear in the text (a smaller cousin of
 * `src/datasets/dedup/`, which this layer may not import). Similar prompts share most slot minima.
 */
export const SKETCH_SLOTS = 64;
const SHINGLE = 5;
const MAX_CHARS = 2048;
const HALF = MAX_CHARS / 2;
const BASE = 0x01000193;
// BASE^SHINGLE mod 2^32, to drop the character leaving the window.
const BASE_POW = [0, 1, 2, 3, 4].reduce((p) => Math.imul(p, BASE), 1);
const EMPTY = 0xffffffff;

/** Sketch of a prompt; the text is not kept. Long prompts are sketched on their head and tail. */
export function promptSketch(text: string, slots = SKETCH_SLOTS): Uint32Array {
  const sketch = new Uint32Array(slots).fill(EMPTY);
  const s = text.length > MAX_CHARS ? text.slice(0, HALF) + text.slice(-HALF) : text;
  // Polynomial rolling hash of each 5-char window: one multiply per character, not five.
  let h = 0;
  for (let i = 0; i < s.length; i++) {
    h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
    if (i >= SHINGLE) h = (h - Math.imul(s.charCodeAt(i - SHINGLE), BASE_POW)) | 0;
    if (i < SHINGLE - 1) continue;
    // Murmur finaliser so nearby windows land in unrelated slots.
    let x = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    const hu = (x ^ (x >>> 16)) >>> 0;
    const slot = hu % slots;
    if (hu < (sketch[slot] as number)) sketch[slot] = hu;
  }
  return sketch;
}

/** Estimated Jaccard similarity: the share of non-empty slots whose minima agree. */
export function sketchSimilarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  let used = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? EMPTY;
    const y = b[i] ?? EMPTY;
    if (x === EMPTY && y === EMPTY) continue;
    used++;
    if (x === y) same++;
  }
  return used === 0 ? 0 : same / used;
}
