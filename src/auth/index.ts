/** Identity: API keys, roles and permissions, console passwords, TOTP MFA and OIDC single sign-on. */
export {
  API_KEY_PATTERN,
  generateApiKey,
  parseApiKey,
  hashApiKeySecret,
  secretMatches,
} from './api-key-format.js';
export type { ParsedApiKey } from './api-key-format.js';
export {
  createApiKeyVerifier,
  principalOf,
  type ApiKeyVerifier,
  type ApiKeyVerifierOptions,
  type VerifiedKey,
} from './api-key-verifier.js';
export {
  createApiKeyService,
  type ApiKeyService,
  type CreateApiKeyInput,
  type CreatedApiKey,
} from './api-keys.js';
export {
  PERMISSIONS,
  ROLES,
  ROLE_PERMISSIONS,
  can,
  requirePermission,
  isRole,
  assertRole,
  type Permission,
  type Role,
} from './rbac.js';
export { assertInScope, assertTenant, modelsInScope, scopeMatches, type ScopeTarget } from './scopes.js';
export {
  createUserService,
  RECOVERY_PEPPER_PURPOSE,
  MIN_PASSWORD_LENGTH,
  LOCK_AFTER,
  ADDRESS_FAILURES,
  type UserService,
  type UserServiceOptions,
  type CreateUserInput,
  type CreatedUser,
  type LoginInput,
  type SecondFactorInput,
} from './users.js';
export {
  createUserSetup,
  firstAdminInvitation,
  FIRST_ADMIN,
  SETUP_ATTEMPTS,
  SETUP_TTL_MS,
  type Invitation,
  type InviteInput,
  type SetupBegin,
  type UserSetup,
} from './user-setup.js';
export {
  createSessionStore,
  csrfMatches,
  SESSION_COOKIE,
  SESSION_SECRET_PURPOSE,
  type Session,
  type SessionStore,
  type SessionStoreOptions,
} from './sessions.js';
export {
  createOneTimeStore,
  ONE_TIME_SECRET_PURPOSE,
  type OneTimeBacking,
  type OneTimeEntry,
  type OneTimeRing,
  type OneTimeStore,
  type OneTimeStoreOptions,
} from './one-time-store.js';
export {
  decideOidcLogin,
  hasMfaClaim,
  MFA_AMR_VALUES,
  type OidcDecision,
  type OidcPolicyConfig,
  type OidcRefusal,
} from './oidc-policy.js';
export {
  createOidcClient,
  OidcFlowError,
  type OidcChecks,
  type OidcClient,
  type OidcClientOptions,
} from './oidc-client.js';
export {
  createSsoLogin,
  SSO_FLOW_TTL_MS,
  SSO_TICKET_ATTEMPTS,
  SSO_TICKET_TTL_MS,
  type SsoCallbackResult,
  type SsoErrorCode,
  type SsoLogin,
  type SsoLoginOptions,
} from './sso-login.js';
export { hashPassword, verifyPassword, needsRehash, SCRYPT_PARAMS } from './password.js';
export {
  newTotpSecret,
  totpUri,
  verifyTotp,
  totpAt,
  newRecoveryCodes,
  hashRecoveryCode,
  matchRecoveryCode,
  TOTP_PERIOD,
  type TotpCheck,
} from './totp.js';

/** Key-ring purpose of the API-key HMAC pepper; the gateway and the CLI must derive the same one. */
export const API_KEY_PEPPER_PURPOSE = 'auth/api-key-hmac/v1';
export { createTenantGate, createTenantService, TENANT_ID } from './tenants.js';
export type { TenantGate, TenantService } from './tenants.js';
export { memoryFailureCounters, redisFailureCounters, type FailureCounters } from './failure-counters.js';
