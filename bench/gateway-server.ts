/**
 * Child process for `bench/gateway.bench.ts`: starts one Bulwark gateway and prints its URL.
 * argv: <config file> <full|none>. `none` runs the same pipeline with no recognisers and no canary.
 */
import { createScanner } from '../src/detect/engine.js';
import { startGateway } from '../src/gateway/server.js';

const [configFile, mode] = process.argv.slice(2);
const gateway = await startGateway({
  configFile: configFile!,
  port: 0,
  logger: false,
  ...(mode === 'none' ? { scanner: createScanner({ recognizers: [] }) } : {}),
});
process.stdout.write(`READY ${gateway.url}\n`);
process.once('SIGTERM', () => void gateway.close(1000).then(() => process.exit(0)));
