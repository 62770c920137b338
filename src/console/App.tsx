import { useEffect, useState } from 'react';
import { api, setCsrfToken } from './api.ts';
import { navigate, useRoute } from './router.ts';
import { LoginPage } from './pages/Login.tsx';
import { SetupPage } from './pages/Setup.tsx';
import { AlertsPage } from './pages/Alerts.tsx';
import { AuditPage } from './pages/Audit.tsx';
import { KeysPage } from './pages/Keys.tsx';
import { OverviewPage } from './pages/Overview.tsx';
import { PoliciesPage } from './pages/Policies.tsx';
import { ReportsPage } from './pages/Reports.tsx';
import { UsersPage } from './pages/Users.tsx';

export interface SessionUser {
  id: string;
  tenant: string;
  username?: string;
  roles: string[];
  clearance?: string;
  /** What the console offers this user (the server checks every call again). */
  permissions?: string[];
}

// Each page lists the permissions (any of) its main call needs; the nav hides what would only fail.
const NAV: { path: string; label: string; needs: string[] }[] = [
  { path: '/overview', label: 'Overview', needs: ['audit:read', 'usage:read'] },
  { path: '/audit', label: 'Audit', needs: ['audit:read'] },
  { path: '/keys', label: 'Keys', needs: ['keys:read', 'keys:read_own'] },
  { path: '/users', label: 'Users', needs: ['users:read'] },
  { path: '/policies', label: 'Policies', needs: ['policies:read'] },
  { path: '/alerts', label: 'Alerts', needs: ['alerts:read'] },
  { path: '/reports', label: 'Reports', needs: ['reports:read'] },
];

function Page({ path, user }: { path: string; user: SessionUser }) {
  const permissions = user.permissions ?? [];
  switch (path) {
    case '/overview':
      return <OverviewPage />;
    case '/audit':
      return <AuditPage permissions={permissions} />;
    case '/keys':
      return <KeysPage permissions={permissions} />;
    case '/users':
      return <UsersPage permissions={permissions} self={`user:${user.id}`} />;
    case '/policies':
      return <PoliciesPage permissions={permissions} />;
    case '/alerts':
      return <AlertsPage permissions={permissions} />;
    case '/reports':
      return <ReportsPage />;
    default:
      return null;
  }
}

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
  const nav = NAV.filter((n) => n.needs.some((p) => user.permissions?.includes(p)));
  const current = nav.find((n) => n.path === route.path) ?? nav[0];
  return (
    <div className="shell">
      <a
        className="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <nav aria-label="Main">
        <div className="brand">Bulwark</div>
        <ul>
          {nav.map((n) => (
            <li key={n.path}>
              <a href={'#' + n.path} aria-current={n.path === current?.path ? 'page' : undefined}>
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
      <main id="main" tabIndex={-1}>
        {current ? (
          <Page key={current.path} path={current.path} user={user} />
        ) : (
          <p>Your roles give you no console pages. Ask an administrator for access.</p>
        )}
      </main>
    </div>
  );
}
