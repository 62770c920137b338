import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import {
  API_KEY_PEPPER_PURPOSE,
  createApiKeyService,
  createApiKeyVerifier,
  createTenantGate,
  createUserService,
  createUserSetup,
  totpAt,
} from '../../src/auth/index.js';
import { doAdminBootstrap } from '../../src/cli/admin.js';
import { buildProgram } from '../../src/cli/main.js';
import { doUsersCreate, doUsersDisable, doUsersList, readPasswordFromStdin } from '../../src/cli/users.js';
import { doTenantsChange, doTenantsList } from '../../src/cli/tenants.js';
import { openRuntime, type Runtime } from '../../src/gateway/runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-users-'));
const dataDir = join(dir, 'data');
const flags = { config: join(dir, 'none.yaml'), dataDir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bulwark users / admin bootstrap', () => {
  it('bootstraps the first admin once, with TOTP enrolled, and that admin can log in with password + code', async () => {
    const password = 'boot-' + Math.random().toString(36).slice(2) + '-pass';
    const created = await doUsersCreate({
      ...flags,
      username: 'root',
      roles: ['admin'],
      tenant: 'default',
      clearance: 'restricted',
      password,
      firstAdmin: true,
    });
    expect(created.totpUri).toMatch(/^otpauth:\/\/totp\//);
    expect(created.recoveryCodes).toHaveLength(10);
    await expect(
      doUsersCreate({
        ...flags,
        username: 'root2',
        roles: ['admin'],
        tenant: 'default',
        clearance: 'restricted',
        password,
        firstAdmin: true,
      }),
    ).rejects.toThrow(/already exists/);
    const runtime = await openRuntime({ dataDir, env: {} });
    try {
      const secret = new URL(created.totpUri).searchParams.get('secret')!;
      const users = createUserService(runtime.storage.users, runtime.keyRing);
      const code = totpAt(secret, Math.floor(Date.now() / 1000));
      await expect(
        users.login({ tenant: 'default', username: 'root', password, code }),
      ).resolves.toMatchObject({ roles: ['admin'] });
    } finally {
      await runtime.close();
    }
  }, 30_000);

  it('bootstraps by one-time setup token: each run voids the last link, none works once the admin is set up', async () => {
    const own = { config: join(dir, 'none.yaml'), dataDir: join(dir, 'data-token') };
    const first = await doAdminBootstrap({ ...own, username: 'chief', tenant: 'default' });
    const second = await doAdminBootstrap({ ...own, username: 'chief', tenant: 'default' });
    expect(second.user.id).toBe(first.user.id);
    const runtime = await openRuntime({ dataDir: own.dataDir, env: {} });
    try {
      const setup = createUserSetup(runtime.storage.users, runtime.keyRing);
      await expect(setup.begin(first.token)).rejects.toMatchObject({ code: 'SETUP_TOKEN_INVALID' });
      const { secret } = await setup.begin(second.token);
      const password = 'chief-' + Math.random().toString(36).slice(2) + '-pass';
      await setup.complete({
        token: second.token,
        password,
        code: totpAt(secret, Math.floor(Date.now() / 1000)),
      });
    } finally {
      await runtime.close();
    }
    await expect(doAdminBootstrap({ ...own, username: 'chief', tenant: 'default' })).rejects.toThrow(
      /already exists/,
    );
  }, 30_000);

  it('lists users without secrets and disables them', async () => {
    const created = await doUsersCreate({
      ...flags,
      username: 'dev',
      roles: ['developer'],
      tenant: 'acme',
      clearance: 'internal',
      password: 'a-long-enough-password',
    });
    const rows = await doUsersList({ ...flags, tenant: 'acme' });
    expect(rows).toEqual([expect.objectContaining({ username: 'dev', mfa: 'totp', disabled: false })]);
    expect(JSON.stringify(rows)).not.toMatch(/scrypt|otpauth/);
    expect(await doUsersDisable({ ...flags, id: created.user.id })).toBe(true);
    expect((await doUsersList({ ...flags, tenant: 'acme' }))[0]?.disabled).toBe(true);
    expect(await doUsersDisable({ ...flags, id: 'missing' })).toBe(false);
  }, 30_000);

  it('lists implied tenants, registers, disables and re-enables them; a disabled tenant refuses its keys', async () => {
    const before = await doTenantsList(flags);
    expect(before).toContainEqual(
      expect.objectContaining({ id: 'acme', registered: false, disabled: false, users: 1 }),
    );
    await doTenantsChange({ ...flags, id: 'initech', action: 'create', name: 'Initech' });
    await expect(doTenantsChange({ ...flags, id: 'initech', action: 'create' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(doTenantsChange({ ...flags, id: 'Bad Id', action: 'create' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    // Keys issued and verified over the same data dir, as `bulwark keys create` and the gateway do.
    const withRuntime = async <T>(f: (runtime: Runtime, pepper: Uint8Array) => Promise<T>) => {
      const runtime = await openRuntime({ dataDir, env: {} });
      try {
        return await f(runtime, await runtime.keyRing.deriveSecret(API_KEY_PEPPER_PURPOSE));
      } finally {
        await runtime.close();
      }
    };
    const { token } = await withRuntime((runtime, pepper) =>
      createApiKeyService(runtime.storage.apiKeys, pepper).create({
        name: 'svc',
        tenant: 'acme',
        role: 'app',
        clearance: 'internal',
      }),
    );
    expect((await doTenantsChange({ ...flags, id: 'acme', action: 'disable' })).disabledAt).toBeDefined();
    const verify = () =>
      withRuntime((runtime, pepper) =>
        createApiKeyVerifier({
          store: runtime.storage.apiKeys,
          pepper,
          tenants: createTenantGate(runtime.storage.tenants),
        }).verify(token),
      );
    await expect(verify()).rejects.toMatchObject({ code: 'TENANT_DISABLED' });
    await doTenantsChange({ ...flags, id: 'acme', action: 'enable' });
    await expect(verify()).resolves.toMatchObject({ record: { tenant: 'acme' } });
    expect(await doTenantsList(flags)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'acme', registered: true, disabled: false, keys: 1 }),
        expect.objectContaining({ id: 'initech', name: 'Initech', registered: true, users: 0 }),
      ]),
    );
  }, 30_000);

  it('reads the password from stdin, refuses an empty one, and has --help on every command', async () => {
    expect(await readPasswordFromStdin(Readable.from(['pw-from-stdin\n', 'ignored']))).toBe('pw-from-stdin');
    await expect(readPasswordFromStdin(Readable.from(['\n']))).rejects.toThrow(/no password/);
    const program = await buildProgram();
    for (const path of [
      ['users', 'create'],
      ['users', 'list'],
      ['users', 'disable'],
      ['tenants', 'list'],
      ['tenants', 'create'],
      ['tenants', 'disable'],
      ['tenants', 'enable'],
      ['admin', 'bootstrap'],
    ]) {
      const command = path.reduce((c, name) => c.commands.find((x) => x.name() === name)!, program);
      expect(command.helpInformation()).toMatch(/--data-dir/);
    }
  });
});
