import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../audit/index.js';
import type { Principal } from '../../core/index.js';
import { createKeyRing, createLocalKms } from '../../crypto/index.js';
import { openMemoryStorage } from '../../storage/index.js';
import { csvCell, publicRecord, searchAudit, toCsv } from './audit-query.js';
import { maskAddress } from './mask.js';

const admin: Principal = {
  id: 'user:a',
  tenant: 'acme',
  kind: 'user',
  roles: ['admin'],
  clearance: 'restricted',
};
const officer: Principal = { ...admin, id: 'user:o', roles: ['security_officer'] };

async function seeded() {
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  const log = await openAuditLog({ store: storage.audit, keyRing, checkpointIntervalMs: 3_600_000 });
  const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
  let clock = 0;
  const timed = await openAuditLog({
    store: storage.audit,
    keyRing,
    checkpointIntervalMs: 3_600_000,
    now: () => new Date(at(clock)),
  });
  for (let i = 0; i < 30; i++) {
    clock = i;
    await timed.append({
      kind: 'request',
      tenant: i % 3 === 0 ? 'globex' : 'acme',
      principal: `app:${i % 2 === 0 ? 'even' : 'odd'}`,
      model: i % 5 === 0 ? 'big' : 'small',
      decision: { action: i % 4 === 0 ? 'block' : 'allow', reasons: [] },
      levelIn: 'internal',
      sourceAddress: '203.0.113.77',
      prompt: 'secret prompt text',
    });
  }
  await timed.append({ kind: 'system', action: 'audit.purge' });
  await timed.close();
  await log.close();
  return { store: storage.audit, at };
}

describe('audit search', () => {
  it('filters by principal, model, decision and time, newest first, with a cursor to continue', async () => {
    const { store, at } = await seeded();
    const first = await searchAudit(store, admin, { principal: 'app:even' }, { limit: 5 });
    expect(first.data).toHaveLength(5);
    expect(first.data.every((r) => r.principal === 'app:even')).toBe(true);
    expect(first.data.map((r) => r.seq)).toEqual([...first.data.map((r) => r.seq)].sort((a, b) => b - a));
    const rest = await searchAudit(
      store,
      admin,
      { principal: 'app:even' },
      { limit: 50, before: Number(first.nextCursor) },
    );
    expect(first.data.length + rest.data.length).toBe(15);
    expect(rest.nextCursor).toBeUndefined();
    const window = await searchAudit(
      store,
      admin,
      { from: at(10), to: at(20), decision: 'block' },
      { limit: 50 },
    );
    expect(window.data.map((r) => r.time)).toEqual([at(16), at(12)]);
    expect(
      (await searchAudit(store, admin, { model: 'big', kind: 'request' }, { limit: 50 })).data,
    ).toHaveLength(6);
  });

  it('pins non-admins to their tenant and hides tenant-less system records from them', async () => {
    const { store } = await seeded();
    const seen = await searchAudit(store, officer, {}, { limit: 100 });
    expect(seen.data.length).toBe(20);
    expect(seen.data.every((r) => r.tenant === 'acme')).toBe(true);
    await expect(searchAudit(store, officer, { tenant: 'globex' }, { limit: 5 })).rejects.toMatchObject({
      code: 'TENANT_MISMATCH',
    });
    expect((await searchAudit(store, admin, { kind: 'system' }, { limit: 5 })).data).toHaveLength(1);
  });

  it('stops after its scan budget and says where to continue', async () => {
    const { store } = await seeded();
    const page = await searchAudit(store, admin, { model: 'nope' }, { limit: 10, budget: 7 });
    expect(page).toMatchObject({ data: [], scanned: 7 });
    expect(page.nextCursor).toBeDefined();
  });

  it('never returns the prompt, a transcript or a full client address', async () => {
    const { store } = await seeded();
    const { data } = await searchAudit(store, admin, {}, { limit: 100 });
    const text = JSON.stringify(data);
    expect(text).not.toContain('secret prompt text');
    expect(text).not.toContain('203.0.113.77');
    expect(text).toContain('203.0.113.x');
    const r = publicRecord({ v: 1, id: 'x', time: 't', kind: 'request', seq: 1, transcript: 'ciphertext' });
    expect(r).toEqual({ v: 1, id: 'x', time: 't', kind: 'request', seq: 1, hasTranscript: true });
  });
});

describe('export and masking helpers', () => {
  it('writes CSV with quoting and neutralises spreadsheet formulas', async () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
    const { store } = await seeded();
    const { data } = await searchAudit(store, admin, { kind: 'request' }, { limit: 2 });
    const lines = toCsv(data).trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^seq,id,time,kind,tenant,principal/);
  });

  it('masks IPv4, mapped and IPv6 addresses to their network', () => {
    expect(maskAddress('198.51.100.23')).toBe('198.51.100.x');
    expect(maskAddress('::ffff:10.1.2.3')).toBe('10.1.2.x');
    expect(maskAddress('2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8:85a3::/48');
    expect(maskAddress('not-an-ip')).toBe('masked');
  });
});
