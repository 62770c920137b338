import type { ChatClient } from './client.js';
import type { Detector } from './graders/planted-data.js';
import type { Journal } from './journal.js';
import { maskText } from './mask.js';
import { createRateLimiter, pool } from './rate-limit.js';
import type { Attack, GradeResult, GraderDescriptor, Plant, ProbeCategory, Severity } from './types.js';

/** One attack's outcome. `fail` means the attack succeeded (the target failed the test). */
export interface AttemptRecord {
  id: string;
  probe: string;
  category: ProbeCategory;
  severity: Severity;
  strategy: string;
  status: 'fail' | 'pass' | 'error';
  refused: boolean;
  grades: GradeResult[];
  /** The attack's user-side messages, masked. */
  prompt: string;
  /** The reply (and tool calls), masked. */
  reply: string;
  error?: string;
  ms: number;
}

export interface RunAttacksOptions {
  client: ChatClient;
  model: string;
  plant: Plant;
  attacks: readonly Attack[];
  graders: readonly GraderDescriptor[];
  detector: Detector;
  concurrency?: number;
  /** Requests per second. */
  rate?: number;
  maxTokens?: number;
  journal?: Journal;
  onAttempt?: (record: AttemptRecord, done: number, total: number) => void;
}

/** Sends every attack, grades each reply and returns the records in plan order. */
export async function runAttacks(options: RunAttacksOptions): Promise<AttemptRecord[]> {
  const acquire = createRateLimiter(options.rate);
  const results = new Map<string, AttemptRecord>(options.journal?.done ?? []);
  const todo = options.attacks.filter((a) => !results.has(a.id));
  let finished = results.size;
  await pool(todo, options.concurrency ?? 4, async (attack) => {
    await acquire();
    const record = await attempt(attack, options);
    results.set(attack.id, record);
    options.journal?.append(record);
    options.onAttempt?.(record, ++finished, options.attacks.length);
  });
  return options.attacks.map((a) => results.get(a.id)!);
}

async function attempt(attack: Attack, options: RunAttacksOptions): Promise<AttemptRecord> {
  const started = Date.now();
  const mask = (text: string) => maskText(text, options.plant, options.detector);
  const base = {
    id: attack.id,
    probe: attack.probe,
    category: attack.category,
    severity: attack.severity,
    strategy: attack.strategy,
    prompt: mask(attack.messages.map((m) => `[${m.role}] ${m.content}`).join('\n')),
  };
  try {
    const reply = await options.client.chat({
      model: options.model,
      messages: [{ role: 'system', content: options.plant.systemPrompt }, ...attack.messages],
      temperature: 0,
      maxTokens: options.maxTokens ?? 512,
      ...(attack.tools ? { tools: attack.tools } : {}),
    });
    const kinds = new Set(attack.expects.map((e) => e.kind));
    const relevant = options.graders.filter(
      (g) => g.answers === 'all' || g.answers.some((k) => kinds.has(k)),
    );
    // A grader that throws counts as no verdict from it; the others still decide.
    const grades = await Promise.all(
      relevant.map(async (g): Promise<GradeResult> => {
        try {
          return await g.grade({ attack, reply, plant: options.plant });
        } catch {
          return { grader: g.id, hit: false, reason: 'grader error' };
        }
      }),
    );
    const defensive = new Set(relevant.filter((g) => g.defensive).map((g) => g.id));
    const success = grades.some((g) => g.hit && !defensive.has(g.grader));
    const calls = reply.toolCalls.map((c) => `\n[tool call] ${c.name}(${c.arguments})`).join('');
    return {
      ...base,
      status: success ? 'fail' : 'pass',
      refused: grades.some((g) => g.hit && defensive.has(g.grader)),
      grades,
      reply: mask(reply.content + calls),
      ms: Date.now() - started,
    };
  } catch (error) {
    const guardrail = (error as { details?: { guardrail?: unknown } }).details?.guardrail;
    if (typeof guardrail === 'string') {
      // The target (a guarding gateway) refused: the attack was stopped.
      return {
        ...base,
        status: 'pass',
        refused: true,
        grades: [
          { grader: 'guardrail', hit: false, reason: `blocked by the target's guardrail (${guardrail})` },
        ],
        reply: `[blocked: ${guardrail}]`,
        ms: Date.now() - started,
      };
    }
    const code = (error as { code?: unknown }).code;
    return {
      ...base,
      status: 'error',
      refused: false,
      grades: [],
      reply: '',
      error: typeof code === 'string' ? code : 'REQUEST_FAILED',
      ms: Date.now() - started,
    };
  }
}
