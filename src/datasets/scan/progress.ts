import type { WriteStream } from 'node:tty';
import type { ScanProgress } from './scan-files.js';

/** A one-line progress bar (records, MB/s, ETA) on a terminal; silent when the stream is not a TTY. */
export function createProgressBar(stream: NodeJS.WriteStream | WriteStream = process.stderr): {
  update(p: ScanProgress): void;
  done(): void;
} {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const fraction = p.bytesTotal > 0 ? Math.min(1, p.bytesRead / p.bytesTotal) : 0;
      const rate = p.bytesRead / 1e6 / Math.max(0.001, p.elapsedMs / 1000);
      const eta = rate > 0 ? (p.bytesTotal - p.bytesRead) / 1e6 / rate : 0;
      const width = 24;
      const filled = Math.round(fraction * width);
      stream.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.records} records  ${rate.toFixed(1)} MB/s  ETA ${Math.ceil(eta)}s `,
      );
    },
    done() {
      stream.write('\n');
    },
  };
}
