import { join } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { publisherSources, updateKnowledge } from '../../knowledge/index.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

export function registerKnowledgeBaseCommand(program: Command): void {
  const knowledgeBase = program.command('kb').description('public knowledge: ATT&CK, Sigma rules, CISA KEV');
  knowledgeBase
    .command('update')
    .description('download ATT&CK, SigmaHQ rules and CISA KEV from their publishers into $VIGIL_HOME/kb')
    .option('--only <names>', 'comma-separated subset: attack,sigma,kev')
    .option('--json', 'print JSON')
    .action(async (flags: { only?: string; json?: boolean }) => {
      const output = createOutput(flags.json ?? false);
      const settings = resolveSettings({});
      const wanted = flags.only?.split(',').map((name) => name.trim());
      const unknown = wanted?.filter((name) => !publisherSources.some((source) => source.name === name)) ?? [];
      if (unknown.length > 0) throw new UsageError(`unknown knowledge source(s): ${unknown.join(', ')}`);
      const sources = wanted ? publisherSources.filter((source) => wanted.includes(source.name)) : publisherSources;
      const folder = join(settings.home, 'kb');
      const updated = await updateKnowledge({ sources, folder });
      if (output.json) writeJson(output, { folder, updated });
      else
        for (const item of updated)
          output.write(`${item.name}: ${item.path} (${item.bytes} bytes${item.files ? `, ${item.files} files` : ''})`);
    });
}
