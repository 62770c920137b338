import type { Finding } from '../core/index.js';
import { resolveOverlaps } from './merge.js';
import type {
  AsyncRecognizer,
  EntityDescriptor,
  Recognizer,
  RecognizerDescriptor,
  ScanContext,
  TextSource,
} from './recognizer.js';

export interface ScanOptions {
  /** Only report these entity types (and run only recognisers that can emit them). */
  types?: readonly string[];
  /** Drop findings scoring below this. Default 0.5. */
  minScore?: number;
  /** ISO 639-1 language hint. */
  language?: string;
  /** 'untrusted' applies stricter thresholds for injection. Default 'trusted'. */
  source?: TextSource;
  signal?: AbortSignal;
}

export interface ScannerOptions {
  /** The descriptors to use; default: the built-in registry. */
  recognizers: readonly RecognizerDescriptor[];
  /** Per-recogniser options by descriptor id, validated by each descriptor's schema. */
  recognizerOptions?: Record<string, unknown>;
  /** Recogniser ids to disable. */
  disabled?: readonly string[];
  /** Opt-in recogniser ids to enable. */
  enabled?: readonly string[];
}

export interface Scanner {
  /** Runs every enabled synchronous recogniser. */
  scan(text: string, options?: ScanOptions): Finding[];
  /** Runs synchronous and asynchronous (remote) recognisers. */
  scanAsync(text: string, options?: ScanOptions): Promise<Finding[]>;
  /** Every entity type the scanner can emit, with its default level. */
  readonly entities: ReadonlyMap<string, EntityDescriptor>;
  readonly descriptors: readonly RecognizerDescriptor[];
}

interface Active {
  descriptor: RecognizerDescriptor;
  types: ReadonlySet<string>;
  sync?: Recognizer;
  async?: AsyncRecognizer;
}

const DEFAULT_MIN_SCORE = 0.5;

/** Builds a scanner from recogniser descriptors; options are validated once here. */
export function createScanner(options: ScannerOptions): Scanner {
  const disabled = new Set(options.disabled ?? []);
  const enabled = new Set(options.enabled ?? []);
  const entities = new Map<string, EntityDescriptor>();
  const active: Active[] = [];
  for (const descriptor of options.recognizers) {
    for (const entity of descriptor.entities) entities.set(entity.type, entity);
    if (disabled.has(descriptor.id) || (descriptor.optIn === true && !enabled.has(descriptor.id))) continue;
    const parsed = descriptor.options.parse(options.recognizerOptions?.[descriptor.id] ?? {});
    const types = new Set(descriptor.entities.map((e) => e.type));
    if (descriptor.mode === 'sync') active.push({ descriptor, types, sync: descriptor.create(parsed) });
    else active.push({ descriptor, types, async: descriptor.create(parsed) });
  }

  const scopeOf = new Map(active.map((a) => [a.descriptor.id, a.descriptor.scope]));
  // Callers scan many texts with one `types` list (a dataset's, a policy's): the wanted set and the
  // recognisers that can emit any of it are worked out once per list, not once per text.
  const byTypes = new WeakMap<readonly string[], { wanted: ReadonlySet<string>; candidates: Active[] }>();
  function forTypes(types: readonly string[]) {
    let entry = byTypes.get(types);
    if (!entry) {
      const wanted = new Set(types);
      entry = { wanted, candidates: active.filter((a) => [...a.types].some((t) => wanted.has(t))) };
      byTypes.set(types, entry);
    }
    return entry;
  }

  function select(text: string, scanOptions: ScanOptions): { ctx: ScanContext; chosen: Active[] } {
    const lower = text.toLowerCase();
    const ctx: ScanContext = {
      lower,
      language: scanOptions.language,
      source: scanOptions.source ?? 'trusted',
    };
    const candidates = scanOptions.types ? forTypes(scanOptions.types).candidates : active;
    const chosen = candidates.filter((a) => {
      const { languages, keywords } = a.descriptor;
      if (ctx.language && languages !== 'any' && !languages.includes(ctx.language)) return false;
      return keywords === undefined || keywords.some((k) => lower.includes(k));
    });
    return { ctx, chosen };
  }

  function finish(raw: Finding[], scanOptions: ScanOptions): Finding[] {
    const minScore = scanOptions.minScore ?? DEFAULT_MIN_SCORE;
    const wanted = scanOptions.types ? forTypes(scanOptions.types).wanted : undefined;
    const spans: Finding[] = [];
    const documents: Finding[] = [];
    for (const f of raw) {
      if (f.score < minScore || (wanted && !wanted.has(f.type))) continue;
      (scopeOf.get(f.recognizer) === 'document' ? documents : spans).push(f);
    }
    return documents.length === 0 ? resolveOverlaps(spans) : [...resolveOverlaps(spans), ...documents];
  }

  return {
    entities,
    descriptors: options.recognizers,
    scan(text, scanOptions = {}) {
      const { ctx, chosen } = select(text, scanOptions);
      const raw: Finding[] = [];
      for (const a of chosen) if (a.sync) raw.push(...tagged(a, a.sync.scan(text, ctx)));
      return finish(raw, scanOptions);
    },
    async scanAsync(text, scanOptions = {}) {
      const { ctx, chosen } = select(text, scanOptions);
      const raw: Finding[] = [];
      const pending: Promise<Finding[]>[] = [];
      for (const a of chosen) {
        if (a.sync) raw.push(...tagged(a, a.sync.scan(text, ctx)));
        else if (a.async)
          pending.push(a.async.scanAsync(text, ctx, scanOptions.signal).then((fs) => tagged(a, fs)));
      }
      for (const fs of await Promise.all(pending)) raw.push(...fs);
      return finish(raw, scanOptions);
    },
  };
}

/** Recognisers may emit several ids (sub-rules); overlap scope is looked up by the descriptor id. */
function tagged(a: Active, findings: Finding[]): Finding[] {
  for (const f of findings) if (f.recognizer !== a.descriptor.id) f.recognizer = a.descriptor.id;
  return findings;
}
