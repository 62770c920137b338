import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { Badge, ErrorText, Notice, PageTitle, can, formatTime, messageOf } from '../ui.tsx';

export interface AuditRow {
  seq: number;
  id: string;
  time: string;
  kind: string;
  tenant?: string;
  principal?: string;
  role?: string;
  route?: string;
  model?: string;
  upstream?: string;
  status?: number;
  levelIn?: string;
  findings?: Record<string, number>;
  decision?: { action: string; reasons: string[] };
  tokens?: { prompt?: number; completion?: number };
  latencyMs?: number;
  upstreamMs?: number;
  action?: string;
  target?: string;
  outcome?: string;
  sourceAddress?: string;
  promptDigest?: string;
  responseDigest?: string;
  hasTranscript?: boolean;
}
interface Detail {
  record: AuditRow;
  leafHash: string;
  leafMatches: boolean;
  proof?: { seq: number; treeSize: number; rootHash: string; path: string[]; valid: boolean };
  proofProblem?: string;
  latestCheckpoint: {
    treeSize: number;
    rootHash: string;
    time: string;
    keyId: string;
    signatureValid?: boolean;
  } | null;
  logSize: number;
  verified: boolean;
}

const FIELDS = ['from', 'to', 'principal', 'model', 'decision', 'level', 'kind'] as const;
type Filter = Record<(typeof FIELDS)[number], string>;
const EMPTY: Filter = { from: '', to: '', principal: '', model: '', decision: '', level: '', kind: '' };

function query(f: Filter): URLSearchParams {
  const q = new URLSearchParams();
  for (const k of FIELDS) {
    const v = f[k].trim();
    if (!v) continue;
    // datetime-local is local time without a zone; the API takes ISO instants.
    q.set(k, k === 'from' || k === 'to' ? new Date(v).toISOString() : v);
  }
  return q;
}

const tone = (action?: string) =>
  action === 'block' ? 'high' : action === 'allow' || !action ? 'ok' : 'medium';

export function AuditPage({ permissions }: { permissions: string[] }) {
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const [applied, setApplied] = useState<Filter | null>(null);
  const [rows, setRows] = useState<AuditRow[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [scanned, setScanned] = useState(0);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [detail, setDetail] = useState<Detail | null>(null);

  const run = async (f: Filter, more?: string) => {
    setBusy(true);
    setError('');
    try {
      const q = query(f);
      if (more) q.set('cursor', more);
      const r = await api<{ data: AuditRow[]; nextCursor?: string; scanned: number }>('GET', `/audit?${q}`);
      setRows((old) => (more ? [...old, ...r.data] : r.data));
      setCursor(r.nextCursor);
      setScanned((s) => (more ? s + r.scanned : r.scanned));
      setApplied(f);
    } catch (e) {
      setError(e instanceof ApiError && e.details ? `${e.message} (${fieldsOf(e.details)})` : messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run(filter);
  };
  const set = (k: keyof Filter) => (e: { target: { value: string } }) =>
    setFilter({ ...filter, [k]: e.target.value });
  const exportQ = applied ? query(applied) : new URLSearchParams();

  useEffect(() => {
    void run(EMPTY);
    // The first page loads once, unfiltered; later searches come from the form.
  }, []);

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Audit log</PageTitle>
      <form className="filters" onSubmit={submit} aria-label="Filter audit records">
        <label>
          From
          <input type="datetime-local" value={filter.from} onChange={set('from')} />
        </label>
        <label>
          To
          <input type="datetime-local" value={filter.to} onChange={set('to')} />
        </label>
        <label>
          Principal
          <input value={filter.principal} onChange={set('principal')} placeholder="app:billing" />
        </label>
        <label>
          Model
          <input value={filter.model} onChange={set('model')} />
        </label>
        <label>
          Decision
          <select value={filter.decision} onChange={set('decision')}>
            <option value="">Any</option>
            {['allow', 'redact', 'tokenize', 'route', 'block'].map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Level
          <select value={filter.level} onChange={set('level')}>
            <option value="">Any</option>
            {['public', 'internal', 'confidential', 'restricted'].map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Kind
          <select value={filter.kind} onChange={set('kind')}>
            <option value="">Any</option>
            {['request', 'admin', 'system'].map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <div className="row filter-actions">
          <button type="submit" disabled={busy}>
            Search
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setFilter(EMPTY);
              void run(EMPTY);
            }}
          >
            Clear
          </button>
          <a className="button secondary" href={`/admin/v1/audit/export?format=csv&${exportQ}`} download>
            Export CSV
          </a>
          <a className="button secondary" href={`/admin/v1/audit/export?format=json&${exportQ}`} download>
            Export JSON
          </a>
        </div>
      </form>
      <ErrorText message={error} />
      <Notice
        message={
          busy
            ? 'Searching…'
            : `${rows.length} record${rows.length === 1 ? '' : 's'} shown (${scanned} examined).`
        }
      />
      <div className="split">
        <div className="table-wrap">
          <table className="records">
            <caption className="sr-only">Audit records, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Kind</th>
                <th scope="col">Principal</th>
                <th scope="col">Model / action</th>
                <th scope="col">Decision</th>
                <th scope="col">Level</th>
                <th scope="col">Findings</th>
                <th scope="col">
                  <span className="sr-only">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={detail?.record.id === r.id ? 'selected' : ''}>
                  <td title={formatTime(r.time)}>
                    <time dateTime={r.time}>{`${r.time.slice(5, 10)} ${r.time.slice(11, 19)}`}</time>
                  </td>
                  <td>{r.kind}</td>
                  <td className="mono">{r.principal ?? '—'}</td>
                  <td>{r.kind === 'request' ? (r.model ?? '—') : (r.action ?? '—')}</td>
                  <td>
                    {r.decision ? (
                      <Badge tone={tone(r.decision.action)}>{r.decision.action}</Badge>
                    ) : (
                      (r.outcome ?? '—')
                    )}
                  </td>
                  <td>{r.levelIn ?? '—'}</td>
                  <td>
                    {r.findings && Object.keys(r.findings).length > 0
                      ? Object.entries(r.findings)
                          .map(([t, n]) => `${t}×${n}`)
                          .join(', ')
                      : '—'}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Details of the record at ${formatTime(r.time)}`}
                      onClick={() => {
                        api<Detail>('GET', `/audit/records/${encodeURIComponent(r.id)}`)
                          .then(setDetail)
                          .catch((e: unknown) => setError(messageOf(e)));
                      }}
                    >
                      Details
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() => void run(applied ?? EMPTY, cursor)}
            >
              Load older records
            </button>
          )}
        </div>
        {detail && (
          <RecordDetail
            detail={detail}
            canCheckpoint={can(permissions, 'audit:verify')}
            onClose={() => setDetail(null)}
            onRefresh={(d) => setDetail(d)}
          />
        )}
      </div>
    </section>
  );
}

function fieldsOf(details: unknown): string {
  const f = (details as { fields?: string[] }).fields;
  return f ? `check: ${f.join(', ')}` : 'check the filter';
}

function RecordDetail(props: {
  detail: Detail;
  canCheckpoint: boolean;
  onClose: () => void;
  onRefresh: (d: Detail) => void;
}) {
  const { detail } = props;
  const r = detail.record;
  const [error, setError] = useState('');
  const cp = detail.latestCheckpoint;
  const checkpoint = async () => {
    setError('');
    try {
      await api('POST', '/audit/checkpoint', {});
      props.onRefresh(await api<Detail>('GET', `/audit/records/${encodeURIComponent(r.id)}`));
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const rows: [string, string | number | undefined][] = [
    ['Record id', r.id],
    ['Position', r.seq],
    ['Time', formatTime(r.time)],
    ['Kind', r.kind],
    ['Tenant', r.tenant],
    ['Principal', r.principal],
    ['Role', r.role],
    ['Route', r.route],
    ['Model', r.model],
    ['Upstream', r.upstream],
    ['Status', r.status],
    [
      'Decision',
      r.decision ? `${r.decision.action} (${r.decision.reasons.join(', ') || 'no reasons'})` : undefined,
    ],
    ['Level in', r.levelIn],
    [
      'Findings',
      r.findings
        ? Object.entries(r.findings)
            .map(([t, n]) => `${t}×${n}`)
            .join(', ')
        : undefined,
    ],
    ['Tokens', r.tokens ? `${r.tokens.prompt ?? 0} in / ${r.tokens.completion ?? 0} out` : undefined],
    [
      'Latency',
      r.latencyMs === undefined
        ? undefined
        : `${r.latencyMs.toFixed(1)} ms (upstream ${(r.upstreamMs ?? 0).toFixed(1)} ms)`,
    ],
    ['Action', r.action],
    ['Target', r.target],
    ['Outcome', r.outcome],
    ['Source network', r.sourceAddress],
    ['Prompt digest', r.promptDigest],
    ['Response digest', r.responseDigest],
    ['Transcript', r.hasTranscript ? 'stored encrypted' : undefined],
  ];
  return (
    <aside className="detail panel" aria-labelledby="detail-h">
      <div className="row spread">
        <h2 id="detail-h">Record detail</h2>
        <button type="button" className="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
      <p className={detail.verified ? 'verified' : 'unverified'} data-testid="proof-status" role="status">
        {detail.verified
          ? '✓ Verified: the record hashes to its leaf, the leaf is in the signed checkpoint’s tree, and the signature is valid.'
          : '✗ Not verified' + (detail.proofProblem ? `: ${detail.proofProblem}` : '.')}
      </p>
      {detail.proofProblem && props.canCheckpoint && (
        <button type="button" onClick={() => void checkpoint()}>
          Sign a checkpoint now
        </button>
      )}
      <ErrorText message={error} />
      <dl className="fields">
        {rows
          .filter(([, v]) => v !== undefined && v !== '')
          .map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd className={k.includes('digest') || k === 'Record id' ? 'mono' : ''}>{v}</dd>
            </div>
          ))}
      </dl>
      <h3>Inclusion proof</h3>
      <dl className="fields">
        <div>
          <dt>Leaf hash</dt>
          <dd className="mono">{detail.leafHash}</dd>
        </div>
        <div>
          <dt>Body matches leaf</dt>
          <dd>{detail.leafMatches ? 'yes' : 'NO — the record was altered'}</dd>
        </div>
        {detail.proof && (
          <>
            <div>
              <dt>Tree size</dt>
              <dd>{detail.proof.treeSize}</dd>
            </div>
            <div>
              <dt>Audit path</dt>
              <dd className="mono">{detail.proof.path.length} hashes</dd>
            </div>
            <div>
              <dt>Path leads to root</dt>
              <dd>{detail.proof.valid ? 'yes' : 'no'}</dd>
            </div>
          </>
        )}
      </dl>
      <h3>Latest checkpoint</h3>
      {cp ? (
        <dl className="fields">
          <div>
            <dt>Tree size</dt>
            <dd>
              {cp.treeSize} of {detail.logSize} records
            </dd>
          </div>
          <div>
            <dt>Signed</dt>
            <dd>{formatTime(cp.time)}</dd>
          </div>
          <div>
            <dt>Key</dt>
            <dd className="mono">{cp.keyId}</dd>
          </div>
          <div>
            <dt>Signature</dt>
            <dd>
              {cp.signatureValid === undefined ? 'not checked' : cp.signatureValid ? 'valid' : 'INVALID'}
            </dd>
          </div>
          <div>
            <dt>Root hash</dt>
            <dd className="mono">{cp.rootHash}</dd>
          </div>
        </dl>
      ) : (
        <p className="muted">No checkpoint has been signed yet.</p>
      )}
    </aside>
  );
}
