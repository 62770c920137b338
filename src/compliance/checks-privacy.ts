import { byCount, item, type Check } from './check-types.js';
import { piiMasking } from './checks-data.js';

/** Only what the purpose needs leaves or stays: masked prompts, digests in the log, no content in traces. */
export const minimisation: Check = {
  id: 'minimisation',
  title: 'Data is minimised',
  run(e) {
    const capture = e.config.monitoring.tracing.enabled && e.config.monitoring.tracing.captureContent;
    const masked = piiMasking.run(e).status === 'met';
    const conv = e.config.conversations;
    const held = [masked, !capture].filter(Boolean).length;
    return {
      status: byCount(held, 2),
      summary:
        held === 2
          ? 'Providers receive masked prompts; the audit log and traces keep no message content.'
          : [
              !masked ? 'personal data reaches providers unmasked' : '',
              capture ? 'traces capture message content' : '',
            ]
              .filter(Boolean)
              .join('; ') + '.',
      evidence: [
        item('personal data masked on input', masked),
        item('monitoring.tracing.captureContent', capture),
        item('audit records', 'keyed digests only (no prompt or response text)'),
        item(
          'conversations',
          conv.enabled ? `kept server-side, idle expiry ${conv.ttlSeconds} s` : 'not kept',
        ),
      ],
    };
  },
};

const ERASURE_BOUND_DAYS = 30;

/**
 * Erasure reaches everything: conversations and the subject's data key go at once (`bulwark erase`);
 * transcripts sit under per-day tenant keys, so they are bounded by their retention instead.
 */
export const erasure: Check = {
  id: 'erasure',
  title: 'Personal data can be erased on request',
  run(e) {
    const r = e.config.retention;
    const bounded = [r.transcriptDays, r.conversationDays].filter((d) => d <= ERASURE_BOUND_DAYS).length;
    return {
      status: byCount(bounded, 2),
      summary:
        bounded === 2
          ? `bulwark erase deletes conversations and shreds the subject's key; transcripts and idle conversations are gone within ${ERASURE_BOUND_DAYS} days.`
          : `Transcripts or conversations outlive erasure requests by more than ${ERASURE_BOUND_DAYS} days (retention).`,
      evidence: [
        item('retention.transcriptDays', r.transcriptDays),
        item('retention.conversationDays', r.conversationDays),
        item('erasures performed (window)', e.activity.erasures),
        item('audit records', 'principal ids and digests only; kept for retention.auditDays'),
      ],
    };
  },
};

/** The Art. 30 record can be generated: a controller, a contact and each recipient's region are configured. */
export const processingRecord: Check = {
  id: 'processing-record',
  title: 'Processing activities are recorded (Art. 30)',
  run(e) {
    const p = e.config.compliance.processing;
    const ups = Object.entries(e.config.upstreams);
    const parts: [string, boolean][] = [
      ['compliance.processing.controller', p.controller !== undefined],
      ['compliance.processing.contact', p.contact !== undefined],
      ...ups.map(([name, u]): [string, boolean] => [`upstreams.${name}.region`, u.region !== undefined]),
    ];
    const held = parts.filter(([, ok]) => ok).length;
    return {
      status: byCount(held, parts.length),
      summary:
        held === parts.length
          ? 'bulwark report processing generates the record with controller, contact and recipient regions.'
          : `Missing for the record: ${parts
              .filter(([, ok]) => !ok)
              .map(([k]) => k)
              .join(', ')}.`,
      evidence: parts.map(([k, ok]) => item(k, ok ? 'set' : 'missing')),
    };
  },
};
