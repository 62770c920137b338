import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditKeys, verifyAuditLog } from '../../src/audit/index.js';
import { openRuntime } from '../../src/gateway/runtime.js';
import { startFakeUpstream } from '../../src/testing/fake-upstream.js';
import { startGatewayProcess } from './helpers/gateway-process.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe('gateway killed under load', () => {
  it('has an audit record for every acknowledged request after SIGKILL, and the log still verifies', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-kill-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const upstream = await startFakeUpstream('openai', () => ({ chunks: ['ok'] }));
    cleanup.push(() => upstream.close());
    const file = join(dir, 'bulwark.yaml');
    writeFileSync(
      file,
      `upstreams:\n  main: { kind: openai-compatible, baseUrl: '${upstream.url}', allowPrivateNetwork: true }\nmodels:\n  m: { upstream: main }\npolicy: { canary: false }\n`,
    );
    const { child, url } = await startGatewayProcess(dir, file, join(dir, 'data'));
    cleanup.push(() => void child.kill('SIGKILL'));

    // Load: 16 clients in a loop; kill the process mid-flight once enough answers came back.
    const acknowledged: string[] = [];
    let killed = false;
    const client = async (): Promise<void> => {
      while (!killed) {
        try {
          const res = await fetch(`${url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hello there' }] }),
          });
          if (res.status === 200) {
            await res.json();
            acknowledged.push(res.headers.get('x-request-id')!);
          }
        } catch {
          return; // connection refused or reset once the process is gone
        }
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    };
    const exited = new Promise((ok) => child.once('exit', ok));
    await Promise.all(Array.from({ length: 16 }, client));
    await exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const runtime = await openRuntime({ dataDir: join(dir, 'data') });
    cleanup.push(() => runtime.close());
    const head = await runtime.storage.audit.head();
    const stored = new Set(
      (await runtime.storage.audit.range(0, head.size + 10)).map(
        (e) => (JSON.parse(e.body) as { requestId?: string }).requestId,
      ),
    );
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const keys = await auditKeys(runtime.keyRing);
    expect(
      (await verifyAuditLog({ store: runtime.storage.audit, publicKey: keys.signer.publicKey })).ok,
    ).toBe(true);
  }, 120_000);
});
