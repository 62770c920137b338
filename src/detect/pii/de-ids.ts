import { deIdCard, deTaxId } from './checksums.js';
import { definePatternRecognizer } from './pattern-recognizer.js';
import { REFERENCE_WORDS } from './span-tools.js';

/** German tax id (Steuer-IdNr) and identity card serial, both check-digit validated. */
export const deIdsRecognizer = definePatternRecognizer({
  id: 'pii.de-ids',
  entities: [
    {
      type: 'DE_TAX_ID',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: [
          'steuer-id',
          'steuerid',
          'steuer',
          'steueridentifikationsnummer',
          'identifikationsnummer',
          'idnr',
          'tin',
          'tax id',
          'tax',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)[1-9]\d(?: ?\d{3}){3}(?![\w-]|[.,]\d)/g,
          score: 0.5,
          validate: deTaxId,
          evidence: 'checksum',
        },
      ],
    },
    {
      type: 'DE_ID_CARD',
      category: 'national_id',
      level: 'restricted',
      context: {
        positive: [
          'personalausweis',
          'ausweis',
          'ausweisnummer',
          'id card',
          'identity card',
          'carte d’identité',
          'documento',
        ],
        negative: REFERENCE_WORDS,
      },
      rules: [
        {
          pattern: /\b(?<!-)[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\d(?![\w-])/g,
          score: 0.4,
          validate: deIdCard,
          evidence: 'checksum',
        },
      ],
    },
  ],
});
