import type { Command } from 'commander';
import { findSimilarIncidents } from '../../knowledge/index.js';
import { openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

export function registerIncidentsCommand(program: Command): void {
  const incidents = program.command('incidents').description('stored incidents');
  const similar = incidents
    .command('similar')
    .description('past incidents most like one incident, by shared entities, indicators and techniques')
    .argument('<id>', 'incident id')
    .option('--limit <n>', 'how many (default 10)', (value) => Number.parseInt(value, 10))
    .option('--json', 'print JSON');
  addStoreOption(similar).action(async (id: string, flags: { limit?: number; json?: boolean; db?: string }) => {
    const output = createOutput(flags.json ?? false);
    const stores = await openStores(resolveSettings({ db: flags.db }).database);
    try {
      const found = await findSimilarIncidents(stores, id, { limit: flags.limit ?? 10 });
      if (output.json) return writeJson(output, { incident: id, similar: found });
      if (found.length === 0) output.write('no similar incident');
      for (const item of found)
        output.write(
          `${item.score.toFixed(3)}  ${item.incident.id}  ${item.incident.title}${item.verdict ? ` [${item.verdict}]` : ''}\n       shared: ${[...item.shared.entities, ...item.shared.indicators, ...item.shared.techniques].slice(0, 8).join(', ')}`,
        );
    } finally {
      await stores.close();
    }
  });
}
