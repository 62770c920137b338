import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage } from '../storage/index.js';
import { totpAt } from './totp.js';
import { ADDRESS_FAILURES, createUserService, LOCK_AFTER } from './users.js';

function setup() {
  let clock = Date.parse('2026-11-23T12:00:00Z');
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  const users = createUserService(storage.users, keyRing, {
    now: () => clock,
    scrypt: { N: 2 ** 10, r: 8, p: 1 },
  });
  return { storage, users, advance: (ms: number) => (clock += ms), now: () => clock };
}

const password = () => 'pw-' + randomBytes(9).toString('base64url');
const secretOf = (uri: string) => new URL(uri).searchParams.get('secret')!;

describe('console users', () => {
  it('enrols TOTP at creation, stores no secret in clear, and needs password and code together', async () => {
    const { storage, users, now } = setup();
    const pw = password();
    const { user, totpUri, recoveryCodes } = await users.create({
      tenant: 't',
      username: 'ana',
      roles: ['admin'],
      clearance: 'internal',
      password: pw,
    });
    const stored = JSON.stringify(await storage.users.get(user.id));
    const secret = secretOf(totpUri);
    for (const clear of [pw, secret, ...recoveryCodes]) expect(stored).not.toContain(clear);
    const code = totpAt(secret, Math.floor(now() / 1000));
    await expect(
      users.login({ tenant: 't', username: 'ana', password: pw, code: '000000' }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(
      users.login({ tenant: 't', username: 'ana', password: 'wrong-password!', code }),
    ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(users.login({ tenant: 't', username: 'ana', password: pw, code })).resolves.toMatchObject({
      id: user.id,
      failedLogins: 0,
    });
  });

  it('accepts a recovery code once', async () => {
    const { users } = setup();
    const pw = password();
    const { recoveryCodes } = await users.create({
      tenant: 't',
      username: 'bo',
      roles: ['auditor'],
      clearance: 'internal',
      password: pw,
    });
    const code = recoveryCodes[0]!;
    await users.login({ tenant: 't', username: 'bo', password: pw, code });
    await expect(users.login({ tenant: 't', username: 'bo', password: pw, code })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('locks an account after repeated failures, with backoff, even against the right password', async () => {
    const { users, advance, now } = setup();
    const pw = password();
    const { totpUri } = await users.create({
      tenant: 't',
      username: 'cy',
      roles: ['developer'],
      clearance: 'internal',
      password: pw,
    });
    for (let i = 0; i < LOCK_AFTER; i++)
      await expect(
        users.login({ tenant: 't', username: 'cy', password: 'not-the-password', code: '123456' }),
      ).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const code = () => totpAt(secretOf(totpUri), Math.floor(now() / 1000));
    await expect(
      users.login({ tenant: 't', username: 'cy', password: pw, code: code() }),
    ).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    advance(31_000);
    await expect(
      users.login({ tenant: 't', username: 'cy', password: pw, code: code() }),
    ).resolves.toMatchObject({ failedLogins: 0 });
  }, 30_000);

  it('refuses short passwords, unknown roles and disabled users', async () => {
    const { users, now } = setup();
    await expect(
      users.create({ tenant: 't', username: 'x', roles: ['app'], clearance: 'public', password: 'short' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      users.create({
        tenant: 't',
        username: 'x',
        roles: ['root'],
        clearance: 'public',
        password: password(),
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const pw = password();
    const { user, totpUri } = await users.create({
      tenant: 't',
      username: 'dee',
      roles: ['app'],
      clearance: 'public',
      password: pw,
    });
    expect(await users.disable(user.id)).toBe(true);
    const code = totpAt(secretOf(totpUri), Math.floor(now() / 1000));
    await expect(users.login({ tenant: 't', username: 'dee', password: pw, code })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('slows a source address spraying many accounts', async () => {
    const { users } = setup();
    const attempt = () =>
      users.login({
        tenant: 't',
        username: 'nobody' + randomBytes(2).toString('hex'),
        password: 'x',
        code: '1',
        sourceAddress: '203.0.113.9',
      });
    // Unknown users still cost a password hash; use a cheap count here.
    const tries = ADDRESS_FAILURES;
    for (let i = 0; i < tries; i++)
      await expect(attempt()).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(attempt()).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  }, 60_000);
});
