import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import {
  Badge,
  CopyButton,
  ErrorText,
  Notice,
  PageTitle,
  Select,
  LEVELS,
  can,
  formatTime,
  messageOf,
  useLoad,
} from '../ui.tsx';

interface KeyRecord {
  id: string;
  tenant: string;
  principal: string;
  name: string;
  role: string;
  clearance: string;
  scopes: { models?: string[]; routes?: string[] };
  createdAt: string;
  expiresAt?: string;
  revokedAt?: string;
  lastUsedAt?: string;
  suspendedAt?: string;
}

const KEY_ROLES = ['app', 'developer', 'auditor', 'security_officer', 'admin'];

function state(k: KeyRecord): [string, string] {
  if (k.revokedAt) return ['revoked', 'muted'];
  if (k.expiresAt && k.expiresAt < new Date().toISOString()) return ['expired', 'muted'];
  if (k.suspendedAt) return ['suspended', 'high'];
  return ['active', 'ok'];
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** Role, clearance and scopes of an existing key (admins); an emptied scope field means any. */
function EditAccess({ k, onDone }: { k: KeyRecord; onDone: (message: string) => void }) {
  const [role, setRole] = useState(k.role);
  const [clearance, setClearance] = useState(k.clearance);
  const [models, setModels] = useState((k.scopes.models ?? []).join(', '));
  const [routes, setRoutes] = useState((k.scopes.routes ?? []).join(', '));
  const [error, setError] = useState('');
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      await api('POST', `/keys/${encodeURIComponent(k.id)}`, {
        role,
        clearance,
        models: list(models).length ? list(models) : null,
        routes: list(routes).length ? list(routes) : null,
      });
      onDone(`Key ${k.name}: access updated.`);
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <form className="panel form-grid" onSubmit={(e) => void save(e)} aria-labelledby="edit-h">
      <h2 id="edit-h">Access of “{k.name}”</h2>
      <Select label="Role" value={role} options={KEY_ROLES} onChange={setRole} />
      <Select label="Clearance" value={clearance} options={LEVELS} onChange={setClearance} />
      <label>
        Models (comma-separated; empty = any)
        <input value={models} onChange={(e) => setModels(e.target.value)} />
      </label>
      <label>
        Routes (comma-separated; empty = any)
        <input value={routes} onChange={(e) => setRoutes(e.target.value)} />
      </label>
      <ErrorText message={error} />
      <div className="row">
        <button type="submit">Save access</button>
        <button type="button" className="secondary" onClick={() => onDone('')}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** A secret shown exactly once, with a copy button; it is never stored in the page's state after dismissal. */
function ShownOnce({ secret, title, onDone }: { secret: string; title: string; onDone: () => void }) {
  return (
    <div className="secret-box" role="region" aria-labelledby="secret-h">
      <h2 id="secret-h">{title}</h2>
      <p className="warning">Copy it now: it is shown once and cannot be retrieved again.</p>
      <div className="row">
        <code className="secret" data-testid="new-key">
          {secret}
        </code>
        <CopyButton text={secret} />
      </div>
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}

export function KeysPage({ permissions }: { permissions: string[] }) {
  const { data, error, reload } = useLoad(() => api<{ data: KeyRecord[] }>('GET', '/keys'), []);
  const manage = can(permissions, 'keys:manage') || can(permissions, 'keys:manage_own');
  const [name, setName] = useState('');
  const [role, setRole] = useState('app');
  const [clearance, setClearance] = useState('internal');
  const [models, setModels] = useState('');
  const [routes, setRoutes] = useState('');
  const [ttl, setTtl] = useState('');
  const [secret, setSecret] = useState<{ key: string; title: string } | null>(null);
  const [actionError, setActionError] = useState('');
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState<string | null>(null);
  const [editing, setEditing] = useState<KeyRecord | null>(null);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setActionError('');
    try {
      const r = await api<{ key: string; record: KeyRecord }>('POST', '/keys', {
        name,
        role,
        clearance,
        ...(list(models).length ? { models: list(models) } : {}),
        ...(list(routes).length ? { routes: list(routes) } : {}),
        ...(ttl ? { ttlDays: Number(ttl) } : {}),
      });
      setSecret({ key: r.key, title: `New key “${r.record.name}”` });
      setName('');
      reload();
    } catch (err) {
      setActionError(messageOf(err));
    }
  };
  const act = async (k: KeyRecord, what: 'revoke' | 'rotate' | 'reinstate') => {
    setActionError('');
    setConfirming(null);
    try {
      const r = await api<{ key?: string }>(
        'POST',
        `/keys/${encodeURIComponent(k.id)}/${what}`,
        what === 'rotate' ? { overlapHours: 24 } : {},
      );
      if (what === 'rotate' && r.key)
        setSecret({ key: r.key, title: `Rotated key “${k.name}” (the old one works for 24 more hours)` });
      setNotice(
        `Key ${k.name}: ${what === 'revoke' ? 'revoked' : what === 'rotate' ? 'rotated' : 'reinstated'}.`,
      );
      reload();
    } catch (err) {
      setActionError(messageOf(err));
    }
  };

  return (
    <section aria-labelledby="page-title">
      <PageTitle>API keys</PageTitle>
      {secret && <ShownOnce secret={secret.key} title={secret.title} onDone={() => setSecret(null)} />}
      {manage && (
        <form className="panel form-grid" onSubmit={(e) => void create(e)} aria-labelledby="create-h">
          <h2 id="create-h">Create a key</h2>
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={128} />
          </label>
          <Select label="Role" value={role} options={KEY_ROLES} onChange={setRole} />
          <Select label="Clearance" value={clearance} options={LEVELS} onChange={setClearance} />
          <label>
            Models (comma-separated; empty = any)
            <input value={models} onChange={(e) => setModels(e.target.value)} placeholder="gpt-4o, claude" />
          </label>
          <label>
            Routes (comma-separated; empty = any)
            <input
              value={routes}
              onChange={(e) => setRoutes(e.target.value)}
              placeholder="/v1/chat/completions"
            />
          </label>
          <label>
            Expires after (days; empty = never)
            <input type="number" min={1} max={3650} value={ttl} onChange={(e) => setTtl(e.target.value)} />
          </label>
          <div>
            <button type="submit">Create key</button>
          </div>
        </form>
      )}
      {editing && (
        <EditAccess
          key={editing.id}
          k={editing}
          onDone={(message) => {
            setEditing(null);
            if (message) {
              setNotice(message);
              reload();
            }
          }}
        />
      )}
      <ErrorText message={error || actionError} />
      <Notice message={notice} />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key id</th>
              <th scope="col">Principal</th>
              <th scope="col">Role</th>
              <th scope="col">Clearance</th>
              <th scope="col">Scopes</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {data?.data.map((k) => {
              const [label, tone] = state(k);
              const live = label === 'active' || label === 'suspended';
              return (
                <tr key={k.id}>
                  <td>{k.name}</td>
                  <td className="mono">{k.id}</td>
                  <td className="mono">{k.principal}</td>
                  <td>{k.role}</td>
                  <td>{k.clearance}</td>
                  <td>
                    {k.scopes.models ? `models: ${k.scopes.models.join(', ')}` : 'any model'}
                    {k.scopes.routes ? `; routes: ${k.scopes.routes.join(', ')}` : ''}
                  </td>
                  <td>{formatTime(k.createdAt)}</td>
                  <td>{formatTime(k.lastUsedAt)}</td>
                  <td>
                    <Badge tone={tone}>{label}</Badge>
                  </td>
                  {manage && (
                    <td className="actions">
                      {live && (
                        <button type="button" className="secondary" onClick={() => void act(k, 'rotate')}>
                          Rotate
                        </button>
                      )}
                      {live && can(permissions, 'keys:manage') && (
                        <button type="button" className="secondary" onClick={() => setEditing(k)}>
                          Edit access
                        </button>
                      )}
                      {label === 'suspended' && can(permissions, 'keys:manage') && (
                        <button type="button" className="secondary" onClick={() => void act(k, 'reinstate')}>
                          Reinstate
                        </button>
                      )}
                      {live &&
                        (confirming === k.id ? (
                          <button type="button" className="danger" onClick={() => void act(k, 'revoke')}>
                            Confirm revoke
                          </button>
                        ) : (
                          <button type="button" className="secondary" onClick={() => setConfirming(k.id)}>
                            Revoke
                          </button>
                        ))}
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        {data && data.data.length === 0 && <p className="muted">No keys yet.</p>}
      </div>
    </section>
  );
}
