import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBulwarkError } from '../core/index.js';
import { open, parseCiphertext } from './ciphertext.js';
import { createKeyRing, dataKeyContext, subjects } from './key-ring.js';
import { createLocalKms } from './kms.js';
import { createMemoryKeyStore } from './memory-key-store.js';
import { rotateRoot } from './rotate.js';

const setup = () => {
  const root = randomBytes(32);
  const store = createMemoryKeyStore();
  const kms = createLocalKms([root]);
  return { root, store, kms, ring: createKeyRing({ kms, store }) };
};

const code = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isBulwarkError(e) ? e.code : 'other'),
  );

describe('key ring (envelope encryption)', () => {
  it('round-trips any plaintext and AAD', async () => {
    const { ring } = setup();
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), fc.string(), async (pt, aad) => {
        const ct = await ring.encrypt(subjects.tenant('acme'), pt, aad);
        expect(Buffer.from(await ring.decrypt(ct, aad))).toEqual(Buffer.from(pt));
      }),
      { numRuns: 100 },
    );
  });

  it('writes a versioned header naming the data key, and stores only wrapped keys', async () => {
    const { ring, store } = setup();
    const ct = await ring.encrypt('tenant:acme', 'hello');
    const header = parseCiphertext(ct);
    expect(header.version).toBe(1);
    const row = await store.getBySubject('tenant:acme');
    expect(header.keyId).toBe(row?.keyId);
    expect(row?.wrapped.length).toBeGreaterThan(32); // nonce + wrapped key + tag, never the raw key
  });

  it('uses separate data keys per tenant and per subject', async () => {
    const { ring, store } = setup();
    await ring.encrypt(subjects.tenant('a'), 'x');
    await ring.encrypt(subjects.tenant('b'), 'x');
    await ring.encrypt(subjects.dataSubject('a', 'u1'), 'x');
    const ids = (await store.list()).map((r) => r.keyId);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses a ciphertext with a flipped byte, a wrong AAD or a moved header', async () => {
    const { ring } = setup();
    const ct = await ring.encrypt('tenant:acme', 'secret payload', 'conv-1');
    for (let i = 0; i < ct.length; i += 7) {
      const bad = Buffer.from(ct);
      bad[i]! ^= 0x01;
      expect(await code(ring.decrypt(bad, 'conv-1'))).not.toBe('resolved');
    }
    expect(await code(ring.decrypt(ct, 'conv-2'))).toBe('DECRYPTION_FAILED');
    expect(await code(ring.decrypt(ct.subarray(0, 10)))).toBe('DECRYPTION_FAILED');
  });

  it('never repeats a nonce over many encryptions (random 96-bit nonces)', async () => {
    const { ring } = setup();
    const seen = new Set<string>();
    const n = 20_000;
    for (let i = 0; i < n; i++)
      seen.add(parseCiphertext(await ring.encrypt('tenant:acme', 'x')).nonce.toString('hex'));
    expect(seen.size).toBe(n);
  });

  it('crypto-shreds a subject: no key the system holds can decrypt its ciphertexts afterwards', async () => {
    const { ring, store, kms, root } = setup();
    const victim = subjects.dataSubject('acme', 'user-42');
    const ct = await ring.encrypt(victim, 'alice@example.com');
    await ring.encrypt(subjects.tenant('acme'), 'other data');
    await ring.deriveSecret('audit-hmac');
    expect(await ring.shred(victim)).toBe(true);

    expect(await code(ring.decrypt(ct))).toBe('DATA_KEY_DESTROYED');
    // A fresh key ring (no cache) cannot either.
    expect(await code(createKeyRing({ kms, store }).decrypt(ct))).toBe('DATA_KEY_DESTROYED');
    // Exhaustively: every data key still stored, and the root key itself, fail to open it.
    const parsed = parseCiphertext(ct);
    const candidates: Uint8Array[] = [root];
    for (const row of await store.list())
      candidates.push(await kms.unwrap(row.wrapped, row.rootKeyId, dataKeyContext(row.keyId, row.subject)));
    expect(candidates.length).toBeGreaterThanOrEqual(3);
    for (const key of candidates) expect(() => open(key, parsed)).toThrow();
    // A new key for the same subject is a different key.
    await ring.encrypt(victim, 'new');
    expect((await store.getBySubject(victim))?.keyId).not.toBe(parsed.keyId);
  });

  it('rotates the root key by re-wrapping data keys, leaving ciphertexts untouched', async () => {
    const { ring, store, root } = setup();
    const cts = await Promise.all(['a', 'b', 'c'].map((t) => ring.encrypt(subjects.tenant(t), `data ${t}`)));
    const secret = await ring.deriveSecret('audit-hmac');
    const newRoot = randomBytes(32);
    const both = createLocalKms([newRoot, root]);
    const result = await rotateRoot({ store, kms: both });
    expect(result.rewrapped).toBe(4); // three tenants + the derivation key
    expect((await rotateRoot({ store, kms: both })).rewrapped).toBe(0); // idempotent

    const after = createKeyRing({ kms: createLocalKms([newRoot]), store });
    expect((await Promise.all(cts.map((c) => after.decrypt(c)))).map(String)).toEqual([
      'data a',
      'data b',
      'data c',
    ]);
    expect(await after.deriveSecret('audit-hmac')).toEqual(secret); // derived keys survive rotation
    // The old root alone opens nothing any more.
    expect(await code(createKeyRing({ kms: createLocalKms([root]), store }).decrypt(cts[0]!))).toBe(
      'DECRYPTION_FAILED',
    );
  });

  it('keeps one data key when two rings race to create a subject key', async () => {
    const { store, kms } = setup();
    const a = createKeyRing({ kms, store });
    const b = createKeyRing({ kms, store });
    const [ca, cb] = await Promise.all([a.encrypt('tenant:t', 'from a'), b.encrypt('tenant:t', 'from b')]);
    expect(String(await b.decrypt(ca))).toBe('from a');
    expect(String(await a.decrypt(cb))).toBe('from b');
    expect((await store.list()).length).toBe(1);
  });

  it('derives distinct secrets per purpose, stable across instances', async () => {
    const { ring, store, kms } = setup();
    const h1 = await ring.deriveSecret('audit-hmac');
    expect(await ring.deriveSecret('audit-signing')).not.toEqual(h1);
    expect(await createKeyRing({ kms, store }).deriveSecret('audit-hmac')).toEqual(h1);
  });

  it('stops using a key another replica shredded once the cache entry expires', async () => {
    const { store, kms } = setup();
    const a = createKeyRing({ kms, store, cacheTtlMs: 30 });
    const b = createKeyRing({ kms, store });
    const ct = await a.encrypt('subject:acme:u1', 'x');
    await b.shred('subject:acme:u1');
    await new Promise((r) => setTimeout(r, 50));
    expect(await code(a.decrypt(ct))).toBe('DATA_KEY_DESTROYED');
  });
});
