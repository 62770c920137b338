// Preloaded into a benchmarked CLI run (`node --import ./bench/peak-rss.mjs ...`): writes the process's
// peak RSS in MB, worker threads included, to $BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS / 1024));
});
