import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import { contentHash, evidenceModelFingerprint } from '../../detect/index.js';
import { fingerprintEvidenceModel } from '../../detect/rule-engine-fingerprint.js';
import { atomicExport, probeTexts, smallKnowledge } from './__fixtures__/evidence-knowledge.js';
import { buildEvidenceModel } from './build-evidence-model.js';
import type { EvidenceModel } from './evidence-model.js';
import { decodeModelBody, encodeModelBody, type ModelBody } from './evidence-model-cache-body.js';

const run = promisify(execFile);

function cacheOptions(fingerprint = 'model-code-1') {
  const warnings: string[] = [];
  return {
    folder: mkdtempSync(join(tmpdir(), 'vigil-model-cache-')),
    fingerprint,
    warn: (message: string) => warnings.push(message),
    warnings,
  };
}

/** What a model predicts and how it was calibrated: equal for equal models. */
const behaviour = (model: EvidenceModel | undefined) => ({
  examples: model?.examples,
  sources: model?.sources,
  calibration: model?.calibration.steps,
  predictions: probeTexts.map((text) => model?.infer(text, 5)),
});

const entries = (folder: string) => readdirSync(folder).filter((name) => name.endsWith('.bin'));

describe('the evidence-model cache', () => {
  it('gives the same predictions, calibration and reliability from the cache as a fresh training', async () => {
    const knowledge = smallKnowledge();
    const cache = cacheOptions();
    // An entry of the earlier (JSON) format can never be read again: the first write removes it.
    writeFileSync(join(cache.folder, `${'0'.repeat(40)}.json`), '{}\n{}');
    const fresh = await buildEvidenceModel(knowledge);
    const first = await buildEvidenceModel(knowledge, { cache });
    const second = await buildEvidenceModel(knowledge, { cache });
    expect([fresh?.origin, first?.origin, second?.origin]).toEqual(['trained', 'trained', 'cache']);
    expect(behaviour(second)).toEqual(behaviour(fresh));
    expect(behaviour(first)).toEqual(behaviour(fresh));
    // A real model: it knows the LSASS dump it was taught, with a reason.
    expect(behaviour(second).predictions[0]?.[0]).toMatchObject({ technique: 'T1003.001' });
    expect(second?.evaluation).toEqual(fresh?.evaluation);
    expect(cache.warnings).toEqual([]);
    expect(entries(cache.folder)).toHaveLength(1);
    expect(readdirSync(cache.folder)).toEqual(entries(cache.folder));
  });

  it('is invalidated by a change of the Atomic Red Team tests, a rule, a procedure or the code', async () => {
    const atomics = atomicExport();
    const cache = cacheOptions();
    const trained = await buildEvidenceModel(smallKnowledge(atomics), { cache });
    expect((await buildEvidenceModel(smallKnowledge(atomics), { cache }))?.origin).toBe('cache');

    // An Atomic test's command changes: a miss, and the new command is what is learned.
    const text = readFileSync(atomics, 'utf8');
    writeFileSync(
      atomics,
      text.replace('reg save HKLM\\\\sam', 'esentutl.exe /y /vss C:\\\\Windows\\\\NTDS\\\\ntds.dit'),
    );
    const changed = await buildEvidenceModel(smallKnowledge(atomics), { cache });
    expect(changed?.origin).toBe('trained');
    expect(behaviour(changed)).not.toEqual(behaviour(trained));
    expect(changed?.infer('esentutl.exe /y /vss C:\\Windows\\NTDS\\ntds.dit /d C:\\temp\\n.dit')[0]?.technique).toBe(
      'T1003.002',
    );

    // A rule's selection changes.
    const knowledge = smallKnowledge(atomics);
    expect((await buildEvidenceModel(knowledge, { cache }))?.origin).toBe('cache');
    const rules = [...(knowledge.rules ?? [])];
    const document = {
      ...(rules[1]!.document!() as object),
      detection: { selection: { CommandLine: ['bcdedit /set recoveryenabled no'] }, condition: 'selection' },
    };
    rules[1] = { ...rules[1]!, document: () => document };
    expect((await buildEvidenceModel({ ...knowledge, rules }, { cache }))?.origin).toBe('trained');

    // A procedure sentence changes.
    const procedures = [...(knowledge.procedures ?? [])];
    procedures[0] = { ...procedures[0]!, text: `${procedures[0]!.text} It then used comsvcs.dll.` };
    expect((await buildEvidenceModel({ ...knowledge, procedures }, { cache }))?.origin).toBe('trained');

    // The training code changes (its fingerprint).
    expect((await buildEvidenceModel(knowledge, { cache: { ...cache, fingerprint: 'model-code-2' } }))?.origin).toBe(
      'trained',
    );
    // Options that change training are part of the key too.
    expect((await buildEvidenceModel(knowledge, { cache, heldOutShare: 0.2 }))?.origin).toBe('trained');
    expect(cache.warnings).toEqual([]);
  });

  it('rebuilds a corrupt entry with a warning and never uses it', async () => {
    const knowledge = smallKnowledge();
    const cache = cacheOptions();
    const fresh = behaviour(await buildEvidenceModel(knowledge, { cache }));
    const path = join(cache.folder, entries(cache.folder)[0]!);
    const bytes = readFileSync(path);

    // A changed body that still reads: the checksum catches it.
    const tamperedBytes = Buffer.from(bytes);
    tamperedBytes.write('T1490....', tamperedBytes.indexOf('T1003.001'));
    writeFileSync(path, tamperedBytes);
    const tampered = await buildEvidenceModel(knowledge, { cache });
    expect(tampered?.origin).toBe('trained');
    expect(behaviour(tampered)).toEqual(fresh);
    expect(cache.warnings.at(-1)).toMatch(/unusable \(checksum mismatch\).*training the model again/);

    // Cut short.
    writeFileSync(path, bytes.subarray(0, bytes.length / 2));
    expect((await buildEvidenceModel(knowledge, { cache }))?.origin).toBe('trained');
    expect(cache.warnings).toHaveLength(2);

    // A body whose checksum holds but whose index points past its examples, or lists an example
    // twice: checked, not trusted.
    const newline = bytes.indexOf(0x0a);
    const forge = (change: (body: ModelBody) => void) => {
      const body = decodeModelBody(bytes.subarray(newline + 1)) as ModelBody;
      change(body);
      const forged = encodeModelBody(body);
      const header = { ...JSON.parse(bytes.toString('utf8', 0, newline)), checksum: contentHash(forged) };
      writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), forged]));
    };
    forge((body) => {
      body.postingExamples[0] = 1_000_000;
    });
    const rebuilt = await buildEvidenceModel(knowledge, { cache });
    expect(rebuilt?.origin).toBe('trained');
    expect(behaviour(rebuilt)).toEqual(fresh);
    expect(cache.warnings.at(-1)).toMatch(/unusable \(bad posting of/);
    forge((body) => {
      const at = body.postingEnds.findIndex((end, number) => end - (body.postingEnds[number - 1] ?? 0) > 1);
      const start = body.postingEnds[at - 1] ?? 0;
      body.postingExamples[start + 1] = body.postingExamples[start]!;
    });
    expect((await buildEvidenceModel(knowledge, { cache }))?.origin).toBe('trained');
    expect(cache.warnings.at(-1)).toMatch(/unusable \(bad posting of/);
    forge((body) => {
      body.frequency[0] = body.texts.length;
    });
    expect((await buildEvidenceModel(knowledge, { cache }))?.origin).toBe('trained');
    expect(cache.warnings.at(-1)).toMatch(/unusable \(bad document frequency\)/);

    // Rewritten: the next build reads it again, silently.
    expect((await buildEvidenceModel(knowledge, { cache }))?.origin).toBe('cache');
    expect(cache.warnings).toHaveLength(5);
  });

  it('survives two processes filling the same entry at once', async () => {
    const atomics = atomicExport(12);
    const cache = cacheOptions('model-concurrent');
    const child = () =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repositoryRoot, 'src/reason/inference/__fixtures__/build-model-child.ts'),
          cache.folder,
          atomics,
          'model-concurrent',
        ],
        { cwd: repositoryRoot },
      ).then(({ stdout }) => JSON.parse(stdout) as { origin: string; predictions: unknown[]; warnings: string[] });
    const [one, two] = await Promise.all([child(), child()]);
    expect(one.predictions).toEqual(two.predictions);
    expect([...one.warnings, ...two.warnings]).toEqual([]);
    expect(readdirSync(cache.folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(entries(cache.folder)).toHaveLength(1);
    const after = await buildEvidenceModel(smallKnowledge(atomics), { cache });
    expect(after?.origin).toBe('cache');
    expect(probeTexts.map((text) => after?.infer(text))).toEqual(one.predictions);
    expect(cache.warnings).toEqual([]);
  }, 60_000);

  it('fingerprints the training code from its sources, as the build does', async () => {
    expect(evidenceModelFingerprint()).toBe(fingerprintEvidenceModel(repositoryRoot));
    const { stdout } = await run(process.execPath, [
      join(repositoryRoot, 'scripts/build.mjs'),
      '--print-evidence-model',
    ]);
    expect(stdout.trim()).toBe(evidenceModelFingerprint());
  });
});
