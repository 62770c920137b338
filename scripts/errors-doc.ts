// Prints docs/errors.md from the catalog: `node scripts/errors-doc.ts > docs/errors.md`.
import { ERRORS } from '../src/core/errors.ts';

const lines = [
  '# Error catalog',
  '',
  'Every error a client sees has this wire format (OpenAI-compatible):',
  '`{ "error": { "message", "type", "code", "request_id" } }`. Messages never echo submitted values.',
  'This table is checked against `src/core/errors.ts` by `src/core/errors.test.ts`.',
  '',
  '| code | status | type | message |',
  '| --- | --- | --- | --- |',
  ...Object.entries(ERRORS).map(([code, e]) => `| ${code} | ${e.status} | ${e.type} | ${e.message} |`),
];
console.log(lines.join('\n'));
