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

interface User {
  id: string;
  tenant: string;
  username: string;
  roles: string[];
  clearance: string;
  disabled: boolean;
  mfaEnrolled: boolean;
  setupPending: boolean;
  createdAt: string;
}
interface Invited extends User {
  setupToken: string;
  setupExpiresAt: string;
}

const ROLES = ['admin', 'security_officer', 'auditor', 'developer', 'app'];

function setupLink(token: string): string {
  // The token rides in the fragment, which the browser never sends to a server.
  return `${window.location.origin}/console/#/setup?token=${encodeURIComponent(token)}`;
}

export function UsersPage({ permissions, self }: { permissions: string[]; self: string }) {
  const users = useLoad(() => api<{ data: User[] }>('GET', '/users'), []);
  const roles = useLoad(() => api<{ data: { id: string; permissions: string[] }[] }>('GET', '/roles'), []);
  const manage = can(permissions, 'users:manage');
  const [username, setUsername] = useState('');
  const [picked, setPicked] = useState<string[]>(['auditor']);
  const [clearance, setClearance] = useState('internal');
  const [link, setLink] = useState<{ username: string; url: string; expires: string } | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [editing, setEditing] = useState<{ id: string; roles: string[]; clearance: string } | null>(null);

  const invite = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    try {
      const r = await api<Invited>('POST', '/users', { username, roles: picked, clearance });
      setLink({ username: r.username, url: setupLink(r.setupToken), expires: r.setupExpiresAt });
      setUsername('');
      users.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const post = async (path: string, body: unknown, done: string) => {
    setError('');
    try {
      const r = await api<Partial<Invited>>('POST', path, body);
      if (r.setupToken && r.username && r.setupExpiresAt)
        setLink({ username: r.username, url: setupLink(r.setupToken), expires: r.setupExpiresAt });
      setNotice(done);
      setEditing(null);
      users.reload();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  const toggle = (list: string[], r: string) =>
    list.includes(r) ? list.filter((x) => x !== r) : [...list, r];

  return (
    <section aria-labelledby="page-title">
      <PageTitle>Users and roles</PageTitle>
      {link && (
        <div className="secret-box" role="region" aria-labelledby="link-h">
          <h2 id="link-h">One-time setup link for {link.username}</h2>
          <p className="warning">
            Send this link to {link.username} over a trusted channel. It works once, until{' '}
            {formatTime(link.expires)}; they choose a password and enrol an authenticator app (MFA is
            mandatory).
          </p>
          <div className="row">
            <code className="secret" data-testid="setup-link">
              {link.url}
            </code>
            <CopyButton text={link.url} />
          </div>
          <button type="button" onClick={() => setLink(null)}>
            Done
          </button>
        </div>
      )}
      {manage && (
        <form className="panel form-grid" onSubmit={(e) => void invite(e)} aria-labelledby="invite-h">
          <h2 id="invite-h">Invite a user</h2>
          <label>
            Username
            <input
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              required
              pattern="[A-Za-z0-9_.@-]{1,128}"
            />
          </label>
          <fieldset>
            <legend>Roles</legend>
            {ROLES.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={picked.includes(r)}
                  onChange={() => setPicked(toggle(picked, r))}
                />
                {r}
              </label>
            ))}
          </fieldset>
          <Select label="Clearance" value={clearance} options={LEVELS} onChange={setClearance} />
          <div>
            <button type="submit" disabled={picked.length === 0}>
              Invite
            </button>
          </div>
        </form>
      )}
      <ErrorText message={users.error || error} />
      <Notice message={notice} />
      <div className="table-wrap">
        <table>
          <caption className="sr-only">Console users</caption>
          <thead>
            <tr>
              <th scope="col">Username</th>
              <th scope="col">Tenant</th>
              <th scope="col">Roles</th>
              <th scope="col">Clearance</th>
              <th scope="col">MFA</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              {manage && <th scope="col">Actions</th>}
            </tr>
          </thead>
          <tbody>
            {users.data?.data.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.tenant}</td>
                <td>
                  {editing?.id === u.id ? (
                    <fieldset className="inline-set">
                      <legend className="sr-only">Roles of {u.username}</legend>
                      {ROLES.map((r) => (
                        <label key={r} className="check">
                          <input
                            type="checkbox"
                            checked={editing.roles.includes(r)}
                            onChange={() => setEditing({ ...editing, roles: toggle(editing.roles, r) })}
                          />
                          {r}
                        </label>
                      ))}
                    </fieldset>
                  ) : (
                    u.roles.join(', ')
                  )}
                </td>
                <td>
                  {editing?.id === u.id ? (
                    <label>
                      <span className="sr-only">Clearance of {u.username}</span>
                      <select
                        value={editing.clearance}
                        onChange={(e) => setEditing({ ...editing, clearance: e.target.value })}
                      >
                        {LEVELS.map((l) => (
                          <option key={l}>{l}</option>
                        ))}
                      </select>
                    </label>
                  ) : (
                    u.clearance
                  )}
                </td>
                <td>
                  {u.mfaEnrolled ? (
                    <Badge tone="ok">TOTP enrolled</Badge>
                  ) : (
                    <Badge tone="medium">not enrolled</Badge>
                  )}
                </td>
                <td>
                  {u.disabled ? (
                    <Badge tone="muted">disabled</Badge>
                  ) : u.setupPending ? (
                    <Badge tone="medium">setup pending</Badge>
                  ) : (
                    <Badge tone="ok">active</Badge>
                  )}
                </td>
                <td>{formatTime(u.createdAt)}</td>
                {manage && (
                  <td className="actions">
                    {`user:${u.id}` === self ? (
                      <span className="muted">you</span>
                    ) : editing?.id === u.id ? (
                      <>
                        <button
                          type="button"
                          disabled={editing.roles.length === 0}
                          onClick={() =>
                            void post(
                              `/users/${u.id}`,
                              { roles: editing.roles, clearance: editing.clearance },
                              `Updated ${u.username}.`,
                            )
                          }
                        >
                          Save
                        </button>
                        <button type="button" className="secondary" onClick={() => setEditing(null)}>
                          Cancel
                        </button>
                      </>
                    ) : (
                      <>
                        {!u.disabled && (
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => setEditing({ id: u.id, roles: u.roles, clearance: u.clearance })}
                          >
                            Edit
                          </button>
                        )}
                        {u.setupPending && !u.disabled && (
                          <button
                            type="button"
                            className="secondary"
                            onClick={() =>
                              void post(`/users/${u.id}/setup-link`, {}, `New setup link for ${u.username}.`)
                            }
                          >
                            New setup link
                          </button>
                        )}
                        {!u.disabled && (
                          <button
                            type="button"
                            className="secondary"
                            onClick={() => void post(`/users/${u.id}/disable`, {}, `Disabled ${u.username}.`)}
                          >
                            Disable
                          </button>
                        )}
                      </>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel" aria-labelledby="roles-h">
        <h2 id="roles-h">Roles</h2>
        <ErrorText message={roles.error} />
        <table>
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">Permissions</th>
            </tr>
          </thead>
          <tbody>
            {roles.data?.data.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.id}</th>
                <td>{r.permissions.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
