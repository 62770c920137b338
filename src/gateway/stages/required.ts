/** A field an earlier stage must have set; its absence is a wiring bug, so it fails closed. */
export function required<T>(value: T | undefined, name: string): T {
  if (value === undefined) throw new Error(`pipeline: ${name} was not set by an earlier stage`);
  return value;
}
