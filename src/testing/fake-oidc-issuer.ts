import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';

/** How the next ID token departs from a correct one (each field breaks one check). */
export interface FakeTamper {
  /** Sent instead of the nonce the client asked for. */
  nonce?: string;
  aud?: string;
  iss?: string;
  /** Issued two hours ago, expired one hour ago. */
  expired?: boolean;
  /** Signed by a key that is not in the JWKS (same `kid`, so only the signature check catches it). */
  otherKey?: boolean;
}

/** The user the next authorization stands for. */
export interface FakeLogin {
  /** Extra ID-token claims: preferred_username, amr, acr, groups, ... */
  claims: Record<string, unknown>;
  tamper?: FakeTamper;
}

export interface FakeOidcIssuer {
  /** Issuer identifier (http://127.0.0.1:port). */
  url: string;
  clientId: string;
  clientSecret: string;
  /** Claims for the authorizations that follow (until set again). */
  nextLogin(login: FakeLogin): void;
  /** Every code, access token and ID token handed out: none may appear in logs or audit records. */
  readonly issued: readonly string[];
  /** Paths requested, in order (discovery, jwks, authorize, token). */
  readonly paths: readonly string[];
  close(): Promise<void>;
}

interface PendingCode {
  nonce: string;
  challenge: string;
  redirectUri: string;
  login: FakeLogin;
  used: boolean;
}

const b64url = (data: Buffer) => data.toString('base64url');

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of req) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/**
 * An OpenID provider on an ephemeral loopback port: discovery, JWKS, an authorize endpoint that
 * redirects straight back with a code (no login page), and a token endpoint that checks the client
 * secret (Basic), the redirect URI and the PKCE verifier, then returns an RS256 ID token echoing the
 * nonce. `nextLogin` scripts who signs in and how the token is tampered with.
 */
export async function startFakeOidcIssuer(
  options: { clientId?: string; clientSecret?: string } = {},
): Promise<FakeOidcIssuer> {
  const clientId = options.clientId ?? 'bulwark-console';
  const clientSecret = options.clientSecret ?? `cs_${b64url(randomBytes(18))}`;
  const kid = 'test-key-1';
  const signing = await generateKeyPair('RS256');
  const impostor = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const codes = new Map<string, PendingCode>();
  const issued: string[] = [];
  const paths: string[] = [];
  let login: FakeLogin = { claims: {} };
  let url = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  async function idToken(code: PendingCode): Promise<string> {
    const t = code.login.tamper ?? {};
    const now = Math.floor(Date.now() / 1000) - (t.expired ? 7200 : 0);
    const key: CryptoKey = t.otherKey ? impostor.privateKey : signing.privateKey;
    return new SignJWT({ ...code.login.claims, nonce: t.nonce ?? code.nonce })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(t.iss ?? url)
      .setSubject(typeof code.login.claims.sub === 'string' ? code.login.claims.sub : 'subject-1')
      .setAudience(t.aud ?? clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + (t.expired ? 3600 : 300))
      .sign(key);
  }

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = new URLSearchParams(await readBody(req));
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    if (id !== clientId || secret !== clientSecret) return json(res, 401, { error: 'invalid_client' });
    const pending = codes.get(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = b64url(createHash('sha256').update(verifier).digest());
    if (
      form.get('grant_type') !== 'authorization_code' ||
      !pending ||
      pending.used ||
      pending.redirectUri !== form.get('redirect_uri') ||
      pending.challenge !== challenge
    )
      return json(res, 400, { error: 'invalid_grant' });
    pending.used = true;
    const access = `at_${b64url(randomBytes(24))}`;
    const id_token = await idToken(pending);
    issued.push(access, id_token);
    json(res, 200, { access_token: access, token_type: 'Bearer', expires_in: 300, id_token });
  }

  function authorize(query: URLSearchParams, res: ServerResponse): void {
    const redirectUri = query.get('redirect_uri');
    if (
      query.get('client_id') !== clientId ||
      query.get('response_type') !== 'code' ||
      query.get('code_challenge_method') !== 'S256' ||
      !redirectUri
    )
      return json(res, 400, { error: 'invalid_request' });
    const code = `ac_${b64url(randomBytes(24))}`;
    issued.push(code);
    codes.set(code, {
      nonce: query.get('nonce') ?? '',
      challenge: query.get('code_challenge') ?? '',
      redirectUri,
      login,
      used: false,
    });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    back.searchParams.set('iss', url);
    res.writeHead(302, { location: back.href });
    res.end();
  }

  const server = createServer((req, res) => {
    const target = new URL(req.url ?? '/', url);
    paths.push(target.pathname);
    const fail = () => json(res, 500, { error: 'server_error' });
    switch (target.pathname) {
      case '/.well-known/openid-configuration':
        return json(res, 200, {
          issuer: url,
          authorization_endpoint: `${url}/authorize`,
          token_endpoint: `${url}/token`,
          jwks_uri: `${url}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          token_endpoint_auth_methods_supported: ['client_secret_basic'],
          authorization_response_iss_parameter_supported: true,
        });
      case '/jwks':
        return json(res, 200, { keys: [jwk] });
      case '/authorize':
        return authorize(target.searchParams, res);
      case '/token':
        return void token(req, res).catch(fail);
      default:
        return json(res, 404, { error: 'not_found' });
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    clientId,
    clientSecret,
    nextLogin(next) {
      login = next;
    },
    issued,
    paths,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
