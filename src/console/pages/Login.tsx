import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken } from '../api.ts';
import type { SessionUser } from '../App.tsx';

interface SessionConfig {
  oidc: { enabled: boolean; label?: string };
  webauthn: boolean;
}

export function LoginPage({ onLogin }: { onLogin: (u: SessionUser) => void }) {
  const [tenant, setTenant] = useState('default');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [config, setConfig] = useState<SessionConfig | null>(null);

  useEffect(() => {
    api<SessionConfig>('GET', '/session/config')
      .then(setConfig)
      .catch(() => setConfig(null));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const s = await api<{ csrfToken: string; user: SessionUser }>('POST', '/session', {
        tenant,
        username,
        password,
        code,
      });
      setCsrfToken(s.csrfToken);
      onLogin(s.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="center">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Sign in to Bulwark</h1>
        <label>
          Tenant
          <input value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="organization" />
        </label>
        <label>
          Username
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label>
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <label>
          Authentication code
          <input
            value={code}
            onChange={(e) => setCode(e.target.value.trim())}
            inputMode="numeric"
            autoComplete="one-time-code"
            placeholder="6-digit code or recovery code"
            required
          />
        </label>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {config?.oidc.enabled && (
          <a className="button secondary" href="/admin/v1/session/oidc/start">
            {config.oidc.label ?? 'Sign in with SSO'}
          </a>
        )}
      </form>
    </div>
  );
}
