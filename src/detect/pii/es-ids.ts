import { esNie, esNif } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { REFERENCE_WORDS } from './span-tools.js';

const CONTEXT = {
  positive: [
    'dni',
    'nif',
    'nie',
    'documento nacional',
    'identidad',
    'número de identificación',
    'extranjero',
    'tax id',
  ],
  negative: REFERENCE_WORDS,
};

/** Spanish DNI/NIF and foreigner NIE: the mod-23 control letter. */
export const esIdsRecognizer = definePatternRecognizer({
  id: 'pii.es-ids',
  entities: [
    {
      type: 'ES_NIF',
      category: 'national_id',
      level: 'restricted',
      context: CONTEXT,
      rules: [
        {
          pattern: /\b(?<!-)\d{7,8}-?[A-Za-z](?![\w-])/g,
          score: (raw) => (/[A-Z]$/.test(raw) ? 0.75 : 0.55),
          validate: esNif,
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'ES_NIE',
      category: 'national_id',
      level: 'restricted',
      context: CONTEXT,
      rules: [
        {
          pattern: /\b(?<!-)[XYZxyz]-?\d{7}-?[A-Za-z](?![\w-])/g,
          score: 0.8,
          validate: esNie,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
