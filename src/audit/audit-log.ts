import { randomUUID } from 'node:crypto';
import { BulwarkError } from '../core/index.js';
import { subjects } from '../crypto/index.js';
import type { AuditAppendBuilder, AuditCheckpoint, AuditEntry, AuditStore } from '../storage/index.js';
import { chainNext } from './chain.js';
import type { CheckpointSigner } from './checkpoint.js';
import type { Digester } from './digest.js';
import { frontierAppend, frontierRoot, leafHash } from './merkle.js';
import { auditInputSchema, canonicalJson, type AuditInput, type AuditRecord } from './record.js';

/**
 * 'durable' (default): `append` resolves only after the record is committed, so a gateway that awaits
 * it never acknowledges a request whose record could be lost.
 * 'async': `append` resolves once the record is queued in a bounded buffer. RISK: records still in the
 * buffer are lost if the process dies (SIGKILL, OOM, power); a full buffer makes `append` wait
 * (back-pressure) and, after `enqueueTimeoutMs`, fail with AUDIT_UNAVAILABLE.
 */
export type AuditMode = 'durable' | 'async';

export interface AuditLogOptions {
  store: AuditStore;
  signer: CheckpointSigner;
  digester: Digester;
  /** Encrypts transcripts under the tenant's data key; without it, a transcript is refused. */
  encrypt?: (subject: string, plaintext: string, aad: string) => Promise<Uint8Array>;
  mode?: AuditMode;
  /** Sign a checkpoint after this many new records (default 1000). */
  checkpointEvery?: number;
  /** …and at least this often while records arrive (ms, default 60 s; 0 turns the timer off). */
  checkpointIntervalMs?: number;
  /** async mode: maximum queued records, plus at most `maxBatch` being written (default 10 000). */
  bufferSize?: number;
  /** async mode: how long `append` waits for buffer space before failing (default 5 s). */
  enqueueTimeoutMs?: number;
  /** Records written per transaction at most (group commit; default 256). */
  maxBatch?: number;
  /** Write and checkpoint errors in async mode or from the timer (never includes record content). */
  onError?: (error: unknown) => void;
  now?: () => Date;
}

export interface AuditReceipt {
  id: string;
  time: string;
  /** Log position; known in durable mode. */
  seq?: number;
}

export interface AuditLog {
  readonly mode: AuditMode;
  /** Records queued but not yet committed. */
  readonly pending: number;
  append(input: AuditInput): Promise<AuditReceipt>;
  /** Resolves when everything queued so far is committed. */
  flush(): Promise<void>;
  /** Signs and stores a checkpoint of the current head, unless one exists for its size. */
  checkpoint(): Promise<AuditCheckpoint | undefined>;
  /** Flushes, writes a final checkpoint and stops the timer. */
  close(): Promise<void>;
}

interface Queued {
  record: AuditRecord;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/** Chains a batch onto the head read under the store's append lock. */
function builder(batch: readonly Queued[]): AuditAppendBuilder {
  return (head) => {
    let { size, chainHash } = head;
    let frontier: Buffer[] = head.frontier.map((h) => Buffer.from(h, 'hex'));
    const entries = batch.map(({ record }): AuditEntry => {
      const seq = size++;
      // The seq goes into the hashed body, so renumbering rows after a deletion shows.
      const body = canonicalJson({ ...record, seq });
      const leaf = leafHash(Buffer.from(body, 'utf8'));
      chainHash = chainNext(chainHash, leaf.toString('hex'));
      frontier = frontierAppend(frontier, seq, leaf);
      return { seq, id: record.id, time: record.time, body, leafHash: leaf.toString('hex'), chainHash };
    });
    return { entries, head: { ...head, size, chainHash, frontier: frontier.map((b) => b.toString('hex')) } };
  };
}

export function createAuditLog(options: AuditLogOptions): AuditLog {
  const { store, signer, digester } = options;
  const mode = options.mode ?? 'durable';
  const checkpointEvery = options.checkpointEvery ?? 1000;
  const bufferSize = options.bufferSize ?? 10_000;
  const enqueueTimeoutMs = options.enqueueTimeoutMs ?? 5000;
  const maxBatch = options.maxBatch ?? 256;
  const onError = options.onError ?? (() => undefined);
  const now = options.now ?? (() => new Date());

  const queue: Queued[] = [];
  const spaceWaiters: (() => void)[] = [];
  let running = false; // a drain loop is active
  let idle: Promise<void> = Promise.resolve(); // settles when the current drain loop ends
  let lastCheckpointSize: number | undefined;
  let closed = false;

  async function prepare(input: AuditInput): Promise<AuditRecord> {
    const parsed = auditInputSchema.safeParse(input);
    if (!parsed.success)
      throw new BulwarkError('VALIDATION_FAILED', {
        message: 'The audit record is invalid.',
        details: {
          // Field paths only, never values; an unknown key is named by its key.
          fields: parsed.error.issues.flatMap((i) =>
            i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k].join('.')) : [i.path.join('.')],
          ),
        },
      });
    const { prompt, response, transcript, ...fields } = parsed.data;
    const id = randomUUID();
    const time = now().toISOString();
    const record: AuditRecord = { ...fields, v: 1, id, time };
    if (prompt !== undefined) record.promptDigest = digester.digest(prompt);
    if (response !== undefined) record.responseDigest = digester.digest(response);
    if (prompt !== undefined || response !== undefined) record.digestKeyId = digester.keyId;
    if (transcript !== undefined) {
      if (options.encrypt === undefined || fields.tenant === undefined)
        throw new BulwarkError('AUDIT_UNAVAILABLE', {
          message: 'A transcript needs a tenant and encryption.',
        });
      record.transcript = Buffer.from(
        // A data key per tenant and day, so retention can crypto-shred old transcripts without
        // touching the hashed record.
        await options.encrypt(subjects.transcripts(fields.tenant, time.slice(0, 10)), transcript, id),
      ).toString('base64');
    }
    return record;
  }

  async function writeBatch(batch: Queued[]): Promise<void> {
    const written = await store.append(builder(batch));
    written.forEach((e, i) => batch[i]!.resolve(e.seq));
    const size = written.at(-1)!.seq + 1;
    lastCheckpointSize ??= (await store.checkpoints()).at(-1)?.treeSize ?? 0;
    if (size - lastCheckpointSize >= checkpointEvery) await checkpoint();
  }

  function drain(): Promise<void> {
    if (running) return idle;
    running = true;
    idle = (async () => {
      let backoff = 50;
      try {
        while (queue.length > 0) {
          // Group commit: one turn of the event loop lets requests already in flight queue their
          // records, so a burst costs one transaction (one fsync on SQLite) instead of one each.
          await new Promise<void>((resolve) => setImmediate(resolve));
          const batch = queue.splice(0, maxBatch);
          for (const wake of spaceWaiters.splice(0)) wake();
          try {
            await writeBatch(batch);
            backoff = 50;
          } catch (cause) {
            if (mode === 'durable' || closed) {
              const error = new BulwarkError('AUDIT_UNAVAILABLE', { cause });
              for (const q of batch) q.reject(error);
              if (mode === 'async') onError(error);
            } else {
              // Keep order: the failed batch goes back to the front and is retried after a pause.
              queue.unshift(...batch);
              onError(new BulwarkError('AUDIT_UNAVAILABLE', { cause }));
              await new Promise((r) => setTimeout(r, backoff));
              backoff = Math.min(backoff * 2, 5000);
            }
          }
        }
      } finally {
        // Cleared in the same tick the loop sees an empty queue, so no record can be left behind.
        running = false;
      }
    })();
    return idle;
  }

  /** Queues a record; in async mode waits for space first. Check and push run in one tick (no race). */
  async function enqueue(item: Queued): Promise<void> {
    const deadline = Date.now() + enqueueTimeoutMs;
    while (mode === 'async' && queue.length >= bufferSize) {
      const left = deadline - Date.now();
      if (left <= 0) throw new BulwarkError('AUDIT_UNAVAILABLE', { message: 'The audit buffer is full.' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        spaceWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
    queue.push(item);
    void drain();
  }

  async function checkpoint(): Promise<AuditCheckpoint | undefined> {
    const head = await store.head();
    lastCheckpointSize ??= (await store.checkpoints()).at(-1)?.treeSize ?? 0;
    if (head.size === 0 || head.size <= lastCheckpointSize) return undefined;
    const root = frontierRoot(head.frontier.map((h) => Buffer.from(h, 'hex')));
    const cp = signer.sign(
      {
        treeSize: head.size,
        rootHash: root.toString('hex'),
        chainHash: head.chainHash,
        time: now().toISOString(),
      },
      head.frontier,
    );
    await store.addCheckpoint(cp);
    lastCheckpointSize = head.size;
    return cp;
  }

  const intervalMs = options.checkpointIntervalMs ?? 60_000;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          checkpoint().catch(onError);
        }, intervalMs)
      : undefined;
  timer?.unref();

  return {
    mode,
    get pending() {
      return queue.length;
    },
    async append(input) {
      if (closed) throw new BulwarkError('AUDIT_UNAVAILABLE', { message: 'The audit log is closed.' });
      const record = await prepare(input);
      let settle!: Pick<Queued, 'resolve' | 'reject'>;
      const committed = new Promise<number>((resolve, reject) => (settle = { resolve, reject }));
      await enqueue({ record, ...settle });
      if (mode === 'async') {
        committed.catch(() => undefined); // reported through onError
        return { id: record.id, time: record.time };
      }
      return { id: record.id, time: record.time, seq: await committed };
    },
    async flush() {
      while (queue.length > 0 || running) await drain();
    },
    checkpoint,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      // From here new appends are refused and a failing write is reported, not retried forever.
      closed = true;
      await this.flush();
      await checkpoint();
    },
  };
}
