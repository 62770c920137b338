import { Redis } from 'ioredis';

/** The Redis the tests use (CI and these machines run one here). */
export const TEST_REDIS_URL = process.env.BULWARK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Why Redis cannot be used here, or undefined when it answers PING. Tests that need it skip with a
 * visible notice naming `what`, except under CI=true, where an unreachable Redis is an error.
 */
export async function redisProblem(what: string): Promise<string | undefined> {
  const probe = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 1500,
  });
  probe.on('error', () => undefined);
  let problem: string | undefined;
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  } finally {
    probe.disconnect();
  }
  if (problem === undefined) return undefined;
  if (process.env.CI === 'true') throw new Error(`Redis is required under CI=true: ${problem}`);
  console.warn(`\n  ⚠ Redis at ${TEST_REDIS_URL} unreachable (${problem}): ${what} SKIPPED\n`);
  return problem;
}
