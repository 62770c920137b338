import { useState } from 'react';
import { api } from '../api.ts';
import { Badge, ErrorText, Notice, PageTitle, can, formatTime, messageOf, useLoad } from '../ui.tsx';

interface Alert {
  id: string;
  detector: string;
  severity: string;
  subjectKind: string;
  subjectId: string;
  summary: string;
  evidence: Record<string, number | string | boolean>;
  status: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}
interface NamedKey {
  id: string;
  name: string;
  tenant: string;
  principal: string;
  role: string;
  suspendedAt?: string;
  revokedAt?: string;
}

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export function AlertsPage({ permissions }: { permissions: string[] }) {
  const [status, setStatus] = useState('');
  const [severity, setSeverity] = useState('');
  const q = new URLSearchParams();
  if (status) q.set('status', status);
  if (severity) q.set('severity', severity);
  const { data, error, reload } = useLoad(
    () => api<{ data: Alert[] }>('GET', `/alerts?${q}`),
    [status, severity],
  );
  const manage = can(permissions, 'alerts:manage');
  const [open, setOpen] = useState<string | null>(null);
  const [actionError, setActionError] = useState('');
  const [notice, setNotice] = useState('');
  const ack = async (a: Alert) => {
    setActionError('');
    try {
      await api('POST', `/alerts/${encodeURIComponent(a.id)}/ack`, {});
      setNotice(`Acknowledged: ${a.summary}`);
      reload();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Alerts</PageTitle>
      <div className="row filters-inline" role="group" aria-label="Filter alerts">
        <label className="inline">
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Open and acknowledged</option>
            <option value="open">Open</option>
            <option value="acknowledged">Acknowledged</option>
            <option value="resolved">Resolved</option>
          </select>
        </label>
        <label className="inline">
          Severity
          <select value={severity} onChange={(e) => setSeverity(e.target.value)}>
            <option value="">Any</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorText message={error || actionError} />
      <Notice message={notice} />
      {data && data.data.length === 0 && <p className="muted">No alerts match.</p>}
      <ul className="alert-list">
        {data?.data.map((a) => (
          <li key={a.id} className={`alert-item status-${a.status}`}>
            <div className="row spread">
              <div>
                <Badge tone={a.severity}>{a.severity}</Badge> <strong>{a.summary}</strong>
                <div className="muted">
                  {a.detector} · {a.subjectKind} <span className="mono">{a.subjectId}</span> · {a.count}{' '}
                  signal
                  {a.count === 1 ? '' : 's'} · last {formatTime(a.lastSeen)}
                </div>
                <div className="muted">
                  {a.status === 'acknowledged'
                    ? `Acknowledged by ${a.acknowledgedBy ?? '?'} at ${formatTime(a.acknowledgedAt)}`
                    : a.status}
                </div>
              </div>
              <div className="row">
                <button
                  type="button"
                  className="secondary"
                  aria-expanded={open === a.id}
                  onClick={() => setOpen(open === a.id ? null : a.id)}
                >
                  {open === a.id ? 'Hide keys' : 'Keys'}
                </button>
                {manage && a.status === 'open' && (
                  <button type="button" onClick={() => void ack(a)} aria-label={`Acknowledge: ${a.summary}`}>
                    Acknowledge
                  </button>
                )}
              </div>
            </div>
            {Object.keys(a.evidence).length > 0 && (
              <dl className="evidence">
                {Object.entries(a.evidence).map(([k, v]) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd>{String(v)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {open === a.id && <AlertKeys alert={a} manage={manage} onDone={setNotice} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function AlertKeys({
  alert,
  manage,
  onDone,
}: {
  alert: Alert;
  manage: boolean;
  onDone: (m: string) => void;
}) {
  const { data, error, reload } = useLoad(
    () => api<{ data: NamedKey[] }>('GET', `/alerts/${encodeURIComponent(alert.id)}/keys`),
    [alert.id],
  );
  const [actionError, setActionError] = useState('');
  const act = async (k: NamedKey, what: 'suspend-key' | 'reinstate-key') => {
    setActionError('');
    try {
      await api('POST', `/alerts/${encodeURIComponent(alert.id)}/${what}`, { keyId: k.id });
      onDone(`Key ${k.name} ${what === 'suspend-key' ? 'suspended' : 'reinstated'}.`);
      reload();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };
  return (
    <div className="alert-keys">
      <ErrorText message={error || actionError} />
      {data && data.data.length === 0 && <p className="muted">This alert names no key you can act on.</p>}
      <ul className="plain">
        {data?.data.map((k) => (
          <li key={k.id} className="row">
            <span>
              {k.name} <span className="mono">{k.id}</span> ({k.role}, {k.tenant}){' '}
              {k.revokedAt ? (
                <Badge tone="muted">revoked</Badge>
              ) : k.suspendedAt ? (
                <Badge tone="high">suspended</Badge>
              ) : (
                <Badge tone="ok">active</Badge>
              )}
            </span>
            {manage &&
              !k.revokedAt &&
              (k.suspendedAt ? (
                <button type="button" className="secondary" onClick={() => void act(k, 'reinstate-key')}>
                  Reinstate key
                </button>
              ) : (
                <button type="button" className="danger" onClick={() => void act(k, 'suspend-key')}>
                  Suspend key
                </button>
              ))}
          </li>
        ))}
      </ul>
    </div>
  );
}
