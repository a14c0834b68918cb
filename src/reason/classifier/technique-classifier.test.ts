import { describe, expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../test/shared-data.js';
import { evaluateClassifier, splitByActor } from './evaluate-classifier.js';
import { readProcedureLines } from './read-bundle-procedures.js';
import { trainTechniqueClassifier } from './technique-classifier.js';

const examples = [
  { text: 'APT1 dumped LSASS process memory with procdump to steal credentials', technique: 'T1003.001' },
  { text: 'The malware reads lsass memory using MiniDump to get credentials', technique: 'T1003.001' },
  { text: 'It used PowerShell scripts with encoded commands to download payloads', technique: 'T1059.001' },
  { text: 'Actors ran powershell -enc to execute a script in memory', technique: 'T1059.001' },
  { text: 'The group created a scheduled task with schtasks for persistence', technique: 'T1053.005' },
  { text: 'schtasks /create was used to run the payload every hour', technique: 'T1053.005' },
];

describe('technique classifier', () => {
  it('learns techniques from procedure sentences and ranks them', () => {
    const classifier = trainTechniqueClassifier(examples, { minDocumentFrequency: 1 });
    expect(classifier.techniques).toEqual(['T1003.001', 'T1053.005', 'T1059.001']);
    expect(classifier.predict('procdump.exe -ma lsass.exe lsass.dmp')[0]?.technique).toBe('T1003.001');
    expect(classifier.predict('powershell.exe -enc SQBFAFgA')[0]?.technique).toBe('T1059.001');
    expect(classifier.predict('schtasks /create /tn updater /tr c:\\temp\\a.exe')[0]?.technique).toBe('T1053.005');
    const probabilities = classifier.predict('lsass', 3).map((prediction) => prediction.probability);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 2);
  });

  it('says nothing for text it has no features for', () => {
    const classifier = trainTechniqueClassifier(examples, { minDocumentFrequency: 1 });
    expect(classifier.predict('zzzz qqqq')).toEqual([]);
  });

  it('splits by actor so no group or software is in both halves', () => {
    const split = splitByActor(
      Array.from({ length: 200 }, (_, index) => ({ text: `t${index}`, technique: 'T1000', actorId: `G${index % 40}` })),
      0.2,
    );
    const trainActors = new Set(split.train.map((example) => example.actorId));
    expect(split.test.every((example) => !trainActors.has(example.actorId))).toBe(true);
    expect(split.test.length).toBeGreaterThan(0);
  });
});

describeWithShared('technique classifier on ATT&CK procedure examples (held out by group/software)', () => {
  it('reaches useful top-1 and top-5 accuracy and retrains in seconds', async () => {
    const { examples: all } = await readProcedureLines(sharedPath('attack', 'procedure-examples.jsonl'));
    const result = evaluateClassifier(all, 0.2);
    console.log(
      `classifier: ${result.trainExamples} train / ${result.testExamples} test examples, ${result.techniques} techniques; ` +
        `top-1 ${(result.top1 * 100).toFixed(1)}%, top-5 ${(result.top5 * 100).toFixed(1)}%; ` +
        `parent technique top-1 ${(result.parentTop1 * 100).toFixed(1)}%, top-5 ${(result.parentTop5 * 100).toFixed(1)}%; ` +
        `trained in ${result.trainMs.toFixed(0)} ms`,
    );
    expect(result.top1).toBeGreaterThan(0.55);
    expect(result.top5).toBeGreaterThan(0.78);
    expect(result.trainMs).toBeLessThan(15_000);
  }, 60_000);
});
