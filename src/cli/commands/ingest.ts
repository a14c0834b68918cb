import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { listFormats } from '../../ingest/index.js';
import { ingestIntoStore } from '../../pipeline/ingest/index.js';
import { openStore } from '../../store/index.js';
import {
  addInputLimitOptions,
  addStoreOption,
  durabilityOfPaths,
  type InputLimitFlags,
  inputLimitsOf,
} from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';
import { createProgress } from '../progress.js';
import { resolveSettings } from '../settings.js';

interface IngestFlags extends InputLimitFlags {
  format?: string;
  json?: boolean;
  db?: string;
  rejected?: boolean;
}

export function registerIngestCommand(program: Command): void {
  const command = program
    .command('ingest')
    .description('read logs (files, directories, .gz, .zip, - for stdin) into the store; each event is stored once')
    .argument('[paths...]', 'log files or directories')
    .option('--format <name>', 'force a log format instead of detecting it')
    .option('--rejected', 'list the records rejected by earlier ingests and exit')
    .option('--json', 'print JSON');
  addInputLimitOptions(command);
  addStoreOption(command).action(async (paths: string[], flags: IngestFlags) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({ db: flags.db });
    if (flags.format && !listFormats().includes(flags.format)) {
      throw new UsageError(`unknown format "${flags.format}"; known formats: ${listFormats().join(', ')}`);
    }
    const store = await openStore(settings.database);
    try {
      if (flags.rejected) {
        const rejected = await store.listRejections({ limit: 10_000 });
        if (output.json) writeJson(output, { rejected });
        else
          for (const item of rejected) output.write(`${item.file}${item.line ? `:${item.line}` : ''}: ${item.reason}`);
        return;
      }
      if (paths.length === 0) throw new UsageError('ingest needs at least one path (or --rejected)');
      const progress = createProgress('events');
      const summary = await ingestIntoStore(paths, store, {
        ...(flags.format ? { format: flags.format } : {}),
        limits: inputLimitsOf(flags),
        durability: durabilityOfPaths(paths),
        onStored: (count) => progress.add(count),
      });
      progress.done();
      if (output.json) {
        writeJson(output, summary);
      } else {
        output.write(
          `${paint(output, 'bold', String(summary.events))} events read, ${summary.stored} stored, ${summary.duplicates} already stored`,
        );
        for (const [format, count] of Object.entries(summary.byFormat)) output.write(`  ${format}: ${count}`);
        if (summary.rejectedCount > 0) {
          output.write(
            paint(output, 'yellow', `${summary.rejectedCount} record(s) rejected (see vigil ingest --rejected):`),
          );
          // Whole inputs refused or cut short first: they explain the rest.
          const given = new Set(paths);
          const ordered = [
            ...summary.rejected.filter((item) => given.has(item.file)),
            ...summary.rejected.filter((item) => !given.has(item.file)),
          ];
          for (const item of ordered.slice(0, 20))
            output.write(`  ${item.file}${item.line ? `:${item.line}` : ''}: ${item.reason}`);
        }
        if (summary.problemCount > 0) {
          output.write(
            paint(output, 'yellow', `${summary.problemCount} invalid value(s) dropped from stored events (raw kept):`),
          );
          for (const item of summary.problems.slice(0, 20))
            output.write(`  ${item.file ?? ''}${item.line ? `:${item.line}` : ''} ${item.field}: ${item.reason}`);
        }
      }
    } finally {
      await store.close();
    }
  });
}
