/**
 * The full corpus run (opt-in, slow: every OTRF data set): builds the corpus in a temporary
 * folder, runs Vigil and both baselines, prints the side-by-side table and checks that every
 * scenario ran. Run with `VIGIL_SLOW=1 npx vitest run src/evaluation/corpus.slow.test.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { loadKnowledge } from '../pipeline/index.js';
import { loadPolicy } from '../respond/index.js';
import { buildScenarios } from './build/build-scenarios.js';
import { loadScenarios } from './load-scenarios.js';
import { markdownReport } from './report/markdown-report.js';
import { runEvaluation } from './run-evaluation.js';

describeWithShared('the evaluation on the whole generated corpus', () => {
  it('runs Vigil and both baselines on every scenario', { timeout: 3_600_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'vigil-corpus-'));
    try {
      buildScenarios({ out, otrf: sharedPath('otrf-security-datasets'), loghub: sharedPath('syslog', 'loghub') });
      const set = await loadScenarios(out);
      expect(set.problems).toEqual([]);
      const knowledge = await loadKnowledge({
        rules: ['rules'],
        intel: [],
        attack: sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz'),
      });
      const report = await runEvaluation(set, {
        knowledge,
        policy: await loadPolicy('policy/default.yaml'),
        systems: ['vigil', 'rule-only', 'static-soar'],
      });
      console.info(markdownReport(report));
      for (const system of report.systems) expect(system.overall.scenarios.failed, system.system).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
