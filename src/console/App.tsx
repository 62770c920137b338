import { useEffect, useState } from 'react';
import { api, setCsrfToken } from './api.ts';
import { navigate, useRoute } from './router.ts';
import { LoginPage } from './pages/Login.tsx';
import { SetupPage } from './pages/Setup.tsx';
import { PlaceholderPage } from './pages/Placeholder.tsx';

export interface SessionUser {
  id: string;
  tenant: string;
  username?: string;
  roles: string[];
  clearance?: string;
}

const NAV: { path: string; label: string }[] = [
  { path: '/overview', label: 'Overview' },
  { path: '/audit', label: 'Audit' },
  { path: '/keys', label: 'Keys' },
  { path: '/users', label: 'Users' },
  { path: '/policies', label: 'Policies' },
  { path: '/alerts', label: 'Alerts' },
  { path: '/reports', label: 'Reports' },
];

export function App() {
  const route = useRoute();
  const [user, setUser] = useState<SessionUser | null>(null);
  const [checked, setChecked] = useState(false);
  const publicPage = route.path === '/login' || route.path === '/setup';

  useEffect(() => {
    if (publicPage || user) return;
    api<{ csrfToken: string; user: SessionUser }>('GET', '/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setUser(s.user);
      })
      .catch(() => navigate('/login'))
      .finally(() => setChecked(true));
  }, [publicPage, user]);

  if (route.path === '/login') {
    return (
      <LoginPage
        onLogin={(u) => {
          setUser(u);
          navigate('/overview');
        }}
      />
    );
  }
  if (route.path === '/setup') return <SetupPage token={route.params.get('token') ?? ''} />;
  if (!user) return <p className="loading">{checked ? 'Redirecting to sign in…' : 'Loading…'}</p>;

  const logout = () => {
    void api('POST', '/session/logout', {}).finally(() => {
      setUser(null);
      navigate('/login');
    });
  };
  const current = NAV.find((n) => n.path === route.path) ?? NAV[0]!;
  return (
    <div className="shell">
      <nav aria-label="Main">
        <div className="brand">Bulwark</div>
        <ul>
          {NAV.map((n) => (
            <li key={n.path}>
              <a href={'#' + n.path} aria-current={n.path === current.path ? 'page' : undefined}>
                {n.label}
              </a>
            </li>
          ))}
        </ul>
        <div className="who">
          <span>{user.username ?? user.id}</span>
          <button type="button" onClick={logout}>
            Sign out
          </button>
        </div>
      </nav>
      <main>
        <PlaceholderPage title={current.label} />
      </main>
    </div>
  );
}
