/**
 * `vigil eval build-scenarios`: writes a scenario corpus in order (numbered folders): OTRF data
 * sets as attack scenarios, office days and benign syslog (loghub) as benign ones, and campaigns
 * whose infrastructure returns later so knowledge reuse can be measured. Written outside the
 * repository: the corpus is derived from shared data.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type OtrfSkip, otrfScenario, readOtrfIndex } from './otrf-scenarios.js';
import { campaignFirstContact, campaignOf, campaignReturn, officeDay, partnerFeed } from './synthetic-scenarios.js';
import { type ScenarioFiles, writeScenario } from './write-scenario.js';

export interface BuildScenariosOptions {
  out: string;
  /** Folder of the OTRF data sets (with `index.json`); absent: no OTRF scenarios. */
  otrf?: string | undefined;
  /** Folder of loghub's logs (with `Linux/`, `Apache/`); absent: no syslog scenarios. */
  loghub?: string | undefined;
  /** Only these OTRF data set ids. */
  datasets?: readonly string[] | undefined;
  /** At most this many OTRF data sets (smallest first when limited). */
  maxDatasets?: number | undefined;
  campaigns?: number;
  officeDays?: number;
}

export interface BuiltCorpus {
  folder: string;
  scenarios: { folder: string; id: string; kind: 'attack' | 'benign' }[];
  skipped: OtrfSkip[];
}

type Producer = () => ScenarioFiles;

function loghubScenario(root: string, system: 'Linux' | 'Apache'): ScenarioFiles {
  const file = `${system}_2k.log`;
  return {
    scenario: {
      id: `benign-loghub-${system.toLowerCase()}`,
      description: `loghub ${system} system log (2,000 lines of ordinary operation)`,
      kind: 'benign',
      logs: [{ path: `logs/${file}`, format: 'auto' }],
      intel: [],
      truth: {
        techniques: [],
        tactics: [],
        entities: { hosts: [], users: [], ips: [] },
        indicators: [],
        forbidden_actions: [],
      },
    },
    files: { [`logs/${file}`]: readFileSync(join(root, system, file)) },
  };
}

export function buildScenarios(options: BuildScenariosOptions): BuiltCorpus {
  const skipped: OtrfSkip[] = [];
  let otrf: Producer[] = [];
  if (options.otrf) {
    const index = readOtrfIndex(options.otrf);
    skipped.push(...index.skipped);
    let datasets = options.datasets
      ? index.datasets.filter((dataset) => options.datasets!.includes(dataset.id))
      : index.datasets;
    if (options.maxDatasets !== undefined) {
      const size = (dataset: (typeof datasets)[number]) =>
        dataset.files.reduce((total, file) => total + (file.size ?? 0), 0);
      datasets = [...datasets].sort((left, right) => size(left) - size(right)).slice(0, options.maxDatasets);
    }
    otrf = datasets.map((dataset) => () => otrfScenario(options.otrf!, dataset));
  }
  const campaigns = Array.from({ length: options.campaigns ?? 3 }, (_, index) => campaignOf(index));
  const days = options.officeDays ?? 3;
  const loghub: Producer[] = options.loghub
    ? (['Linux', 'Apache'] as const)
        .filter((system) => existsSync(join(options.loghub!, system)))
        .map((system) => () => loghubScenario(options.loghub!, system))
    : [];
  // Interleave: campaigns start early and return later, OTRF data sets and benign days between them.
  const rounds = Math.max(campaigns.length, days, 1);
  const chunk = Math.ceil(otrf.length / rounds);
  const sequence: Producer[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round < days) sequence.push(() => officeDay(round));
    const campaign = campaigns[round];
    if (campaign) sequence.push(() => campaignFirstContact(campaign, round * 3));
    sequence.push(...otrf.slice(round * chunk, (round + 1) * chunk));
    const returning = round > 0 ? campaigns[round - 1] : undefined;
    // Every other returning campaign comes with a partner feed that plants its infrastructure as TI.
    if (returning)
      sequence.push(() =>
        campaignReturn(returning, round * 3 + 1, (round - 1) % 2 === 1 ? partnerFeed(returning) : undefined),
      );
    const syslog = loghub[round];
    if (syslog) sequence.push(syslog);
  }
  const last = campaigns[rounds - 1];
  if (last)
    sequence.push(() => campaignReturn(last, rounds * 3 + 1, (rounds - 1) % 2 === 1 ? partnerFeed(last) : undefined));
  for (const extra of loghub.slice(rounds)) sequence.push(extra);

  const scenarios: BuiltCorpus['scenarios'] = [];
  sequence.forEach((produce, position) => {
    const files = produce();
    const folder = `${String(position + 1).padStart(3, '0')}-${files.scenario.id}`;
    writeScenario(options.out, folder, files);
    scenarios.push({ folder, id: files.scenario.id, kind: files.scenario.kind });
  });
  return { folder: options.out, scenarios, skipped };
}
