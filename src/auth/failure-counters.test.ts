import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeyRing, createLocalKms } from '../crypto/index.js';
import { openMemoryStorage } from '../storage/index.js';
import { redisProblem, TEST_REDIS_URL } from '../storage/contract/redis.js';
import { memoryFailureCounters, redisFailureCounters, type FailureCounters } from './failure-counters.js';
import { ADDRESS_FAILURES, createUserService } from './users.js';

const problem = await redisProblem('shared failed-login budgets');
const redis = problem === undefined ? new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
afterAll(() => redis?.disconnect());

/** Two replicas' user services over one user store, counting failures with `counters(i)`. */
async function replicas(counters: (replica: number) => FailureCounters) {
  const storage = openMemoryStorage();
  const keyRing = createKeyRing({ kms: createLocalKms([randomBytes(32)]), store: storage.dataKeys });
  const fast = { scrypt: { N: 2 ** 10, r: 8, p: 1 } };
  const [a, b] = [0, 1].map((i) =>
    createUserService(storage.users, keyRing, { ...fast, counters: counters(i) }),
  );
  await a!.create({
    tenant: 't',
    username: 'ana',
    roles: ['auditor'],
    clearance: 'internal',
    password: 'a long enough password',
  });
  // Wrong passwords for accounts that do not exist: only the per-address budget counts them.
  const guess = (service: typeof a, i: number) =>
    service!.login({
      tenant: 't',
      username: `nobody-${i}`,
      password: 'guess',
      code: '000000',
      sourceAddress: '203.0.113.9',
    });
  return { a: a!, b: b!, guess };
}

describe('failed-login budget per address', () => {
  it.skipIf(problem !== undefined)('is one budget across replicas on one Redis', async () => {
    const prefix = `test-${randomBytes(6).toString('hex')}`;
    const { a, b, guess } = await replicas(() => redisFailureCounters(redis, prefix));
    for (let i = 0; i < ADDRESS_FAILURES; i++)
      await expect(guess(i % 2 === 0 ? a : b, i)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    // Each replica saw only half the failures, yet both now refuse the address.
    await expect(guess(a, 99)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    await expect(guess(b, 99)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
  });

  it("counted per process, the same spread stays under each replica's budget", async () => {
    const { a, b, guess } = await replicas(() => memoryFailureCounters);
    for (let i = 0; i < ADDRESS_FAILURES; i++)
      await expect(guess(i % 2 === 0 ? a : b, i)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(guess(a, 99)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
  });

  it('keeps counting in the process when Redis is unreachable', async () => {
    const dead = new Redis('redis://127.0.0.1:1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
    });
    dead.on('error', () => undefined);
    const { a, guess } = await replicas(() => redisFailureCounters(dead, 'down'));
    for (let i = 0; i < ADDRESS_FAILURES; i++)
      await expect(guess(a, i)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(guess(a, 99)).rejects.toMatchObject({ code: 'ACCOUNT_LOCKED' });
    dead.disconnect();
  });
});
