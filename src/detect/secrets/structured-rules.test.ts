import { describe, expect, it } from 'vitest';
import { ALNUM, b64url, found, HEX, rand, scanner } from './test-secrets.js';

const KEY_HEADER = (kind: string, edge: 'BEGIN' | 'END'): string =>
  `-----${edge} ${kind}${'PRIVATE'} KEY-----`;

function pemBody(lines: number): string {
  const base64 = ALNUM + '+/';
  return Array.from({ length: lines }, () => rand(base64, 64)).join('\n');
}

describe('private keys', () => {
  it.each(['RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED ', ''])(
    'finds a %sPRIVATE KEY block with its body',
    (kind) => {
      const key = `${KEY_HEADER(kind, 'BEGIN')}\n${pemBody(6)}\n${KEY_HEADER(kind, 'END')}`;
      const text = `config:\n${key}\nend`;
      const f = scanner.scan(text);
      expect(f.map((x) => x.type)).toEqual(['PRIVATE_KEY']);
      expect(text.slice(f[0]?.start, f[0]?.end)).toBe(key);
    },
  );

  it('finds a PGP private key block and a truncated key without footer', () => {
    const pgp = `-----BEGIN PGP ${'PRIVATE'} KEY BLOCK-----\n\n${pemBody(5)}\n-----END PGP ${'PRIVATE'} KEY BLOCK-----`;
    expect(found(pgp).map((s) => s.split(':')[0])).toEqual(['PRIVATE_KEY']);
    const partial = `${KEY_HEADER('RSA ', 'BEGIN')}\n${pemBody(3)}\n(rest omitted)`;
    expect(found(partial).map((s) => s.split(':')[0])).toEqual(['PRIVATE_KEY']);
  });

  it('ignores headers with no key material and public keys', () => {
    expect(found(`${KEY_HEADER('', 'BEGIN')}\nanything\n${KEY_HEADER('', 'END')}`)).toEqual([]);
    expect(found(`-----BEGIN PUBLIC KEY-----\n${pemBody(4)}\n-----END PUBLIC KEY-----`)).toEqual([]);
  });
});

describe('JWT', () => {
  const header = b64url({ alg: 'HS256', typ: 'JWT' });
  const payload = b64url({ sub: rand(HEX, 12), iat: 1_700_000_000 });

  it('finds a token whose header decodes to JSON with alg', () => {
    const jwt = `${header}.${payload}.${rand(ALNUM + '-_', 43)}`;
    expect(found(`Authorization: Bearer ${jwt}`)).toContain(`JWT:${jwt}`);
  });

  it('rejects eyJ-prefixed strings whose header is not a JOSE header', () => {
    const fake = `${b64url({ typ: 'JWT' })}.${payload}.${rand(ALNUM, 43)}`;
    expect(found(`token ${fake}`).filter((s) => s.startsWith('JWT'))).toEqual([]);
    const garbage = `eyJ${rand(ALNUM, 30)}.eyJ${rand(ALNUM, 30)}.${rand(ALNUM, 30)}`;
    expect(found(`value ${garbage}`).filter((s) => s.startsWith('JWT'))).toEqual([]);
  });
});

describe('connection strings and URL credentials', () => {
  const password = rand(ALNUM, 18);

  it.each([
    ['postgres', `postgresql://app:${password}@db.internal:5432/app`],
    ['mysql', `mysql://root:${password}@10.0.0.4/shop`],
    ['mongodb+srv', `mongodb+srv://svc:${password}@cluster0.abcde.mongodb.net/test?retryWrites=true`],
    ['redis', `rediss://default:${password}@cache.local:6380`],
    ['amqp', `amqp://guest2:${password}@mq:5672/vhost`],
    ['jdbc', `jdbc:mysql://db:3306/app?user=app&password=${password}&ssl=true`],
    ['jdbc sqlserver', `jdbc:sqlserver://db:1433;databaseName=app;user=sa;password=${password};`],
    ['ado.net', `Server=tcp:db.local,1433;Database=app;User Id=sa;Password=${password};`],
  ])('%s: the span is the password', (_, url) => {
    expect(found(`DATABASE_URL=${url}`)).toContain(`CONNECTION_STRING:${password}`);
  });

  it('finds passwords in URL user-info', () => {
    expect(found(`git clone https://deploy:${password}@git.example.org/repo.git`)).toContain(
      `BASIC_AUTH_CREDENTIALS:${password}`,
    );
  });

  it.each([
    'postgres://user:password@localhost/db',
    'postgres://user:${DB_PASSWORD}@localhost/db',
    'mysql://root:<password>@localhost/db',
    'https://user:****@example.com/',
    'redis://:changeme@localhost:6379',
    'jdbc:postgresql://db/app?user=app&password={{ .Values.password }}',
  ])('ignores placeholder credentials: %s', (url) => {
    expect(found(url)).toEqual([]);
  });
});

describe('curl and HTTP authorization', () => {
  it('finds curl -u user:password and -H Authorization', () => {
    const pw = rand(ALNUM, 14);
    expect(found(`curl -s -u admin:${pw} https://api.internal/v1`)).toContain(`PASSWORD:admin:${pw}`);
    const token = rand(ALNUM, 32);
    expect(found(`curl -H "Authorization: Bearer ${token}" https://api.internal`)).toContain(
      `AUTHORIZATION_HEADER:${token}`,
    );
    expect(found(`GET / HTTP/1.1\nAuthorization: Bearer ${token}\n`)).toContain(
      `AUTHORIZATION_HEADER:${token}`,
    );
  });

  it.each([
    'curl -u "$USER:$PASS" https://x',
    'curl --user user:pass https://x',
    'curl -H "Authorization: Bearer $API_KEY" https://x',
    'curl -H "Authorization: Bearer <token>" https://x',
    'Authorization: Bearer XXXXXXXXXXXXXXXXXXXX',
  ])('ignores templated credentials: %s', (text) => {
    expect(found(text)).toEqual([]);
  });
});
