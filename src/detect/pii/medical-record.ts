import { definePatternRecognizer } from './pattern-recognizer.js';

const MRN_WORDS = [
  'mrn', 'medical record', 'medical record number', 'patient id', 'patient number', 'patient no', 'chart number',
  'chart', 'hospital number', 'health record', 'patientennummer', 'patienten-id', 'fallnummer', 'krankenakte',
  'dossier médical', 'numéro de dossier', 'numéro patient', 'historia clínica', 'número de historia', 'expediente',
]; // prettier-ignore

/** Medical record numbers: no standard format, so only an identifier right next to MRN words counts. */
export const medicalRecordRecognizer = definePatternRecognizer({
  id: 'pii.medical-record',
  window: { before: 32, after: 0 },
  entities: [
    {
      type: 'MEDICAL_RECORD_NUMBER',
      category: 'health',
      level: 'restricted',
      requireContext: true,
      context: { positive: MRN_WORDS },
      rules: [{ pattern: /\b(?<!-)(?:[A-Z]{1,3}-?)?\d{5,10}(?![\w-]|[.,]\d)/g, score: 0.3 }],
    },
  ],
});
