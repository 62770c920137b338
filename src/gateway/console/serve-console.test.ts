import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerConsole } from './serve-console.js';

const dir = mkdtempSync(join(tmpdir(), 'bulwark-console-dist-'));
mkdirSync(join(dir, 'assets'));
writeFileSync(
  join(dir, 'index.html'),
  '<!doctype html><script type="module" src="/console/assets/app.js"></script>',
);
writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(dir, '.env'), 'SECRET=1');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function appFor(consoleDir: string) {
  const app = Fastify();
  app.get('/v1/models', async () => ({ data: [] }));
  registerConsole(app, { dir: consoleDir });
  await app.ready();
  return app;
}

describe('console static serving', () => {
  it('serves the SPA with a strict CSP and security headers, hashed assets cached immutably', async () => {
    const app = await appFor(dir);
    const page = await app.inject('/console/');
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|upgrade-insecure-requests/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject('/console/assets/app.js');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await app.inject('/console')).headers.location).toBe('/console/');
    expect((await app.inject('/console/.env')).statusCode).toBe(404);
    // The model API's hot path carries none of the console's headers.
    expect((await app.inject('/v1/models')).headers['content-security-policy']).toBeUndefined();
    await app.close();
  });

  it('answers 503 CONSOLE_NOT_BUILT when the build is missing', async () => {
    const app = await appFor(join(dir, 'missing'));
    for (const url of ['/console/', '/console/assets/app.js']) {
      const res = await app.inject(url);
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'CONSOLE_NOT_BUILT' } });
    }
    await app.close();
  });
});
