import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { loadAttackCatalog, loadRules } from '../../detect/index.js';
import { readBundleProcedures } from '../classifier/read-bundle-procedures.js';
import { buildEvidenceModel, inCatalogueIds } from './build-evidence-model.js';
import { calibrationOf } from './calibration.js';
import { containedConfidence, trainEvidenceModel } from './evidence-model.js';

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

describe('containedConfidence', () => {
  const calibration = calibrationOf([
    { upTo: 0.5, probability: 0.3, count: 10 },
    { upTo: 1, probability: 0.65, count: 10 },
  ]);
  const candidate = (containedIn?: {
    groups: number;
    named: number;
    most: string;
    mostGroups: number;
    sources: number;
    program?: true;
  }) => ({
    technique: 'T1124',
    score: 0.9,
    nearest: { text: 'Get-Date', label: 'Atomic Red Team T1124', source: 'atomic-red-team' as const },
    sharedTerms: ['get date'],
    ...(containedIn ? { containedIn } : {}),
  });

  it('bounds a building block by the share of the examples containing it that are of its technique', () => {
    // `Get-Date`: 1 of the 6 tests containing it is System Time Discovery, 3 are Account Manipulation.
    expect(
      containedConfidence(candidate({ groups: 6, named: 1, most: 'T1098', mostGroups: 3, sources: 6 }), calibration),
    ).toBe(0.1667);
  });

  it('bounds a step many procedures share when its technique holds no more than half of the tests containing it', () => {
    // `Start-Sleep -Seconds 5`: a pause in 12 tests, 4 of them of this technique, the rest one each.
    const step = candidate({ groups: 12, named: 4, most: 'T1124', mostGroups: 4, sources: 12 });
    expect(containedConfidence(step, calibration)).toBe(0.3333);
    // Exactly half is no majority either.
    expect(
      containedConfidence(candidate({ groups: 4, named: 2, most: 'T1124', mostGroups: 2, sources: 4 }), calibration),
    ).toBe(0.5);
  });

  it('keeps a program run on its own, whose score is already the vote of everything naming it', () => {
    // `whoami.exe`: inside 12 tests and rules, 4 of them of owner discovery; it is still that program.
    const program = candidate({ groups: 12, named: 4, most: 'T1124', mostGroups: 4, sources: 12, program: true });
    expect(containedConfidence(program, calibration)).toBe(0.65);
  });

  it("keeps the calibrated confidence of a text most of whose containing examples are its technique's, or that none contains", () => {
    // `systeminfo`: 36 of 46 containing examples are System Information Discovery.
    const own = candidate({ groups: 46, named: 36, most: 'T1124', mostGroups: 36, sources: 40 });
    expect(containedConfidence(own, calibration)).toBe(0.65);
    // A tie is not outvoted (`Get-NetSession`: a value of two rules that each tag four techniques,
    // this one among them: 2 of the 2 rules carry it).
    expect(
      containedConfidence(candidate({ groups: 7, named: 2, most: 'T1049', mostGroups: 2, sources: 2 }), calibration),
    ).toBe(0.65);
    expect(containedConfidence(candidate(), calibration)).toBe(0.65);
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
