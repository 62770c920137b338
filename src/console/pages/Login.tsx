import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, setCsrfToken } from '../api.ts';
import type { SessionUser } from '../App.tsx';
import { useRoute } from '../router.ts';
import { ErrorText } from '../ui.tsx';

// What `/admin/v1/sso/callback` may report (`#/login?sso_error=CODE`); the detail is in the audit log.
const SSO_ERRORS: Record<string, string> = {
  SSO_FAILED: 'Single sign-on did not complete. Try again.',
  SSO_DENIED: 'Your identity provider account may not sign in to this console. Ask an administrator.',
  MFA_REQUIRED: 'Your identity provider sign-in did not use multi-factor authentication.',
  ACCOUNT_LOCKED: 'Too many failed attempts; try again later.',
};

interface SessionConfig {
  oidc: { enabled: boolean; label?: string };
  webauthn: boolean;
}

/** The TOTP (or recovery code) input both sign-in paths ask for. */
function CodeField({
  code,
  onChange,
  autoFocus,
}: {
  code: string;
  onChange: (code: string) => void;
  autoFocus?: boolean;
}) {
  return (
    <label>
      Authentication code
      <input
        value={code}
        onChange={(e) => onChange(e.target.value.trim())}
        inputMode="numeric"
        autoComplete="one-time-code"
        placeholder="6-digit code or recovery code"
        autoFocus={autoFocus}
        required
      />
    </label>
  );
}

/**
 * Posts a sign-in step and, when it yields a session, keeps its CSRF token and hands the user on;
 * `error` and `busy` drive the form.
 */
function useSignIn(onLogin: (u: SessionUser) => void, initialError = '') {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  const signIn = async (e: FormEvent, path: string, body: object) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const s = await api<{ csrfToken: string; user: SessionUser }>('POST', path, body);
      setCsrfToken(s.csrfToken);
      onLogin(s.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Sign-in failed');
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, signIn };
}

export function LoginPage({ onLogin }: { onLogin: (u: SessionUser) => void }) {
  const { params } = useRoute();
  const ticket = params.get('sso_ticket');
  const ssoError = params.get('sso_error');
  if (ticket) return <SsoTotpStep ticket={ticket} onLogin={onLogin} />;
  return <PasswordLogin onLogin={onLogin} ssoError={ssoError} />;
}

/** After an SSO login without an MFA claim: the user's own TOTP (or a recovery code) finishes it. */
function SsoTotpStep({ ticket, onLogin }: { ticket: string; onLogin: (u: SessionUser) => void }) {
  const [code, setCode] = useState('');
  const { error, busy, signIn } = useSignIn(onLogin);
  const submit = (e: FormEvent) => signIn(e, '/sso/totp', { ticket, code });

  return (
    <div className="center">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="totp-title">
        <h1 id="totp-title">One more step</h1>
        <p className="muted">Your identity provider confirmed who you are. Enter your Bulwark code.</p>
        <CodeField code={code} onChange={setCode} autoFocus />
        <ErrorText message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Continue'}
        </button>
        <a className="button secondary" href="#/login">
          Start over
        </a>
      </form>
    </div>
  );
}

function PasswordLogin({
  onLogin,
  ssoError,
}: {
  onLogin: (u: SessionUser) => void;
  ssoError: string | null;
}) {
  const [tenant, setTenant] = useState('default');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const { error, busy, signIn } = useSignIn(
    onLogin,
    ssoError ? (SSO_ERRORS[ssoError] ?? SSO_ERRORS.SSO_FAILED!) : '',
  );
  const [config, setConfig] = useState<SessionConfig | null>(null);

  useEffect(() => {
    api<SessionConfig>('GET', '/session/config')
      .then(setConfig)
      .catch(() => setConfig(null));
  }, []);

  const submit = (e: FormEvent) => signIn(e, '/session', { tenant, username, password, code });

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
        <CodeField code={code} onChange={setCode} />
        <ErrorText message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {config?.oidc.enabled && (
          <a className="button secondary" href="/admin/v1/sso/login">
            {config.oidc.label ?? 'Sign in with SSO'}
          </a>
        )}
      </form>
    </div>
  );
}
