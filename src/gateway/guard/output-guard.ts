import { BulwarkError, type Finding } from '../../core/index.js';
import { findCanary } from '../../detect/injection/canary.js';
import { findExfiltrationLinks } from '../../detect/injection/exfiltration.js';
import { leakSimilarity } from '../../detect/injection/leak.js';
import type { EvaluateResult, FindingAction } from '../../policy/index.js';

export interface OutputGuardOptions {
  /** Scans a text; already bound to the scanner, the timeout and the fail-open policy. */
  scan: (text: string) => Promise<Finding[]>;
  /** Applies the output rules to findings. */
  decide: (findings: readonly Finding[]) => EvaluateResult;
  /** The request's canary, when one was planted. */
  canary?: string | undefined;
  /** Characters held back while streaming (at least the longest multi-word finding). */
  holdbackChars: number;
  /** The system prompt as sent (for leak similarity); undefined when there is none. */
  systemPrompt?: string | undefined;
  /** Share of the system prompt's 4-grams a response may reproduce before it is blocked; 0 disables. */
  leakThreshold?: number;
  /** Hosts links and images in responses may point to; others carrying data are findings. */
  linkHosts?: readonly string[];
}

// Below this many distinct 4-grams a system prompt is too short for containment to mean anything.
const MIN_PROMPT_GRAMS = 40;
// Streamed text between two leak checks (the check costs O(prompt + response)).
const LEAK_CHECK_EVERY = 256;
// Response text kept for the leak check; a prompt copy longer than this is caught earlier anyway.
const LEAK_MEMORY = 64 * 1024;

/** Scanner findings plus link-exfiltration findings (markdown/HTML images and links carrying data). */
async function findAll(options: OutputGuardOptions, text: string): Promise<Finding[]> {
  const findings = await options.scan(text);
  return [...findings, ...findExfiltrationLinks(text, { allowedHosts: options.linkHosts ?? [] })];
}

function leaks(options: OutputGuardOptions, response: string): boolean {
  const { systemPrompt, leakThreshold = 0 } = options;
  if (!systemPrompt || leakThreshold <= 0) return false;
  const result = leakSimilarity(response, systemPrompt);
  return result.promptGrams >= MIN_PROMPT_GRAMS && result.containment >= leakThreshold;
}

/** A sliding-window guard for one streamed text channel (a choice's content or a tool call's arguments). */
export interface StreamWindow {
  /** Adds model text; returns the text now safe to emit (possibly empty). Throws on block. */
  push(text: string): Promise<string>;
  /** End of stream: the final check on what is held; returns the rest. */
  flush(): Promise<string>;
}

// Scanner context kept from already-emitted text (context words like "password:").
const CONTEXT_CHARS = 48;
// A whitespace-free run longer than this is released anyway so memory stays bounded.
const MAX_TOKEN_HOLD = 16_384;
// New characters needed before the window is scanned again (each scan runs every output recogniser);
// text is only ever released right after a scan that covered it, so this trades latency for CPU.
const SCAN_EVERY = 32;

/** Throws when findings or the canary require blocking; returns the per-finding actions otherwise. */
function judge(options: OutputGuardOptions, text: string, findings: readonly Finding[]): FindingAction[] {
  if (options.canary && findCanary(text, options.canary)) throw new BulwarkError('CANARY_LEAKED');
  const result = options.decide(findings);
  if (result.actions.some((a) => a.action === 'block')) {
    throw new BulwarkError('SENSITIVE_OUTPUT_BLOCKED', {
      details: {
        types: [...new Set(result.actions.filter((a) => a.action === 'block').map((a) => a.finding.type))],
      },
    });
  }
  return result.actions;
}

/** Output spans are never tokenised for the client: anything not allowed is redacted. */
function redactSpans(text: string, offset: number, actions: readonly FindingAction[]): string {
  const spans = actions
    .filter((a) => a.action === 'redact' || a.action === 'tokenize')
    .map((a) => ({
      type: a.finding.type,
      start: Math.max(0, a.finding.start - offset),
      end: a.finding.end - offset,
    }))
    .filter((s) => s.end > 0 && s.start < text.length)
    .sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;
    out += text.slice(at, s.start) + `[${s.type}]`;
    at = Math.min(s.end, text.length);
  }
  return out + text.slice(at);
}

/** Checks a complete text (non-streamed output): throws on block, returns it with spans redacted. */
export async function guardText(options: OutputGuardOptions, text: string): Promise<string> {
  if (text === '') return text;
  if (leaks(options, text))
    throw new BulwarkError('CANARY_LEAKED', { details: { reasons: ['system_prompt_similarity'] } });
  const findings = await findAll(options, text);
  return redactSpans(text, 0, judge(options, text, findings));
}

/**
 * A window over a stream: text is released only up to a point no finding can straddle. The cut
 * keeps `holdbackChars` back, never splits a whitespace-free run (secrets and tokens are one), and
 * moves before any finding that reaches past it; so a secret arriving one character at a time is
 * held whole until it is recognised, then blocked before any of it is sent.
 */
export function createStreamWindow(options: OutputGuardOptions): StreamWindow {
  let tail = '';
  let pending = '';
  let closed = false;
  let seen = '';
  let unchecked = 0;
  let unscanned = 0;

  async function release(final: boolean): Promise<string> {
    if (pending === '') return '';
    // Nothing could be released yet: skip the scan (it runs before anything is released anyway).
    if (!final && (pending.length <= options.holdbackChars || unscanned < SCAN_EVERY)) return '';
    unscanned = 0;
    if (options.systemPrompt && (final || unchecked >= LEAK_CHECK_EVERY)) {
      unchecked = 0;
      if (leaks(options, seen))
        throw new BulwarkError('CANARY_LEAKED', { details: { reasons: ['system_prompt_similarity'] } });
    }
    const window = tail + pending;
    const findings = await findAll(options, window);
    const relevant = findings.filter((f) => f.end > tail.length);
    const actions = judge(options, window, relevant);
    let cut = final ? pending.length : pending.length - options.holdbackChars;
    if (cut <= 0) return '';
    if (!final) {
      const floor = Math.max(0, cut - MAX_TOKEN_HOLD);
      while (cut > floor && !/\s/.test(pending[cut - 1]!)) cut--;
      if (cut === floor && floor > 0) cut = pending.length - options.holdbackChars;
      for (const f of relevant) {
        const start = f.start - tail.length;
        if (start < cut && f.end - tail.length > cut) cut = Math.max(0, start);
      }
      if (cut <= 0) return '';
    }
    const raw = pending.slice(0, cut);
    const inCut = actions.filter((a) => a.finding.start - tail.length < cut);
    const out = redactSpans(raw, tail.length, inCut);
    tail = (tail + raw).slice(-CONTEXT_CHARS);
    pending = pending.slice(cut);
    return out;
  }

  return {
    async push(text) {
      if (closed) throw new Error('stream window already flushed');
      pending += text;
      unscanned += text.length;
      if (options.systemPrompt) {
        seen = (seen + text).slice(-LEAK_MEMORY);
        unchecked += text.length;
      }
      return release(false);
    },
    async flush() {
      closed = true;
      return release(true);
    },
  };
}
