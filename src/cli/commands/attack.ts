import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../../core/index.js';
import { heatmapLayer, techniqueHeatmap } from '../../correlate/index.js';
import { loadAttackCatalog } from '../../detect/index.js';
import { openStores } from '../../store/index.js';
import { addStoreOption } from '../options.js';
import { createOutput, writeJson } from '../output.js';
import { resolveSettings } from '../settings.js';

interface LayerFlags {
  from?: string;
  to?: string;
  out?: string;
  attack?: string;
  db?: string;
  json?: boolean;
}

const isoTime = (value: string | undefined, flag: string): string | undefined => {
  if (value === undefined) return undefined;
  if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new UsageError(`${flag} must be an ISO date or time, e.g. 2024-05-01 or 2024-05-01T00:00:00Z, not ${value}`);
  return new Date(value).toISOString();
};

/** `vigil attack layer|heatmap`: the ATT&CK heatmap across stored incidents, as GET /attack/layer and /attack/heatmap give it. */
export function registerAttackCommand(program: Command): void {
  const attack = program.command('attack').description('ATT&CK across stored incidents: heatmap and Navigator layer');
  const options = (command: Command) =>
    addStoreOption(
      command
        .option('--from <time>', 'only incidents still active at or after this time (ISO)')
        .option('--to <time>', 'only incidents that began before this time (ISO)')
        .option('--attack <file>', 'ATT&CK bundle: techniques under their catalogue tactics, with names'),
    );
  const load = async (flags: LayerFlags) => {
    const range = { from: isoTime(flags.from, '--from'), to: isoTime(flags.to, '--to') };
    const settings = resolveSettings({ db: flags.db, attack: flags.attack });
    const catalog = settings.attackPath ? await loadAttackCatalog(settings.attackPath) : undefined;
    const stores = await openStores(settings.database);
    try {
      const heatmap = techniqueHeatmap(await stores.store.listIncidents({ limit: 10_000 }), range, catalog);
      return { heatmap, attackVersion: catalog?.version };
    } finally {
      await stores.close();
    }
  };

  options(
    attack
      .command('layer')
      .description('the techniques of the incidents as an ATT&CK Navigator layer (format 4.5; score: incidents)')
      .option('--out <file>', 'write the layer here (default: stdout)'),
  ).action(async (flags: LayerFlags) => {
    const { heatmap, attackVersion } = await load(flags);
    const text = `${JSON.stringify(heatmapLayer(heatmap, { attackVersion }), null, 2)}\n`;
    if (flags.out) await writeFile(flags.out, text);
    else process.stdout.write(text);
  });

  options(
    attack
      .command('heatmap')
      .description('how many incidents show each technique, by tactic')
      .option('--json', 'print JSON'),
  ).action(async (flags: LayerFlags) => {
    const output = createOutput(flags.json ?? false);
    const { heatmap } = await load(flags);
    if (output.json) return writeJson(output, heatmap);
    output.write(`${heatmap.incidents} incident(s), ${heatmap.techniques.length} technique(s)`);
    const byId = new Map(heatmap.techniques.map((technique) => [technique.id, technique]));
    for (const column of heatmap.columns) {
      output.write(column.tactic);
      for (const id of column.techniques) {
        const technique = byId.get(id);
        output.write(
          `  ${String(technique?.incidents ?? 0).padStart(4)}  ${id}${technique?.name ? ` ${technique.name}` : ''}`,
        );
      }
    }
  });
}
