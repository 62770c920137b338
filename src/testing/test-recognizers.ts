import { z } from 'zod';
import type { Finding } from '../core/index.js';
import { createScanner, type Scanner } from '../detect/engine.js';
import { defineRecognizer, type RecognizerDescriptor } from '../detect/recognizer.js';

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
// A made-up credential format so tests never carry strings shaped like real provider keys.
const TEST_SECRET = /\btsk_[a-z0-9]{24}\b/g;
const INJECTION = /ignore (?:all )?previous instructions/g;

function matches(pattern: RegExp, text: string, type: string, recognizer: string): Finding[] {
  return [...text.matchAll(pattern)].map((m) => ({
    type,
    start: m.index,
    end: m.index + m[0].length,
    score: 0.95,
    recognizer,
  }));
}

/**
 * Small, deterministic recognisers for gateway tests: EMAIL (contact), TEST_SECRET (secret) and a
 * PROMPT_INJECTION phrase. Gateway behaviour is tested against these so it does not move when the
 * real recognisers are tuned.
 */
export const testRecognizers: readonly RecognizerDescriptor[] = [
  defineRecognizer({
    id: 'test.email',
    entities: [{ type: 'EMAIL', category: 'contact', level: 'confidential' }],
    languages: 'any',
    scope: 'span',
    streaming: true,
    patterns: [EMAIL],
    options: z.object({}),
    mode: 'sync',
    create: () => ({ scan: (text) => matches(EMAIL, text, 'EMAIL', 'test.email') }),
  }),
  defineRecognizer({
    id: 'test.secret',
    entities: [{ type: 'TEST_SECRET', category: 'secret', level: 'restricted' }],
    languages: 'any',
    scope: 'span',
    streaming: true,
    keywords: ['tsk_'],
    patterns: [TEST_SECRET],
    options: z.object({}),
    mode: 'sync',
    create: () => ({ scan: (text) => matches(TEST_SECRET, text, 'TEST_SECRET', 'test.secret') }),
  }),
  defineRecognizer({
    id: 'test.injection',
    entities: [{ type: 'PROMPT_INJECTION', category: 'injection', level: 'internal' }],
    languages: 'any',
    scope: 'document',
    streaming: false,
    keywords: ['ignore'],
    patterns: [INJECTION],
    options: z.object({}),
    mode: 'sync',
    create: () => ({
      scan: (text, ctx) => matches(INJECTION, ctx.lower, 'PROMPT_INJECTION', 'test.injection'),
    }),
  }),
];

/** A scanner over the test recognisers. */
export function createTestScanner(): Scanner {
  return createScanner({ recognizers: testRecognizers });
}

/** A fresh fake credential in the TEST_SECRET format, built at test time. */
export function makeTestSecret(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  let out = 'tsk_';
  for (let i = 0; i < 24; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
