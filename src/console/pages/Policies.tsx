import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api.ts';
import { Badge, ErrorText, Notice, PageTitle, can, messageOf, useLoad } from '../ui.tsx';

interface Source {
  text: string;
  version: string;
  editable: boolean;
  file?: string;
  effective: unknown;
}
interface Issue {
  path: string;
  line?: number;
  message: string;
}
interface Validation {
  valid: boolean;
  issues: Issue[];
  diff: { op: ' ' | '+' | '-'; text: string }[];
}
interface DryRun {
  policy: string;
  decision: { action: string; level: string; reasons: string[] };
  blockedCode?: string;
  findings: {
    type: string;
    category: string;
    start: number;
    end: number;
    score: number;
    action: string;
    level: string;
    recognizer: string;
  }[];
  maskedPreview: string;
}

function issuesOf(e: unknown): Issue[] | undefined {
  if (e instanceof ApiError && e.code === 'POLICY_INVALID')
    return (e.details as { issues?: Issue[] } | undefined)?.issues;
  return undefined;
}

export function PoliciesPage({ permissions }: { permissions: string[] }) {
  const source = useLoad(() => api<Source>('GET', '/policies/source'), []);
  const manage = can(permissions, 'policies:manage');
  const [text, setText] = useState('');
  const [review, setReview] = useState<Validation | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const editor = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (source.data) setText(source.data.text);
  }, [source.data]);

  const changed = source.data !== undefined && text !== source.data.text;
  const validate = async () => {
    setError('');
    setNotice('');
    try {
      const v = await api<Validation>('POST', '/policies/validate', { text });
      setIssues(v.issues);
      setReview(v.valid ? v : null);
      if (!v.valid) setError('The policy has errors; nothing was applied.');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const apply = async () => {
    if (!source.data) return;
    setError('');
    try {
      await api('POST', '/policies/apply', { text, version: source.data.version });
      setReview(null);
      setIssues([]);
      setNotice('Applied: the configuration file was written and the gateway reloaded.');
      source.reload();
    } catch (e) {
      const found = issuesOf(e);
      if (found) setIssues(found);
      setReview(null);
      setError(
        e instanceof ApiError && e.code === 'CONFLICT'
          ? 'The configuration changed since you opened it; reload and edit again.'
          : messageOf(e),
      );
    }
  };
  const goTo = (line?: number) => {
    const el = editor.current;
    if (!el || !line) return;
    const lines = text.split('\n');
    const at = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    el.focus();
    el.setSelectionRange(at, at + (lines[line - 1]?.length ?? 0));
  };

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Policies</PageTitle>
      <ErrorText message={source.error} />
      {source.data && (
        <div className="grid-2 wide-left">
          <div className="panel">
            <h2 id="editor-h">
              Active policy{' '}
              {source.data.file ? (
                <span className="muted">(policy section of {source.data.file})</span>
              ) : null}
            </h2>
            {!source.data.editable && (
              <p className="warning">
                This gateway runs without a configuration file: the policy can be viewed and validated, not
                applied.
              </p>
            )}
            <label htmlFor="policy-text" className="sr-only">
              Policy (YAML)
            </label>
            <textarea
              id="policy-text"
              ref={editor}
              className="code"
              value={text}
              spellCheck={false}
              rows={22}
              readOnly={!manage}
              aria-describedby="policy-help policy-issues"
              aria-invalid={issues.length > 0}
              onChange={(e) => {
                setText(e.target.value);
                setReview(null);
              }}
            />
            <p id="policy-help" className="muted">
              YAML, as under <code>policy:</code> in the configuration file. Empty means every default
              applies. See the policy reference in docs/configuration.md.
            </p>
            <ErrorText message={error} />
            <Notice message={notice} />
            {issues.length > 0 && (
              <ul id="policy-issues" className="issues" aria-label="Validation errors">
                {issues.map((i, n) => (
                  <li key={n}>
                    <button type="button" className="link" onClick={() => goTo(i.line)}>
                      {i.line ? `line ${i.line}` : 'policy'}
                    </button>{' '}
                    <code>{i.path}</code>: {i.message}
                  </li>
                ))}
              </ul>
            )}
            {manage && (
              <div className="row">
                <button type="button" onClick={() => void validate()} disabled={!changed}>
                  Review changes
                </button>
                <button
                  type="button"
                  className="secondary"
                  disabled={!changed}
                  onClick={() => {
                    setText(source.data?.text ?? '');
                    setIssues([]);
                    setReview(null);
                    setError('');
                  }}
                >
                  Discard edits
                </button>
              </div>
            )}
            {review && (
              <div className="review" aria-labelledby="diff-h">
                <h3 id="diff-h">
                  Changes <Badge tone="ok">valid</Badge>
                </h3>
                <pre className="diff" aria-label="Line diff: lines starting with + are added, - removed">
                  {review.diff.map((d, i) => (
                    <span key={i} className={d.op === '+' ? 'add' : d.op === '-' ? 'del' : ''}>
                      {d.op} {d.text}
                      {'\n'}
                    </span>
                  ))}
                </pre>
                <button type="button" disabled={!source.data.editable} onClick={() => void apply()}>
                  Apply and reload
                </button>
              </div>
            )}
            <details>
              <summary>Active policy with every default filled in</summary>
              <pre className="code-view">{JSON.stringify(source.data.effective, null, 2)}</pre>
            </details>
          </div>
          {manage && <DryRunPanel edited={changed ? text : undefined} />}
        </div>
      )}
    </section>
  );
}

function DryRunPanel({ edited }: { edited: string | undefined }) {
  const [prompt, setPrompt] = useState('');
  const [useEdited, setUseEdited] = useState(false);
  const [model, setModel] = useState('*');
  const [sourceKind, setSourceKind] = useState('trusted');
  const [result, setResult] = useState<DryRun | null>(null);
  const [error, setError] = useState('');
  const run = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      setResult(
        await api<DryRun>('POST', '/policies/dry-run', {
          prompt,
          model,
          source: sourceKind,
          ...(useEdited && edited !== undefined ? { text: edited } : {}),
        }),
      );
    } catch (err) {
      const found = issuesOf(err);
      setError(
        found
          ? `The edited policy has errors: ${found.map((i) => `${i.path}: ${i.message}`).join('; ')}`
          : messageOf(err),
      );
    }
  };
  return (
    <form className="panel stack" onSubmit={(e) => void run(e)} aria-labelledby="dry-h">
      <h2 id="dry-h">Dry run</h2>
      <p className="muted">
        Paste a prompt to see what the policy would decide. Nothing is forwarded or stored, and detected
        values are never sent back.
      </p>
      <label>
        Prompt
        <textarea
          value={prompt}
          onChange={(e) => setPrompt(e.target.value)}
          rows={6}
          required
          maxLength={65536}
        />
      </label>
      <div className="row">
        <label>
          Model alias
          <input value={model} onChange={(e) => setModel(e.target.value)} />
        </label>
        <label>
          Text is
          <select value={sourceKind} onChange={(e) => setSourceKind(e.target.value)}>
            <option value="trusted">a user message</option>
            <option value="untrusted">a document or tool output</option>
          </select>
        </label>
      </div>
      <label className="check">
        <input
          type="checkbox"
          checked={useEdited}
          disabled={edited === undefined}
          onChange={(e) => setUseEdited(e.target.checked)}
        />
        Use the edited (unapplied) policy
      </label>
      <div>
        <button type="submit">Run</button>
      </div>
      <ErrorText message={error} />
      {result && (
        <div role="status" className="dry-result">
          <p>
            Decision:{' '}
            <Badge
              tone={
                result.decision.action === 'block'
                  ? 'high'
                  : result.decision.action === 'allow'
                    ? 'ok'
                    : 'medium'
              }
            >
              {result.decision.action}
            </Badge>{' '}
            level <strong>{result.decision.level}</strong>
            {result.blockedCode ? ` — the client would get ${result.blockedCode}` : ''} ({result.policy}{' '}
            policy)
          </p>
          {result.findings.length === 0 ? (
            <p className="muted">No findings.</p>
          ) : (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Characters</th>
                    <th scope="col">Score</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {result.findings.map((f, i) => (
                    <tr key={i}>
                      <td title={`category: ${f.category}`}>{f.type}</td>
                      <td>
                        {f.start}–{f.end}
                      </td>
                      <td>{f.score}</td>
                      <td>{f.action}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h3>Masked preview</h3>
          <pre className="code-view" data-testid="masked-preview">
            {result.maskedPreview}
          </pre>
        </div>
      )}
    </form>
  );
}
