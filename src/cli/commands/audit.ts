import type { Command } from 'commander';
import { openStore } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  addStoreOption(
    audit
      .command('verify')
      .description(
        'recompute every hash of the chain, check every incident has its "incident-created" entry and every note and assignment its audit entry; exit 1 when not',
      )
      .option('--json', 'print JSON'),
  ).action(async (flags: { db?: string; json?: boolean }) => {
    const output = createOutput(flags.json ?? false);
    const store = await openStore(resolveSettings({ db: flags.db }).database);
    try {
      const result = await store.verifyAudit();
      if (output.json) writeJson(output, result);
      else
        output.write(
          result.valid
            ? paint(output, 'green', `audit chain intact: ${result.entries} entries`)
            : result.brokenAt !== undefined
              ? paint(output, 'red', `audit chain broken at entry ${result.brokenAt} of ${result.entries}`)
              : result.caseEntriesWithoutEntry
                ? paint(
                    output,
                    'red',
                    `${result.caseEntriesWithoutEntry.length} note(s) or assignment(s) that their audit entry does not match: ${result.caseEntriesWithoutEntry.slice(0, 10).join(', ')}`,
                  )
                : paint(
                    output,
                    'red',
                    `${result.incidentsWithoutEntry?.length ?? 0} incident(s) without their "incident-created" audit entry: ${(result.incidentsWithoutEntry ?? []).slice(0, 10).join(', ')}`,
                  ),
        );
      if (!result.valid) process.exitCode = 1;
    } finally {
      await store.close();
    }
  });

  addStoreOption(
    audit
      .command('list')
      .description('audit entries, oldest first')
      .option('--subject <id>', 'only entries about this object')
      .option('--limit <n>', 'at most this many', Number)
      .option('--json', 'print JSON'),
  ).action(async (flags: { db?: string; json?: boolean; subject?: string; limit?: number }) => {
    const output = createOutput(flags.json ?? false);
    const store = await openStore(resolveSettings({ db: flags.db }).database);
    try {
      const entries = await store.listAudit({
        ...(flags.subject ? { subjectId: flags.subject } : {}),
        ...(flags.limit ? { limit: flags.limit } : {}),
      });
      if (output.json) return writeJson(output, { entries });
      for (const entry of entries)
        output.write(
          `${String(entry.sequence).padStart(5)} ${entry.timestamp} ${entry.actor.padEnd(12)} ${entry.action.padEnd(24)} ${entry.subject.kind}:${entry.subject.id}`,
        );
    } finally {
      await store.close();
    }
  });
}
