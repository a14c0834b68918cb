import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { loadAttackCatalog, loadRules } from '../../detect/index.js';
import { readBundleProcedures } from '../classifier/read-bundle-procedures.js';
import { buildEvidenceModel, inCatalogueIds } from './build-evidence-model.js';
import { trainEvidenceModel } from './evidence-model.js';

describe('trainEvidenceModel', () => {
  it('holds out whole groups and reports per source', async () => {
    const examples = Array.from({ length: 60 }, (_, index) => ({
      text: `tool${index % 7}.exe --mode${index % 5} target${index}`,
      technique: `T10${(index % 7) + 10}`,
      source: 'atomic-red-team' as const,
      group: `test-${index % 30}`,
      label: `test ${index % 30}`,
    }));
    const model = await trainEvidenceModel(examples);
    const { trainExamples, calibrationExamples, testExamples } = model.evaluation;
    expect(trainExamples + calibrationExamples + testExamples).toBe(60);
    expect(model.evaluation.bySource.map((source) => source.source)).toEqual(['atomic-red-team']);
    expect(model.infer('tool3.exe --mode1 target9999')[0]?.technique).toBe('T1013');
  });

  it('names techniques in the catalogue’s ATT&CK version when examples carry another version’s ids', async () => {
    // Examples tagged with newer ids (an Atomic checkout for a later ATT&CK); the catalogue maps them back.
    const examples = Array.from({ length: 60 }, (_, index) => ({
      text: `tool${index % 3}.exe --mode${index % 5} target${index}`,
      technique: ['T1685.001', 'T1562.002', 'T1003'][index % 3]!,
      source: 'atomic-red-team' as const,
      group: `test-${index % 30}`,
      label: `test ${index % 30}`,
    }));
    const crosswalk: Record<string, string> = { 'T1685.001': 'T1562.002' };
    const attack = {
      resolve: (id: string) => crosswalk[id] ?? id,
      tacticsOf: () => [],
      resolveTactic: (name: string) => name,
    };
    const model = inCatalogueIds(await trainEvidenceModel(examples), attack);
    const candidates = model.infer('tool0.exe --mode1 target9999', 3);
    expect(candidates[0]?.technique).toBe('T1562.002');
    expect(candidates.filter((candidate) => candidate.technique === 'T1562.002')).toHaveLength(1);
    expect(candidates.some((candidate) => candidate.technique.startsWith('T1685'))).toBe(false);
    expect(model.examples).toBe(60);
  });
});

describeWithShared(
  'evidence model on ATT&CK, Atomic Red Team and Vigil’s rules (held out by test, actor, rule)',
  () => {
    it('predicts unseen tests’ commands and its confidence holds on them', async () => {
      const bundle = sharedPath('attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz');
      const attack = await loadAttackCatalog(bundle);
      const rules = await loadRules(['rules']);
      const model = await buildEvidenceModel({
        procedures: await readBundleProcedures(bundle),
        atomicRedTeam: sharedPath('atomic-red-team'),
        rules: rules.rules,
        attack,
      });
      const atomic = model!.evaluation.bySource.find((source) => source.source === 'atomic-red-team')!;
      console.log(
        `evidence model: atomic held-out top-1 parent ${(atomic.top1Parent * 100).toFixed(1)}% of ${atomic.predicted}; ` +
          `ECE ${model!.evaluation.overall.expectedCalibrationError.toFixed(3)} over ${model!.evaluation.overall.count}`,
      );
      expect(atomic.top1Parent).toBeGreaterThan(0.4);
      expect(model!.evaluation.overall.expectedCalibrationError).toBeLessThan(0.15);
    }, 120_000);
  },
);
