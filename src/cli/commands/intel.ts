import type { Command } from 'commander';
import { importIntel } from '../../intel/index.js';
import { openStore } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, paint, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

interface IntelImportFlags {
  json?: boolean;
  db?: string;
  strict?: boolean;
}

export function registerIntelCommand(program: Command): void {
  const intel = program.command('intel').description('threat intelligence');
  const importCommand = intel
    .command('import')
    .description('import STIX 2.1 bundles, MISP events or feeds, and IOC lists into the store')
    .argument('<paths-or-urls...>', 'files, directories or URLs')
    .option('--strict', 'refuse the whole input when one object is invalid')
    .option('--json', 'print JSON');
  addStoreOption(importCommand).action(async (inputs: string[], flags: IntelImportFlags) => {
    const output = createOutput(flags.json ?? false);
    const settings = resolveSettings({ db: flags.db });
    const result = await importIntel(inputs, { strict: flags.strict ?? false });
    const store = await openStore(settings.database);
    try {
      await store.upsertIndicators(result.indicators);
      await store.appendAudit({
        actor: 'vigil',
        action: 'intel-imported',
        subject: { kind: 'intel', id: inputs.join(',') },
        details: { objects: result.objects, indicators: result.indicators.length, rejected: result.rejected.length },
      });
    } finally {
      await store.close();
    }
    const report = { objects: result.objects, indicators: result.indicators.length, rejected: result.rejected };
    if (output.json) writeJson(output, report);
    else {
      output.write(`${report.objects} objects read, ${report.indicators} indicators stored`);
      for (const rejection of report.rejected.slice(0, 20)) {
        output.write(
          paint(
            output,
            'yellow',
            `  rejected ${rejection.source}${rejection.objectId ? ` [${rejection.objectId}]` : ''}: ${rejection.reason}`,
          ),
        );
      }
    }
  });
}
