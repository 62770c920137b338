import { afterAll, describe, expect, it } from 'vitest';
import type { TenantRecord } from '../ports/tenant-store.js';
import { testBackends } from './backends.js';

const backends = await testBackends();
afterAll(async () => {
  for (const b of backends) await b.cleanup();
});

const tenant = (id: string, name = id.toUpperCase()): TenantRecord => ({
  id,
  name,
  createdAt: '2026-05-01T00:00:00.000Z',
  updatedAt: '2026-05-01T00:00:00.000Z',
});

describe.each(backends)('TenantStore contract: $name', (backend) => {
  const it_ = it.skipIf(backend.skip !== undefined);

  it_('creates once, reads back exactly, lists in id order', async () => {
    const { tenants } = await backend.open();
    expect(await tenants.create(tenant('globex'))).toBe(true);
    expect(await tenants.create(tenant('acme'))).toBe(true);
    expect(await tenants.create(tenant('acme', 'someone else'))).toBe(false);
    expect(await tenants.get('acme')).toEqual(tenant('acme'));
    expect(await tenants.get('missing')).toBeUndefined();
    expect((await tenants.list()).map((t) => t.id)).toEqual(['acme', 'globex']);
  });

  it_('disables, keeps the first disabled time, re-enables and renames', async () => {
    const { tenants } = await backend.open();
    await tenants.create(tenant('acme'));
    const first = '2026-06-01T00:00:00.000Z';
    expect(await tenants.update('acme', { disabled: true }, first)).toBe(true);
    expect(await tenants.update('acme', { disabled: true }, '2026-06-02T00:00:00.000Z')).toBe(true);
    expect((await tenants.get('acme'))?.disabledAt).toBe(first);
    expect(
      await tenants.update('acme', { disabled: false, name: 'Acme Corp' }, '2026-06-03T00:00:00.000Z'),
    ).toBe(true);
    expect(await tenants.get('acme')).toEqual({
      ...tenant('acme'),
      name: 'Acme Corp',
      updatedAt: '2026-06-03T00:00:00.000Z',
    });
    expect(await tenants.update('missing', { disabled: true }, first)).toBe(false);
  });
});
