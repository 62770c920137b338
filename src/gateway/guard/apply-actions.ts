import type { FindingAction } from '../../policy/index.js';
import type { TokenVault } from './token-vault.js';

/**
 * Rewrites a text by its per-finding actions: `redact` → `[TYPE]`, `tokenize` → a vault placeholder.
 * `allow` and `route` leave the span; `block` is decided before this runs. Overlaps keep the first.
 */
export function applyActions(text: string, actions: readonly FindingAction[], vault: TokenVault): string {
  const edits = actions
    .filter((a) => a.action === 'redact' || a.action === 'tokenize')
    .sort((a, b) => a.finding.start - b.finding.start);
  let out = '';
  let at = 0;
  for (const { finding, action, level } of edits) {
    const start = Math.max(finding.start, 0);
    const end = Math.min(finding.end, text.length);
    if (start < at || end <= start) continue;
    out += text.slice(at, start);
    out +=
      action === 'redact' ? `[${finding.type}]` : vault.tokenize(finding.type, text.slice(start, end), level);
    at = end;
  }
  return out + text.slice(at);
}
