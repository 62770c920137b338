import type { Action } from '../core/index.js';
import { byCount, item, type Check } from './check-types.js';

/** Detector categories that carry personal data (docs/configuration.md, `policy`). */
export const PERSONAL_CATEGORIES = [
  'contact',
  'person',
  'location',
  'financial',
  'national_id',
  'health',
] as const;
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/;

/** Encryption at rest: data keys wrapped by one current root key, and where that root key lives. */
export const encryption: Check = {
  id: 'encryption',
  title: 'Stored data is encrypted',
  run(e) {
    const { dataKeys, rootKeyIds, rootKeySource } = e.encryption;
    const problems = [
      ...(rootKeyIds.length > 1
        ? ['data keys are wrapped by more than one root key (rotation unfinished)']
        : []),
      ...(rootKeySource === 'data-dir'
        ? ['the root key file sits in the data directory, next to the data']
        : []),
    ];
    return {
      status: problems.length === 0 ? 'met' : 'partial',
      summary:
        problems.length === 0
          ? 'Conversations, transcripts and MFA secrets are sealed (AES-256-GCM) under data keys wrapped by a root key kept apart from the data.'
          : `Data is sealed, but ${problems.join(' and ')}.`,
      evidence: [
        item('storage backend', e.backend),
        item('root key source', rootKeySource),
        item('data keys', dataKeys),
        item('root key ids', rootKeyIds.join(', ') || 'none yet'),
        item('audit records', 'keyed digests of prompts and responses; transcripts encrypted'),
      ],
    };
  },
};

/** Upstream connections: TLS, unless the provider is on this machine. */
export const transmission: Check = {
  id: 'transmission',
  title: 'Data in transit to providers is protected',
  run(e) {
    const ups = Object.entries(e.config.upstreams).map(([name, u]) => {
      const url = new URL(u.baseUrl);
      return {
        name,
        ok: url.protocol === 'https:' || LOOPBACK.test(url.hostname),
        scheme: url.protocol.slice(0, -1),
        host: url.hostname,
      };
    });
    const held = ups.filter((u) => u.ok).length;
    return {
      status: byCount(held, ups.length),
      summary:
        held === ups.length
          ? 'Every upstream is reached over HTTPS (or on this machine).'
          : `${ups.length - held} upstreams are reached over plain HTTP across the network.`,
      evidence: [
        ...ups.map((u) =>
          item(`upstream ${u.name}`, `${u.scheme}://${u.host}${u.ok ? '' : ' (unencrypted)'}`),
        ),
        item(
          'gateway listens on',
          `${e.config.server.host}:${e.config.server.port} (terminate TLS in front when not loopback)`,
        ),
      ],
    };
  },
};

const masks = (a: Action | undefined) => a !== undefined && a !== 'allow';

/** Personal data is masked before a provider sees it, in the base policy and every route override. */
export const piiMasking: Check = {
  id: 'pii-masking',
  title: 'Personal data is masked before it reaches a provider',
  run(e) {
    const input = e.config.policy.input;
    const actions = PERSONAL_CATEGORIES.map((c) => [c, input.categories[c] ?? input.default] as const);
    const held = actions.filter(([, a]) => masks(a)).length;
    const exceptions = [
      ...Object.entries(input.types)
        .filter(([, a]) => a === 'allow')
        .map(([t]) => `type ${t} allowed`),
      ...e.config.policy.routes.flatMap((r) =>
        PERSONAL_CATEGORIES.filter((c) => (r.input?.categories?.[c] ?? r.input?.default) === 'allow').map(
          (c) => `${c} allowed for models ${r.models.join(', ')}`,
        ),
      ),
    ];
    const status = byCount(held, actions.length);
    return {
      status: status === 'met' && exceptions.length > 0 ? 'partial' : status,
      summary:
        held === actions.length && exceptions.length === 0
          ? 'Every personal-data category is masked, tokenised, routed or blocked on the way in.'
          : `Personal data reaches providers unmasked: ${[...actions.filter(([, a]) => !masks(a)).map(([c]) => c), ...exceptions].join('; ')}.`,
      evidence: [
        ...actions.map(([c, a]) => item(`policy.input.categories.${c}`, a)),
        item('exceptions', exceptions.join('; ') || 'none'),
      ],
    };
  },
};

/** Secrets, exfiltration links and system-prompt leaks are stopped in model output. */
export const outputBlocking: Check = {
  id: 'output-blocking',
  title: 'Sensitive model output is blocked',
  run(e) {
    const p = e.config.policy;
    const out = p.output;
    const safeguards: [string, boolean, string][] = [
      [
        'policy.output.categories.secret',
        masks(out.categories.secret ?? out.default),
        out.categories.secret ?? out.default,
      ],
      [
        'policy.output.categories.credential',
        masks(out.categories.credential ?? out.default),
        out.categories.credential ?? out.default,
      ],
      [
        'policy.output.types.MARKDOWN_EXFILTRATION',
        masks(out.types.MARKDOWN_EXFILTRATION ?? out.default),
        out.types.MARKDOWN_EXFILTRATION ?? out.default,
      ],
      ['policy.canary', p.canary && p.routes.every((r) => r.canary !== false), String(p.canary)],
      ['policy.output.leakThreshold', out.leakThreshold > 0, String(out.leakThreshold)],
    ];
    const held = safeguards.filter(([, ok]) => ok);
    return {
      status: byCount(held.length, safeguards.length),
      summary:
        held.length === safeguards.length
          ? 'Secrets and credentials in output are blocked, exfiltration links cut, and prompt leaks caught.'
          : `Off: ${safeguards
              .filter(([, ok]) => !ok)
              .map(([k]) => k)
              .join(', ')}.`,
      evidence: safeguards.map(([k, ok, v]) => item(k, `${v}${ok ? '' : ' (off)'}`)),
    };
  },
};

/** Prompt injection is refused at the boundary. */
export const injectionBlocking: Check = {
  id: 'injection-blocking',
  title: 'Prompt injection is blocked at the boundary',
  run(e) {
    const input = e.config.policy.input;
    const base = input.categories.injection ?? input.default;
    const routes = e.config.policy.routes.filter(
      (r) => (r.input?.categories?.injection ?? 'block') !== 'block',
    );
    const status =
      base !== 'block' ? (masks(base) ? 'partial' : 'not met') : routes.length > 0 ? 'partial' : 'met';
    return {
      status,
      summary:
        status === 'met'
          ? 'Injection findings refuse the request on every route.'
          : `Injection is ${base === 'block' ? 'not blocked on some routes' : `handled as ${base}`}.`,
      evidence: [
        item('policy.input.categories.injection', base),
        item('routes overriding it', routes.map((r) => r.models.join(', ')).join('; ') || 'none'),
        item('allowed private hosts (SSRF guard exceptions)', e.config.allowedHosts.join(', ') || 'none'),
      ],
    };
  },
};
