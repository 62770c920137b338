import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { formatOf, type DatasetFormat } from './read.js';

/** Writes records to a temporary file and renames it into place on `commit`, so an interrupted run leaves no half-written dataset. */
export interface DatasetWriter {
  write(value: unknown): Promise<void>;
  /** Ends the file; with `beforeRename`, runs it once the data is on disk and before the rename. */
  commit(beforeRename?: () => Promise<void>): Promise<void>;
  /** Discards the temporary file; safe to call at any point, including before the file is open. */
  abort(): Promise<void>;
  readonly count: number;
}

/** A path ending in `.gz` is written gzip-compressed, as the readers expect it. */
export function createDatasetWriter(path: string, format: DatasetFormat): DatasetWriter {
  const temp = `${path}.partial-${process.pid}`;
  const file: WriteStream = createWriteStream(temp, { flags: 'wx' });
  const gzip = formatOf(path).gzip ? createGzip() : undefined;
  const out: Writable = gzip ?? file;
  let count = 0;
  let columns: string[] | undefined;
  let closed = false;
  let failure: Error | undefined;
  file.on('error', (error) => (failure ??= error));
  if (gzip) {
    gzip.on('error', (error) => {
      failure ??= error;
      file.destroy(); // pipe() would leave the file open, and commit waiting for it to close
    });
    gzip.pipe(file);
  }

  async function put(chunk: string): Promise<void> {
    if (failure) throw failure;
    // `once` rejects if the stream errors meanwhile, so a failed disk never leaves this waiting.
    if (!out.write(chunk)) await once(out, 'drain');
    if (failure) throw failure;
  }

  function serialize(value: unknown): string {
    switch (format) {
      case 'jsonl':
        return `${JSON.stringify(value)}\n`;
      case 'json':
        return `${count === 0 ? '[\n' : ',\n'}${JSON.stringify(value)}`;
      case 'text':
        return `${String(value).replace(/\r?\n/g, ' ')}\n`;
      case 'csv':
      case 'tsv': {
        const row = value as Record<string, unknown>;
        const header = columns === undefined;
        columns ??= Object.keys(row);
        return stringify([columns.map((c) => row[c] ?? '')], {
          delimiter: format === 'tsv' ? '\t' : ',',
          ...(header ? { header: true, columns } : {}),
        });
      }
    }
  }

  return {
    get count() {
      return count;
    },
    async write(value) {
      await put(serialize(value));
      count++;
    },
    async commit(beforeRename) {
      if (format === 'json') await put(count === 0 ? '[]\n' : '\n]\n');
      closed = true;
      // Ending the gzip stream ends the file once the compressed tail is flushed into it.
      out.end();
      await whenClosed(file);
      if (failure) throw failure;
      await beforeRename?.();
      renameSync(temp, path);
    },
    async abort() {
      if (!closed) {
        closed = true;
        const done = whenClosed(file);
        gzip?.destroy();
        file.destroy();
        await done;
      }
      rmSync(temp, { force: true });
    },
  };
}

/** Resolves on 'close' whatever errors came before it (`events.once` would reject on 'error'). */
function whenClosed(stream: WriteStream): Promise<void> {
  return stream.closed ? Promise.resolve() : new Promise((resolve) => stream.once('close', () => resolve()));
}
