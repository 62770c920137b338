import { useState } from 'react';
import { api } from '../api.ts';
import { Badge, ErrorText, PageTitle, formatTime, messageOf, useLoad } from '../ui.tsx';

interface Report {
  id: string;
  path: string;
  kind: string;
  format: string;
  bytes: number;
  modified: string;
  text?: string;
}

const KINDS: Record<string, string> = {
  redteam: 'Red-team run',
  'dataset-scan': 'Dataset scan',
  compliance: 'Compliance',
  other: 'Other',
};

const size = (n: number) =>
  n > 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n > 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`;

export function ReportsPage() {
  const { data, error } = useLoad(() => api<{ data: Report[] }>('GET', '/reports'), []);
  const [kind, setKind] = useState('');
  const [shown, setShown] = useState<Report | null>(null);
  const [viewError, setViewError] = useState('');
  const view = (r: Report) => {
    setViewError('');
    api<Report>('GET', `/reports/${r.id}`)
      .then(setShown)
      .catch((e: unknown) => setViewError(messageOf(e)));
  };
  const rows = data?.data.filter((r) => !kind || r.kind === kind) ?? [];
  return (
    <section aria-labelledby="page-title">
      <PageTitle>Reports</PageTitle>
      <p className="muted">
        Reports the CLI wrote to the reports directory (<code>console.reportsDir</code>): dataset scans,
        red-team runs and compliance reports.
      </p>
      <label className="inline">
        Kind
        <select value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">All</option>
          {Object.entries(KINDS).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <ErrorText message={error || viewError} />
      <div className="stacked">
        <div className="table-wrap">
          <table>
            <caption className="sr-only">Reports, newest first</caption>
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Kind</th>
                <th scope="col">Format</th>
                <th scope="col">Size</th>
                <th scope="col">Written</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id} className={shown?.id === r.id ? 'selected' : ''}>
                  <td>
                    <button type="button" className="link mono file-link" onClick={() => view(r)}>
                      {r.path}
                    </button>
                  </td>
                  <td>
                    <Badge tone="info">{KINDS[r.kind] ?? r.kind}</Badge>
                  </td>
                  <td>{r.format}</td>
                  <td className="nowrap">{size(r.bytes)}</td>
                  <td>{formatTime(r.modified)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data && rows.length === 0 && <p className="muted">No reports found.</p>}
        </div>
        {shown && (
          <section className="panel report-view" aria-labelledby="report-h">
            <div className="row spread">
              <h2 id="report-h" className="mono">
                {shown.path}
              </h2>
              <button type="button" className="secondary" onClick={() => setShown(null)}>
                Close
              </button>
            </div>
            {shown.format === 'html' ? (
              // sandbox="": no scripts, forms or same-origin access; the server's CSP says the same.
              <iframe sandbox="" src={`/admin/v1/reports/${shown.id}/raw`} title={`Report ${shown.path}`} />
            ) : (
              <pre className="code-view">{pretty(shown)}</pre>
            )}
          </section>
        )}
      </div>
    </section>
  );
}

function pretty(r: Report): string {
  if (r.format !== 'json' && r.format !== 'sarif') return r.text ?? '';
  try {
    return JSON.stringify(JSON.parse(r.text ?? ''), null, 2);
  } catch {
    return r.text ?? '';
  }
}
