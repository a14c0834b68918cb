/**
 * Scenarios from the OTRF Security Datasets: one per data set whose files are present, with the
 * archives copied into the scenario folder and the truth taken from the data set's metadata
 * (ATT&CK techniques and tactics). The acceptable actions are the host- and account-level
 * responses (the lab's attacker infrastructure is not labelled, so blocking addresses is not
 * among them); isolating the lab's domain controller is forbidden.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import type { ScenarioFiles } from './write-scenario.js';

const datasetSchema = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  description: z.string().default(''),
  attack_techniques: z.array(z.string()).default([]),
  attack_tactics: z.array(z.string()).default([]),
  files: z.array(
    z.object({ path: z.string(), present: z.boolean().default(true), size: z.number().nullable().optional() }),
  ),
});
export type OtrfDataset = z.infer<typeof datasetSchema>;

export interface OtrfSkip {
  id: string;
  reason: string;
}

export function readOtrfIndex(root: string): { datasets: OtrfDataset[]; skipped: OtrfSkip[] } {
  const raw = JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')) as unknown[];
  const datasets: OtrfDataset[] = [];
  const skipped: OtrfSkip[] = [];
  raw.forEach((entry, position) => {
    const parsed = datasetSchema.safeParse(entry);
    if (!parsed.success) {
      skipped.push({ id: `index.json[${position}]`, reason: parsed.error.issues[0]?.message ?? 'invalid entry' });
      return;
    }
    const present = parsed.data.files.filter((file) => file.present && existsSync(join(root, file.path)));
    if (present.length === 0) skipped.push({ id: parsed.data.id, reason: 'none of its files is present' });
    else datasets.push({ ...parsed.data, files: present });
  });
  return { datasets, skipped };
}

const techniqueId = /^T\d{4}(\.\d{3})?$/;
const tacticId = /^TA\d{4}$/;

export function otrfScenario(root: string, dataset: OtrfDataset): ScenarioFiles {
  const files: Record<string, Uint8Array> = {};
  const logs = dataset.files.map((file, index) => {
    const name = `logs/${index + 1}-${basename(file.path)}`;
    files[name] = readFileSync(join(root, file.path));
    return { path: name, format: 'auto' };
  });
  return {
    scenario: {
      id: `otrf-${dataset.id}`,
      description: `${dataset.title} (OTRF ${dataset.type} data set)`,
      kind: 'attack',
      logs,
      intel: [],
      truth: {
        techniques: dataset.attack_techniques.filter((id) => techniqueId.test(id)),
        tactics: dataset.attack_tactics.filter((id) => tacticId.test(id)),
        entities: { hosts: [], users: [], ips: [] },
        indicators: [],
        actions: [
          { type: 'isolate-host' },
          { type: 'collect-artefacts' },
          { type: 'add-to-watchlist' },
          { type: 'kill-process' },
          { type: 'quarantine-file' },
          { type: 'reset-credentials' },
          { type: 'disable-account' },
          { type: 'open-ticket' },
          { type: 'notify' },
        ],
        forbidden_actions: [
          { type: 'isolate-host', target: 'MORDORDC' },
          { type: 'disable-account', target: 'administrator' },
        ],
      },
    },
    files,
  };
}
