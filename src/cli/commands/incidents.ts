import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { caseReportHtml, renderPdf } from '../../api/index.js';
import { UsageError } from '../../core/index.js';
import { loadAttackCatalog } from '../../detect/index.js';
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
  const report = incidents
    .command('report')
    .description(
      'the case report of an incident (HTML, or PDF through headless Chromium): the same as GET /incidents/:id/report',
    )
    .argument('<id>', 'incident id')
    .option('--format <format>', 'html or pdf (default html)', 'html')
    .option('--out <file>', 'where to write it (default: stdout for HTML)')
    .option('--attack <file>', 'ATT&CK bundle: techniques under their catalogue tactics');
  addStoreOption(report).action(
    async (id: string, flags: { format: string; out?: string; attack?: string; db?: string }) => {
      if (flags.format !== 'html' && flags.format !== 'pdf')
        throw new UsageError(`--format must be html or pdf, not ${flags.format}`);
      if (flags.format === 'pdf' && !flags.out) throw new UsageError('a PDF report needs --out FILE');
      const settings = resolveSettings({ db: flags.db, attack: flags.attack });
      const stores = await openStores(settings.database);
      try {
        const attack = settings.attackPath ? await loadAttackCatalog(settings.attackPath) : undefined;
        const html = await caseReportHtml({ store: stores.store, runs: stores.runs, attack }, id, new Date());
        const body = flags.format === 'pdf' ? await renderPdf(html) : html;
        if (flags.out) await writeFile(flags.out, body);
        else process.stdout.write(html);
      } finally {
        await stores.close();
      }
    },
  );
}
