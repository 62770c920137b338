import * as oidc from 'openid-client';

/** One relying party at one identity provider (the console's SSO). */
export interface OidcClientOptions {
  /** Issuer identifier; https, or http on a loopback host (tests, development). */
  issuer: string;
  clientId: string;
  /** Absent: a public client that authenticates the code exchange with PKCE alone. */
  clientSecret?: string;
  /** Registered at the IdP; the callback's parameters are read against this URL, never the Host header. */
  redirectUri: string;
  scopes: readonly string[];
  /** Per IdP request (discovery, token, JWKS); default 10 s. */
  timeoutSeconds?: number;
}

/** What must be kept server-side between the redirect to the IdP and its callback. */
export interface OidcChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Why a callback was refused, for the audit record: a fixed word plus openid-client's error code. */
export class OidcFlowError extends Error {
  constructor(
    readonly reason: 'idp-unreachable' | 'idp-error' | 'invalid-response',
    readonly libraryCode?: string,
  ) {
    super(`OIDC ${reason}${libraryCode ? ` (${libraryCode})` : ''}`);
    this.name = 'OidcFlowError';
  }
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** openid-client's error codes are fixed identifiers; anything else is dropped, never echoed. */
function libraryCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code) ? code : undefined;
}

/**
 * The authorization-code flow with openid-client: discovery (once, retried after a failure),
 * PKCE S256, state and nonce, and a callback check of state, issuer, audience, expiry, nonce and
 * the ID token's signature against the IdP's JWKS (signature checks are on even though the token
 * arrives over TLS, so a compromised or spoofed token endpoint cannot mint logins).
 */
export function createOidcClient(options: OidcClientOptions) {
  const issuer = new URL(options.issuer);
  const insecure = issuer.protocol === 'http:';
  if (insecure && !LOOPBACK.test(issuer.hostname))
    throw new TypeError('an http:// OIDC issuer is allowed only on a loopback host');
  let configuration: Promise<oidc.Configuration> | undefined;

  async function discover(): Promise<oidc.Configuration> {
    const timeout = options.timeoutSeconds ?? 10;
    const execute = insecure ? [oidc.allowInsecureRequests] : [];
    const found = await oidc.discovery(issuer, options.clientId, undefined, undefined, { execute, timeout });
    const server = found.serverMetadata();
    // Discovery's default when the IdP lists no method is client_secret_basic (OIDC Discovery §3).
    const methods = server.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
    const auth =
      options.clientSecret === undefined
        ? oidc.None()
        : methods.includes('client_secret_basic')
          ? oidc.ClientSecretBasic(options.clientSecret)
          : oidc.ClientSecretPost(options.clientSecret);
    const config = new oidc.Configuration(server, options.clientId, undefined, auth);
    config.timeout = timeout;
    if (insecure) oidc.allowInsecureRequests(config);
    oidc.enableNonRepudiationChecks(config);
    return config;
  }

  function configured(): Promise<oidc.Configuration> {
    configuration ??= discover().catch((error: unknown) => {
      configuration = undefined;
      throw new OidcFlowError('idp-unreachable', libraryCode(error));
    });
    return configuration;
  }

  return {
    /** The IdP's authorize URL for a fresh login, and the checks to keep until its callback. */
    async authorize(): Promise<{ url: URL; checks: OidcChecks }> {
      const config = await configured();
      const checks: OidcChecks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope: options.scopes.join(' '),
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
      });
      return { url, checks };
    },

    /**
     * Exchanges the callback's code and returns the ID token's verified claims; throws
     * `OidcFlowError` on any mismatch (state, nonce, PKCE, issuer, audience, signature, expiry).
     */
    async verify(checks: OidcChecks, callback: URLSearchParams): Promise<Record<string, unknown>> {
      const config = await configured();
      const current = new URL(options.redirectUri);
      current.search = callback.toString();
      try {
        const tokens = await oidc.authorizationCodeGrant(config, current, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
          idTokenExpected: true,
        });
        const claims = tokens.claims();
        if (!claims) throw new OidcFlowError('invalid-response', 'NO_ID_TOKEN');
        return { ...claims };
      } catch (error) {
        if (error instanceof OidcFlowError) throw error;
        if (error instanceof oidc.AuthorizationResponseError) throw new OidcFlowError('idp-error');
        throw new OidcFlowError('invalid-response', libraryCode(error));
      }
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;
