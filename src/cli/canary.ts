import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  createCanaryStore,
  describeIssueCounts,
  formatIssue,
  insertCanaries,
  parseSelector,
  readCanaryEntries,
  type DatasetFormat,
} from '../datasets/index.js';
import { addStateOptions, dataDirOf, openStateRuntime, type StateFlags } from './state-options.js';

const CANARY_FILE = 'canaries.jsonl';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

interface InsertFlags extends StateFlags {
  out: string;
  count: number;
  repeat: number;
  template?: string[];
  fields?: string;
  seed?: number;
  format?: DatasetFormat;
  onError: 'skip' | 'fail';
}

/** `bulwark canary insert|list|export`: plant random canaries in training data for a memorisation audit. */
export function register(program: Command): void {
  const canary = program
    .command('canary')
    .description('Plant and manage canaries for memorisation audits (The Secret Sharer)');

  addStateOptions(
    canary
      .command('insert')
      .description('Plant random canaries into a dataset and store them encrypted for a later audit')
      .argument('<input>', 'dataset file')
      .requiredOption('--out <file>', 'where to write the dataset with canaries (written atomically)')
      .option('--count <n>', 'distinct canaries', positiveInt, 10)
      .option('--repeat <k>', 'times each canary is planted', positiveInt, 1)
      .option(
        '--template <text>',
        'a template with one {digits:N} or {alnum:N} slot (repeatable)',
        (v, prev: string[] = []) => [...prev, v],
      )
      .option(
        '--fields <selectors>',
        'comma-separated JSON paths to plant into (default: the longest string)',
      )
      .option('--seed <n>', 'seed for choosing records', Number)
      .addOption(
        new Option('--format <format>', 'input format (default: from the extension)').choices([
          'jsonl',
          'json',
          'csv',
          'tsv',
          'text',
        ]),
      )
      .addOption(
        new Option('--on-error <mode>', 'malformed records: skip and count, or fail')
          .choices(['skip', 'fail'])
          .default('skip'),
      ),
  ).action(async (input: string, flags: InsertFlags) => {
    // The store is opened first: canaries are recorded before OUT is renamed into place.
    const runtime = await openStateRuntime(flags);
    try {
      const store = createCanaryStore(join(dataDirOf(flags), CANARY_FILE), runtime.keyRing);
      const result = await insertCanaries({
        input,
        out: flags.out,
        count: flags.count,
        repeat: flags.repeat,
        onError: flags.onError,
        beforeCommit: (canaries) => store.add(canaries, resolve(flags.out)),
        ...(flags.template ? { templates: flags.template } : {}),
        ...(flags.fields ? { fields: flags.fields.split(',').map((f) => parseSelector(f.trim())) } : {}),
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
        ...(flags.format ? { format: flags.format } : {}),
      });
      console.log(
        `planted ${result.canaries.length} canaries × ${flags.repeat} into ${result.records} records → ${flags.out}`,
      );
      for (const c of result.canaries)
        console.log(`  ${c.id}  ${c.format}  at records ${result.placements[c.id]?.join(', ')}`);
      if (result.unplaced > 0)
        console.error(`${result.unplaced} planned placement(s) found no record with a string`);
      for (const i of result.issues) console.error(formatIssue(i));
      const issues = describeIssueCounts(result.issueCounts);
      if (issues) console.error(issues);
    } finally {
      await runtime.close();
    }
  });

  addStateOptions(canary.command('list').description('List stored canaries (secrets stay encrypted)')).action(
    (flags: StateFlags) => {
      const entries = readCanaryEntries(join(dataDirOf(flags), CANARY_FILE));
      if (entries.length === 0) console.log('no canaries stored');
      else console.table(entries.map(({ sealed: _sealed, ...rest }) => rest));
    },
  );

  addStateOptions(
    canary
      .command('export')
      .description('Write the canaries with their secrets as JSONL for `bulwark audit-model --canaries`')
      .requiredOption('--out <file>', 'JSONL file to write (mode 0600)'),
  ).action(async (flags: StateFlags & { out: string }) => {
    const runtime = await openStateRuntime(flags);
    try {
      const store = createCanaryStore(join(dataDirOf(flags), CANARY_FILE), runtime.keyRing);
      const lines: string[] = [];
      for (const entry of store.list()) {
        const c = await store.reveal(entry);
        lines.push(
          JSON.stringify({
            id: c.id,
            prefix: c.prefix,
            secret: c.secret,
            suffix: c.suffix,
            format: c.format,
            repeat: c.repeat,
          }),
        );
      }
      writeFileSync(flags.out, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
      console.log(`exported ${lines.length} canaries to ${flags.out}`);
    } finally {
      await runtime.close();
    }
  });
}
