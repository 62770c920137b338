// @ts-check
// Generates synthetic training rows (train.jsonl) and a separate hold-out set (holdout.jsonl) of the
// kinds the shared dataset lacks: long documents, e-mails, support threads, code, tool output,
// summaries and translations of ordinary text, harmless role-play, non-English benign text, and
// documents with planted instructions. Templates are split: every fourth one is used only for the
// hold-out set, so hold-out rows never share a template with training rows.
// Run: node training/injection/generate.mjs  (deterministic: fixed seeds)
import { writeFileSync } from 'node:fs';
import * as P from './phrases.mjs';

/** @param {number} seed */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * @param {'train' | 'holdout'} split
 * @param {number} seed
 */
function generator(split, seed) {
  const random = mulberry32(seed);
  /** @template T @param {readonly T[]} list @returns {T[]} */
  const part = (list) => list.filter((_, i) => (i % 4 === 3) === (split === 'holdout'));
  /** @template T @param {readonly T[]} list @returns {T} */
  const pick = (list) => /** @type {T} */ (list[Math.floor(random() * list.length)]);
  const int = (/** @type {number} */ lo, /** @type {number} */ hi) =>
    lo + Math.floor(random() * (hi - lo + 1));
  const hosts =
    split === 'train'
      ? ['collect-data.net', 'promo-rewards.io', 'stats-cdn.xyz']
      : ['img-track.org', 'free-gifts.site'];
  /** @param {string} s */
  const fill = (s) =>
    s
      .replaceAll('{name2}', pick(P.names))
      .replaceAll('{name}', pick(P.names))
      .replaceAll('{company}', pick(P.companies))
      .replaceAll('{product}', pick(P.products))
      .replaceAll('{topic}', pick(P.topics))
      .replaceAll('{slug}', pick(P.topics).replaceAll(' ', '_'))
      .replaceAll('{day}', pick(P.days))
      .replaceAll('{city}', pick(P.cities))
      .replaceAll('{host}', pick(hosts))
      .replaceAll('{data}', '{conversation}');
  const sentences = part(P.sentences);
  const paragraphs = part(P.paragraphs);
  const code = part(P.codeSnippets);
  const tools = part(P.toolOutputs);
  const requests = part(P.requests);
  const roleplay = part(P.roleplay);
  const security = part(P.security);
  const planted = part(P.plantedInstructions);
  const direct = part(P.directAttacks);
  const langs = Object.fromEntries(Object.entries(P.multilingual).map(([k, v]) => [k, part(v)]));

  const email = () => {
    const body = Array.from({ length: int(2, 6) }, () => fill(pick(sentences))).join(' ');
    const from = pick(P.names);
    if (random() < 0.5) {
      return `SUBJECT: ${fill(pick(['Update on {product}', 'Meeting on {day}', 'Your order', 'Quarterly numbers', 'Re: invoice question']))}|EMAIL_FROM: ${from} <${from.split(' ')[0]?.toLowerCase()}@example.com>|RECEIVED DATE: ${pick(P.days)}, ${int(1, 28)} Mar 2024 ${int(8, 18)}:${int(10, 59)}:00 +0000|CONTENT: \n\nHi ${pick(P.names).split(' ')[0]},\n\n${body}\n\nBest regards,\n${from}\n${pick(P.companies)}`;
    }
    return `Hi ${pick(P.names).split(' ')[0]},\n\n${body}\n\nThanks,\n${from}`;
  };
  const thread = () => {
    const start = 2 * int(0, 5);
    const turns = [];
    for (let k = 0; k < int(2, 6); k++) {
      const [who, what] = /** @type {[string, string]} */ (
        P.supportTurns[(start + k) % P.supportTurns.length]
      );
      turns.push(`${who}: ${fill(what)}`);
    }
    return turns.join('\n');
  };
  const codeDoc = () => {
    const snippet = pick(code);
    const q = pick(P.codeQuestions);
    return random() < 0.5 ? `${q}\n\n\`\`\`\n${snippet}\`\`\`` : `${snippet}\n${q}`;
  };
  const table = () => {
    const rows = [`| City | Year | Visitors | Growth |`, `|---|---|---|---|`];
    for (let k = 0; k < int(4, 18); k++)
      rows.push(`| ${pick(P.cities)} | ${int(1990, 2024)} | ${int(1000, 90000)} | ${int(-5, 30)}% |`);
    return rows.join('\n');
  };
  const longDoc = () => {
    const title = fill(`# Notes on {topic}`);
    const paras = Array.from({ length: int(3, 8) }, () => fill(pick(paragraphs)));
    return random() < 0.3
      ? `${title}\n\n${paras.join('\n\n')}\n\n${table()}`
      : `${title}\n\n${paras.join('\n\n')}`;
  };
  const toolOut = () => Array.from({ length: int(1, 2) }, () => fill(pick(tools))).join('\n');
  const multi = () => {
    const lang = pick(Object.keys(langs));
    const list = langs[lang] ?? [];
    return { text: Array.from({ length: int(1, 3) }, () => pick(list)).join(' '), lang };
  };
  const request = () =>
    fill(pick(requests)).replace('{doc}', random() < 0.5 ? email() : longDoc().slice(0, int(300, 1500)));

  /** @type {Record<string, () => string>} */
  const benign = {
    email,
    support_thread: thread,
    code: codeDoc,
    tool_output: toolOut,
    long_document: longDoc,
    table,
    summary_translation: request,
    roleplay: () => fill(pick(roleplay)),
    security_discussion: () => fill(pick(security)),
  };
  /** @param {string} doc @param {string} instruction */
  const insert = (doc, instruction) => {
    const where = random();
    if (where < 0.33) return `${instruction}\n${doc}`;
    if (where > 0.66) return `${doc}\n${instruction}`;
    const lines = doc.split('\n');
    const at = int(1, Math.max(1, lines.length - 1));
    return [...lines.slice(0, at), instruction, ...lines.slice(at)].join('\n');
  };
  const carriers = {
    email,
    tool_output: toolOut,
    long_document: longDoc,
    table,
    code: codeDoc,
    support_thread: thread,
  };
  return { benign, multi, insert, carriers, planted, direct, pick, fill, random };
}

/**
 * @param {'train' | 'holdout'} split
 * @param {number} seed
 * @param {number} perKind
 */
function build(split, seed, perKind) {
  const g = generator(split, seed);
  /** @type {object[]} */
  const rows = [];
  const source = 'bulwark synthetic (training/injection/generate.mjs)';
  const seen = new Set();
  /** @param {string} text @param {0 | 1} label @param {string} category @param {string} lang */
  const add = (text, label, category, lang = 'en') => {
    if (seen.has(text)) return;
    seen.add(text);
    rows.push({ text, label, category, source, lang, split });
  };
  for (const [kind, make] of Object.entries(g.benign))
    for (let k = 0; k < perKind; k++) add(make(), 0, `synthetic_benign_${kind}`);
  for (let k = 0; k < perKind * 4; k++) {
    const { text, lang } = g.multi();
    add(text, 0, 'synthetic_benign_non_english', lang);
  }
  for (const [kind, make] of Object.entries(g.carriers))
    for (let k = 0; k < Math.round(perKind / 2); k++)
      add(g.insert(make(), g.fill(g.pick(g.planted))), 1, `synthetic_injected_${kind}`);
  for (let k = 0; k < perKind; k++) {
    const attack = g.fill(g.pick(g.direct));
    const wrap = g.random();
    add(
      wrap < 0.5
        ? attack
        : `${g.fill(g.pick(['Quick question.', 'Hello!', 'I need help with {topic}.']))} ${attack}`,
      1,
      'synthetic_direct',
    );
  }
  return rows;
}

const toJsonl = (/** @type {object[]} */ rows) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const dir = new URL('.', import.meta.url);
writeFileSync(new URL('train.jsonl', dir), toJsonl(build('train', 1, 160)));
writeFileSync(new URL('holdout.jsonl', dir), toJsonl(build('holdout', 2, 60)));
