import type { z } from 'zod';
import type { Finding, Level } from '../core/index.js';

/** What kind of data an entity type is; classification defaults, policies and transforms read it. */
export const ENTITY_CATEGORIES = [
  'contact',
  'person',
  'location',
  'organization',
  'date',
  'network',
  'financial',
  'national_id',
  'health',
  'credential',
  'secret',
  'injection',
] as const;
export type EntityCategory = (typeof ENTITY_CATEGORIES)[number];

/** One entity type a recogniser can emit, with its default classification. */
export interface EntityDescriptor {
  type: string;
  category: EntityCategory;
  /** Default level for classification; a policy may override it. */
  level: Level;
}

/** Where the scanned text came from. Untrusted content (tool output, documents) gets stricter thresholds. */
export type TextSource = 'trusted' | 'untrusted';

/** Computed once per scan and shared by every recogniser. */
export interface ScanContext {
  /** `text.toLowerCase()`, for keyword prefilters. Same length and offsets as the text for ASCII input. */
  readonly lower: string;
  /** ISO 639-1 hint such as 'en', 'de'; undefined = unknown. */
  readonly language: string | undefined;
  readonly source: TextSource;
  /** Per-scan scratch space for work recognisers share (`memo` in pii/span-tools.ts); created on first use. */
  memo?: Map<string, unknown>;
}

export interface Recognizer {
  scan(text: string, ctx: ScanContext): Finding[];
}

export interface AsyncRecognizer {
  scanAsync(text: string, ctx: ScanContext, signal?: AbortSignal): Promise<Finding[]>;
}

interface DescriptorBase<O> {
  /** Stable id, e.g. 'pii.email', 'secret.aws-access-key', 'injection.classifier'. */
  id: string;
  entities: readonly EntityDescriptor[];
  /** ISO 639-1 codes the recogniser supports, or 'any'. */
  languages: readonly string[] | 'any';
  /** 'span' findings compete when they overlap; 'document' findings (e.g. injection) stand apart. */
  scope: 'span' | 'document';
  /** True when it gives the same findings on a sliding window as on the whole text. */
  streaming: boolean;
  /** Lower-case keywords; when given, the recogniser runs only if one occurs in the text. */
  keywords?: readonly string[];
  /** Every regex the recogniser runs, so one test can audit them all for ReDoS. */
  patterns?: readonly RegExp[];
  /** Off unless asked for by id or type (remote classifiers, slow taggers). */
  optIn?: boolean;
  /** Validates the options a config passes to `create`. */
  options: z.ZodType<O>;
}

export interface SyncRecognizerDescriptor<O = unknown> extends DescriptorBase<O> {
  mode: 'sync';
  create(options: O): Recognizer;
}

export interface AsyncRecognizerDescriptor<O = unknown> extends DescriptorBase<O> {
  mode: 'async';
  create(options: O): AsyncRecognizer;
}

export type RecognizerDescriptor<O = unknown> = SyncRecognizerDescriptor<O> | AsyncRecognizerDescriptor<O>;

/** Identity helper that keeps the options type when declaring a descriptor. */
export function defineRecognizer<O>(descriptor: SyncRecognizerDescriptor<O>): SyncRecognizerDescriptor<O>;
export function defineRecognizer<O>(descriptor: AsyncRecognizerDescriptor<O>): AsyncRecognizerDescriptor<O>;
export function defineRecognizer<O>(descriptor: RecognizerDescriptor<O>): RecognizerDescriptor<O> {
  return descriptor;
}
