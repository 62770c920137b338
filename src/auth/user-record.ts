import { randomUUID } from 'node:crypto';
import type { Level } from '../core/index.js';
import type { UserRecord } from '../storage/index.js';
import { assertRole } from './rbac.js';

export interface NewUser {
  tenant: string;
  username: string;
  roles: string[];
  clearance: Level;
}

/**
 * A console user's first record (version 1, enabled, no failures): without a password or factor
 * unless `extra` gives them (invited and SSO-provisioned users set or skip them later).
 */
export function newUserRecord(
  input: NewUser,
  at: string,
  extra: Partial<Pick<UserRecord, 'id' | 'passwordHash' | 'mfa'>> = {},
): UserRecord {
  for (const role of input.roles) assertRole(role);
  return {
    id: extra.id ?? randomUUID(),
    tenant: input.tenant,
    username: input.username,
    roles: input.roles,
    clearance: input.clearance,
    ...(extra.passwordHash !== undefined ? { passwordHash: extra.passwordHash } : {}),
    mfa: extra.mfa ?? { recoveryCodeHashes: [] },
    disabled: false,
    failedLogins: 0,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}
