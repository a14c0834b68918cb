/**
 * The knowledge the corpus benches investigate with: Vigil's own rules, the ATT&CK 18.1 bundle
 * from ../shared (with the v19 crosswalk when present), Atomic Red Team for evidence inference,
 * one technique classifier and one in-memory retrieval index for the whole run. Shared by
 * `reason-corpus.ts` (OTRF host data sets) and `sigma-regression-reasoning.ts` (SigmaHQ's
 * regression recordings, held out from Vigil's rules). With `sigmaHq`, SigmaHQ's Windows, Linux and
 * network rules from ../shared are loaded beside Vigil's, through the same `loadKnowledge` call: the
 * configuration a user who installs both runs (issue 15 measured its precision).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge } from '../src/pipeline/index.js';
import {
  readBundleProcedures,
  seedRetrieval,
  trainingExamples,
  trainTechniqueClassifier,
} from '../src/reason/index.js';
import { openRetrievalStore } from '../src/store/index.js';

/** SigmaHQ's rule folders a user investigating Windows, Linux and network logs loads. */
export const sigmaHqRuleFolders = ['windows', 'linux', 'network'] as const;

export async function loadCorpusKnowledge(root: string, options: { inference: boolean; sigmaHq?: boolean }) {
  const bundle = join(root, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
  const crosswalk = join(root, 'sigma', 'attack-v19-to-v18-crosswalk.json');
  const knowledge = await loadKnowledge({
    rules: [
      join(process.cwd(), 'rules'),
      ...(options.sigmaHq ? sigmaHqRuleFolders.map((folder) => join(root, 'sigma', 'rules', folder)) : []),
    ],
    intel: [],
    attack: bundle,
    // The Atomic Red Team checkout and SigmaHQ are tagged for a newer ATT&CK than the bundle: the
    // published crosswalk beside SigmaHQ maps them back, so every output is in the bundle's version.
    ...(existsSync(crosswalk) ? { attackCrosswalk: crosswalk } : {}),
    ...(options.inference ? { atomicRedTeam: join(root, 'atomic-red-team') } : {}),
  });
  const procedures = await readBundleProcedures(bundle);
  const classifier = trainTechniqueClassifier(trainingExamples({ procedures, attack: knowledge.attack }));
  const retrieval = await openRetrievalStore(':memory:');
  await seedRetrieval(retrieval, { attack: knowledge.attack, procedures });
  return { knowledge, classifier, retrieval };
}
