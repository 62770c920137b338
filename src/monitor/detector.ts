import type { z } from 'zod';
import type { MonitorEvent, Signal } from './types.js';

/** A running detector: sees every event in order and answers with the signals it raises. */
export interface Detector {
  observe(event: MonitorEvent): Signal | undefined;
}

/** A detector's descriptor: id, the abuse family it covers, a zod schema for its options, a factory. */
export interface DetectorDescriptor<O = unknown> {
  readonly id: string;
  readonly family: string;
  readonly description: string;
  /** Validates (and defaults) the options from `monitoring.detectors.<id>`. */
  readonly options: z.ZodType<O>;
  create(options: O): Detector;
}

/** Identity helper that keeps the options type when declaring a descriptor. */
export function defineDetector<O>(descriptor: DetectorDescriptor<O>): DetectorDescriptor<O> {
  return descriptor;
}

/** Per-subject "fired at" times so one incident raises one signal per cooldown. */
export class Cooldown {
  private readonly last = new Map<string, number>();
  constructor(private readonly ms: number) {}

  /** True (and remembers `at`) when `key` has not fired within the cooldown. */
  take(key: string, at: number): boolean {
    const prev = this.last.get(key);
    if (prev !== undefined && at - prev < this.ms) return false;
    this.last.set(key, at);
    if (this.last.size > 50_000) this.last.delete(this.last.keys().next().value as string);
    return true;
  }
}
