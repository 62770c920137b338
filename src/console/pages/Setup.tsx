import { useEffect, useState, type FormEvent } from 'react';
import QRCode from 'qrcode';
import { api, ApiError } from '../api.ts';
import { navigate } from '../router.ts';

interface Begin {
  username: string;
  tenant: string;
  otpauthUri: string;
  secret: string;
}

export function SetupPage({ token }: { token: string }) {
  const [begin, setBegin] = useState<Begin | null>(null);
  const [qr, setQr] = useState('');
  const [password, setPassword] = useState('');
  const [password2, setPassword2] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);

  useEffect(() => {
    if (!token) {
      setError('This setup link has no token.');
      return;
    }
    api<Begin>('POST', '/setup/begin', { token })
      .then(async (b) => {
        setBegin(b);
        // A data: URL image: the CSP allows img data:, and no canvas script is needed.
        setQr(await QRCode.toDataURL(b.otpauthUri, { margin: 1, width: 200 }));
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : 'Setup failed'));
  }, [token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    if (password !== password2) {
      setError('The two passwords differ.');
      return;
    }
    try {
      const r = await api<{ recoveryCodes: string[] }>('POST', '/setup/complete', { token, password, code });
      setCodes(r.recoveryCodes);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Setup failed');
    }
  };

  if (codes) {
    const text = codes.join('\n') + '\n';
    const href = 'data:text/plain;charset=utf-8,' + encodeURIComponent(text);
    return (
      <div className="center">
        <section className="card" aria-labelledby="codes-title">
          <h1 id="codes-title">Recovery codes</h1>
          <p className="warning">Store these now: each works once and they are not shown again.</p>
          <ul className="codes" data-testid="recovery-codes">
            {codes.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
          <div className="row">
            <button type="button" onClick={() => void navigator.clipboard?.writeText(text)}>
              Copy
            </button>
            <a className="button secondary" href={href} download="bulwark-recovery-codes.txt">
              Download
            </a>
          </div>
          <button type="button" onClick={() => navigate('/login')}>
            Continue to sign in
          </button>
        </section>
      </div>
    );
  }

  return (
    <div className="center">
      <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="setup-title">
        <h1 id="setup-title">Set up your account</h1>
        {begin && (
          <>
            <p>
              Account <strong>{begin.username}</strong> in tenant <strong>{begin.tenant}</strong>. Scan the QR
              code with an authenticator app, or enter the secret by hand.
            </p>
            {qr && (
              <img className="qr" src={qr} alt="QR code for the authenticator app" width={200} height={200} />
            )}
            <p>
              Secret: <code data-testid="totp-secret">{begin.secret}</code>
            </p>
            <label>
              New password
              <input
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="new-password"
                required
              />
            </label>
            <label>
              Repeat password
              <input
                type="password"
                value={password2}
                onChange={(e) => setPassword2(e.target.value)}
                autoComplete="new-password"
                required
              />
            </label>
            <label>
              Code from the app
              <input
                value={code}
                onChange={(e) => setCode(e.target.value.trim())}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
              />
            </label>
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {begin && <button type="submit">Complete setup</button>}
      </form>
    </div>
  );
}
