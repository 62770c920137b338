import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../../core/index.js';
import { buildScanner, scanOptionsOf, type DatasetScanOptions } from './scan-options.js';

/** A worker thread that scans batches of texts with the built-in recognisers. */
const options = workerData as DatasetScanOptions;
const scanner = buildScanner(options);
const scanOptions = scanOptionsOf(options, scanner);

parentPort?.on('message', (message: { id: number; texts: string[] }) => {
  try {
    const findings: Finding[][] = message.texts.map((text) => scanner.scan(text, scanOptions));
    parentPort?.postMessage({ id: message.id, findings });
  } catch (error) {
    parentPort?.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : 'scan failed',
    });
  }
});
