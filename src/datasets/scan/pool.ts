import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../core/index.js';
import { buildScanner, scanOptionsOf, scanSettings, type DatasetScanOptions } from './scan-options.js';

/** Scans batches of texts on worker threads (or in this thread when `workers` is 0). */
export interface ScanPool {
  readonly size: number;
  scanBatch(texts: string[]): Promise<Finding[][]>;
  close(): Promise<void>;
}

export interface ScanPoolOptions extends DatasetScanOptions {
  /** Worker threads; default: one per core. 0 scans in the calling thread. */
  workers?: number;
}

export function createScanPool(options: ScanPoolOptions): ScanPool {
  const scanOptions = scanSettings(options);
  const size = options.workers ?? availableParallelism();
  if (size === 0) return inThreadPool(scanOptions);

  // Under the test runner this file is TypeScript; the worker then needs tsx to load its imports.
  const isSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./scan-worker.${isSource ? 'ts' : 'js'}`, import.meta.url);
  const threads = Array.from(
    { length: size },
    () => new Worker(url, { workerData: scanOptions, execArgv: isSource ? ['--import', 'tsx'] : [] }),
  );
  const pending = new Map<number, { resolve: (f: Finding[][]) => void; reject: (e: Error) => void }>();
  const load = new Map<Worker, number>(threads.map((t) => [t, 0]));
  let nextId = 0;
  let failure: Error | undefined;

  for (const thread of threads) {
    thread.on('message', (m: { id: number; findings?: Finding[][]; error?: string }) => {
      load.set(thread, (load.get(thread) ?? 1) - 1);
      const waiter = pending.get(m.id);
      pending.delete(m.id);
      if (m.findings) waiter?.resolve(m.findings);
      else waiter?.reject(new Error(m.error ?? 'scan failed'));
    });
    thread.on('error', (error) => {
      failure ??= error;
      for (const w of pending.values()) w.reject(error);
      pending.clear();
    });
  }

  return {
    size,
    scanBatch(texts) {
      if (failure) return Promise.reject(failure);
      // Least-loaded worker, so one slow batch does not queue the others behind it.
      const thread = threads.reduce((a, b) => ((load.get(a) ?? 0) <= (load.get(b) ?? 0) ? a : b));
      load.set(thread, (load.get(thread) ?? 0) + 1);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        thread.postMessage({ id, texts });
      });
    },
    async close() {
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}

function inThreadPool(options: DatasetScanOptions): ScanPool {
  const scanner = buildScanner(options);
  const scanOptions = scanOptionsOf(options, scanner);
  return {
    size: 0,
    scanBatch: (texts) => Promise.resolve(texts.map((t) => scanner.scan(t, scanOptions))),
    close: () => Promise.resolve(),
  };
}
