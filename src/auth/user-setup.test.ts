import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage } from '../storage/index.js';
import { totpAt, TOTP_PERIOD } from './totp.js';
import { createUserSetup, SETUP_ATTEMPTS } from './user-setup.js';
import { createUserService } from './users.js';

function setup() {
  let clock = Date.parse('2026-12-04T12:00:00Z');
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  const options = { now: () => clock, scrypt: { N: 2 ** 10, r: 8, p: 1 } };
  return {
    storage,
    setups: createUserSetup(storage.users, keyRing, options),
    users: createUserService(storage.users, keyRing, options),
    advance: (ms: number) => (clock += ms),
    seconds: () => Math.floor(clock / 1000),
  };
}

const invite = { tenant: 't', username: 'ana', roles: ['admin'], clearance: 'restricted' as const };
const password = 'a long enough passphrase';

describe('one-time account setup', () => {
  it('sets a password and enrols TOTP confirmed by a first code; only then can the user log in', async () => {
    const { storage, setups, users, advance, seconds } = setup();
    const { user, token } = await setups.invite(invite);
    await expect(
      users.login({ tenant: 't', username: 'ana', password, code: '000000' }),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
    const begun = await setups.begin(token);
    expect(begun).toMatchObject({ username: 'ana', tenant: 't' });
    // Reloading the page offers the same secret the app already scanned.
    expect((await setups.begin(token)).secret).toBe(begun.secret);
    const stored = JSON.stringify(await storage.users.get(user.id));
    expect(stored).not.toContain(token.slice(-32));
    expect(stored).not.toContain(begun.secret);

    const { recoveryCodes } = await setups.complete({
      token,
      password,
      code: totpAt(begun.secret, seconds()),
    });
    expect(recoveryCodes).toHaveLength(10);
    // The token is spent.
    await expect(setups.begin(token)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
    advance(TOTP_PERIOD * 1000);
    const code = totpAt(begun.secret, seconds());
    await expect(users.login({ tenant: 't', username: 'ana', password, code })).resolves.toMatchObject({
      id: user.id,
    });
    // The same code again, within its validity window, is a replay.
    await expect(users.login({ tenant: 't', username: 'ana', password, code })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('refuses forged, expired and reissued-over tokens with one code', async () => {
    const { setups, advance } = setup();
    const { user, token } = await setups.invite({ ...invite, ttlMs: 60_000 });
    const forged = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    for (const bad of [forged, 'bk_setup_nope', token.replace(user.id, crypto.randomUUID())])
      await expect(setups.begin(bad)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
    const fresh = await setups.reissue(user.id);
    await expect(setups.begin(token)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
    await setups.begin(fresh.token);
    advance(25 * 3_600_000);
    await expect(setups.begin(fresh.token)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
  });

  it('spends the token after repeated wrong codes and refuses weak passwords without enrolling', async () => {
    const { setups } = setup();
    const { token } = await setups.invite(invite);
    await setups.begin(token);
    await expect(setups.complete({ token, password: 'short', code: '123456' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    for (let i = 0; i < SETUP_ATTEMPTS; i++)
      await expect(setups.complete({ token, password, code: '000000' })).rejects.toMatchObject({
        code: 'INVALID_CREDENTIALS',
      });
    await expect(setups.begin(token)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
  });

  it('refuses a taken username', async () => {
    const { setups } = setup();
    await setups.invite(invite);
    await expect(setups.invite(invite)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
