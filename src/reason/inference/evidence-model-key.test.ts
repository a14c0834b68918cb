import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../../test/shared-data.js';
import { loadRules } from '../../detect/index.js';
import type { ProcedureExample } from '../classifier/read-bundle-procedures.js';
import { buildEvidenceModel } from './build-evidence-model.js';
import {
  procedureExamples,
  type SigmaRuleFile,
  sigmaFileExamples,
  sigmaRuleFiles,
  sigmaRuleSources,
} from './evidence-examples.js';
import { documentIdentity, type EvidenceModelKeyParts, evidenceModelKey } from './evidence-model-key.js';

const cacheFolder = mkdtempSync(join(tmpdir(), 'vigil-model-key-'));
afterAll(() => rmSync(cacheFolder, { recursive: true, force: true }));

/** A document back from its identity text (the NUL form's numbers and escaped strings undone). */
function fromIdentity(identity: string): unknown {
  if (!identity.startsWith('\0')) return JSON.parse(identity);
  return JSON.parse(identity.slice(1), (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith('\0')
      ? value.startsWith('\0\0')
        ? value.slice(1)
        : Number(value.slice(1))
      : value,
  );
}

/**
 * Exactly what the key hashes, as knowledge again: each file's path, its rules' id, title and
 * techniques, its documents rebuilt from their identity texts, each procedure's three fields.
 */
function hashedOnly(parts: EvidenceModelKeyParts): { ruleFiles: SigmaRuleFile[]; procedures: ProcedureExample[] } {
  return {
    ruleFiles: parts.ruleFiles.map((file) => ({
      file: file.file,
      rules: file.rules.map(({ id, title, techniques }) => ({ id, title, techniques: [...techniques] })),
      documents: file.documents.map((document) => {
        const value = fromIdentity(document.text?.() ?? documentIdentity(document.document())!);
        return { document: () => value };
      }),
    })),
    procedures: parts.procedures.map(({ text, technique, actorId }) => ({ text, technique, actorId })),
  };
}

const examplesOf = (parts: Pick<EvidenceModelKeyParts, 'ruleFiles' | 'procedures'>) => [
  ...parts.ruleFiles.flatMap(sigmaFileExamples),
  ...procedureExamples(parts.procedures),
];

// Rule documents as YAML gives them: plain data, numbers non-finite and negative zero included,
// strings that start with the NUL the identity text uses, field names with modifiers.
const word = fc.constantFrom('whoami', 'lsass', 'procdump', 'comsvcs', 'vssadmin', 'x', '*', '\0', '\0\0lsass');
const scalar = fc.oneof(
  fc.array(word, { maxLength: 4 }).map((words) => words.join(' ')),
  fc.constantFrom(0, -0, 10, 4444, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN, 1e21),
  fc.constantFrom(null, true, false),
);
const field = fc.constantFrom('CommandLine|contains', 'Image|endswith', 'LogonType', 'DestinationPort', 'Status');
const selection = fc.oneof(
  fc.dictionary(field, fc.oneof(scalar, fc.array(scalar, { maxLength: 8 })), { maxKeys: 3 }),
  fc.array(scalar, { maxLength: 8 }),
);
const ids = fc.constantFrom('r1', 'r2', 'r3');
const document = fc.record({
  id: ids,
  title: fc.constantFrom('Rule one', 'Rule two'),
  detection: fc.dictionary(
    fc.constantFrom('selection', 'filter_admin', 'legit', 'condition', 'timeframe', 'sel2'),
    fc.oneof(selection, scalar),
    { maxKeys: 4 },
  ),
});
const ruleFile = fc.record({
  file: fc.constantFrom('a.yml', 'b.yml'),
  rules: fc.array(
    fc.record({
      id: ids,
      title: fc.constantFrom('Rule one', 'Rule two'),
      techniques: fc.array(fc.constantFrom('T1003.001', 'T1059', 'T1490'), { maxLength: 2 }),
    }),
    { maxLength: 3 },
  ),
  documents: fc.array(
    document.map((value) => ({ document: () => value })),
    { maxLength: 3 },
  ),
});
const procedure = fc.record({
  text: fc.constantFrom(
    'The group used procdump to dump LSASS memory. It then deleted shadow copies with vssadmin.',
    '(Citation: Report 2020) APT used comsvcs.dll MiniDump against lsass.exe to get credentials.',
    'short',
  ),
  technique: fc.constantFrom('T1003.001', 'T1490'),
  actorId: fc.constantFrom('G0016', 'S0002'),
});
const parts = fc.record({
  fingerprint: fc.constant('code'),
  options: fc.constant({ heldOutShare: 0.15, calibrationSources: ['sigma-rule' as const] }),
  atomicRedTeam: fc.constant(undefined),
  ruleFiles: fc.array(ruleFile, { maxLength: 3 }),
  procedures: fc.array(procedure, { maxLength: 3 }),
});

describe('the evidence-model key', () => {
  // The proof that a hit can never be a stale model: the examples are taken from nothing but what
  // the key hashes. Were they to read anything else (a rule's level, a document's value the
  // identity loses), the examples from the hashed parts alone would differ.
  it('hashes everything the examples are taken from', () => {
    fc.assert(
      fc.property(parts, (generated) => {
        expect(evidenceModelKey(generated)).toMatch(/^[0-9a-f]{40}$/);
        expect(examplesOf(hashedOnly(generated))).toEqual(examplesOf(generated));
      }),
      { numRuns: 300 },
    );
  });

  it('changes with every part the examples or the training depend on', () => {
    fc.assert(
      fc.property(parts, parts, (one, other) => {
        // Different examples can never share a key (equal examples may: their inputs differ).
        if (JSON.stringify(examplesOf(one)) !== JSON.stringify(examplesOf(other)))
          expect(evidenceModelKey(one)).not.toBe(evidenceModelKey(other));
      }),
      { numRuns: 300 },
    );
    const base: EvidenceModelKeyParts = {
      fingerprint: 'code',
      options: { heldOutShare: 0.15, calibrationSources: ['sigma-rule'] },
      atomicRedTeam: 'atomics-hash',
      ruleFiles: [
        {
          file: 'a.yml',
          rules: [{ id: 'r1', title: 'Dump', techniques: ['T1003.001'] }],
          documents: [{ document: () => ({ id: 'r1', detection: { selection: { Image: 'procdump.exe' } } }) }],
        },
      ],
      procedures: [{ text: 'It dumped LSASS with procdump.', technique: 'T1003.001', actorId: 'G0016' }],
    };
    const file = base.ruleFiles[0]!;
    const variants: EvidenceModelKeyParts[] = [
      { ...base, fingerprint: 'code 2' },
      { ...base, options: { ...base.options, heldOutShare: 0.2 } },
      { ...base, atomicRedTeam: undefined },
      { ...base, ruleFiles: [{ ...file, file: 'b.yml' }] },
      { ...base, ruleFiles: [{ ...file, rules: [{ ...file.rules[0]!, techniques: ['T1003'] }] }] },
      { ...base, ruleFiles: [{ ...file, rules: [{ ...file.rules[0]!, title: 'Dump 2' }] }] },
      { ...base, ruleFiles: [{ ...file, rules: [] }] },
      { ...base, ruleFiles: [{ ...file, documents: [{ document: () => ({ id: 'r1', detection: {} }) }] }] },
      { ...base, ruleFiles: [{ ...file, documents: [{ document: () => null, text: () => 'null' }] }] },
      { ...base, procedures: [] },
      { ...base, procedures: [{ ...base.procedures[0]!, actorId: 'G0017' }] },
    ];
    const keys = new Set([base, ...variants].map(evidenceModelKey));
    expect(keys.size).toBe(variants.length + 1);
  });

  it('is the same with a cold and a warm rule cache, so a second run reads the model the first trained', async () => {
    const folder = join(repositoryRoot, 'rules');
    const keyOf = async (rules: Awaited<ReturnType<typeof loadRules>>) =>
      evidenceModelKey({
        fingerprint: 'code',
        options: { heldOutShare: 0.15, calibrationSources: [] },
        atomicRedTeam: undefined,
        ruleFiles: await sigmaRuleFiles(sigmaRuleSources(rules.rules)),
        procedures: [],
      });
    const cache = { folder: cacheFolder, warn: (message: string) => expect.fail(message) };
    const cold = await loadRules([folder], { cache });
    const warm = await loadRules([folder], { cache });
    expect([cold.fromCache, warm.fromCache]).toEqual([false, true]);
    expect(warm.rules.every((rule) => rule.documentText !== undefined)).toBe(true);
    const key = await keyOf(cold);
    expect(key).toBeDefined();
    expect(await keyOf(warm)).toBe(key);
    // Without the loaded documents the files are read again: the same documents, the same key.
    expect(
      evidenceModelKey({
        fingerprint: 'code',
        options: { heldOutShare: 0.15, calibrationSources: [] },
        atomicRedTeam: undefined,
        ruleFiles: await sigmaRuleFiles(
          sigmaRuleSources(cold.rules).map(({ document: _d, documentText: _t, ...rule }) => rule),
        ),
        procedures: [],
      }),
    ).toBeDefined();
  }, 60_000);

  it('caches nothing for a document that is not plain data, and still trains the model', async () => {
    const folder = mkdtempSync(join(cacheFolder, 'models-'));
    const document = {
      id: 'r1',
      title: 'Dump',
      date: new Date(0),
      detection: { selection: { CommandLine: ['procdump.exe -ma lsass.exe out.dmp'] }, condition: 'selection' },
    };
    expect(documentIdentity(document)).toBeUndefined();
    const rules = [{ id: 'r1', title: 'Dump', file: 'r1.yml', tags: ['attack.t1003.001'], document: () => document }];
    const model = await buildEvidenceModel(
      { rules },
      { cache: { folder, fingerprint: 'code', warn: (message) => expect.fail(message) } },
    );
    expect(model?.origin).toBe('trained');
    expect(model?.examples).toBe(1);
    const again = await buildEvidenceModel(
      { rules },
      { cache: { folder, fingerprint: 'code', warn: (message) => expect.fail(message) } },
    );
    expect(again?.origin).toBe('trained');
  });
});
