import type { ServerResponse } from 'node:http';
import { toWireError } from '../core/index.js';

/** Writes server-sent events to a raw response, honouring back-pressure. */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {}

  open(requestId: string): void {
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-request-id': requestId,
      // Proxies must not buffer: the output guard already decides what is safe to flush.
      'x-accel-buffering': 'no',
    });
  }

  get closed(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  async send(data: unknown, event?: string): Promise<void> {
    if (this.closed) return;
    const frame = `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
    if (!this.res.write(frame))
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.res.off('drain', done);
          this.res.off('close', done);
          resolve();
        };
        this.res.on('drain', done);
        this.res.on('close', done);
      });
  }

  /** Ends the stream with an error event in the OpenAI wire format (never the blocked text). */
  async fail(error: unknown, requestId: string, event?: string): Promise<void> {
    const { body } = toWireError(error, requestId);
    await this.send(event ? { type: 'error', error: body.error } : body, event);
    this.end();
  }

  end(): void {
    if (!this.closed) this.res.end();
  }
}
