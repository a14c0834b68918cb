/**
 * Conformance with the OASIS pattern validator (stix2patterns, ../shared/peers): Vigil's parser
 * accepts exactly the patterns the validator accepts, on every pattern in ../shared and on
 * generated patterns (grammar fragments, hash values of every length, chained qualifiers and
 * random one-character damage). One python3 process judges each list.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { patternCorpus } from '../../../test/peers/pattern-corpus.js';
import { describeWithPeers, peerScript, runPythonJson } from '../../../test/peers/peers.js';
import { parsePattern } from './parse-pattern.js';

interface Judgement {
  valid: boolean;
  errors: string[];
}

function vigilJudges(pattern: string): { valid: boolean; reason?: string } {
  try {
    parsePattern(pattern);
    return { valid: true };
  } catch (problem) {
    return { valid: false, reason: (problem as Error).message };
  }
}

async function disagreements(patterns: readonly string[]): Promise<string[]> {
  const judged = await runPythonJson<Judgement[]>(peerScript('pattern-judge.py'), [], patterns);
  expect(judged).toHaveLength(patterns.length);
  return patterns.flatMap((pattern, index) => {
    const oasis = judged[index]!;
    const vigil = vigilJudges(pattern);
    return vigil.valid === oasis.valid
      ? []
      : [
          `${JSON.stringify(pattern)}: Vigil ${vigil.valid ? 'accepts' : `refuses (${vigil.reason})`}, OASIS ${oasis.valid ? 'accepts' : `refuses (${oasis.errors[0]})`}`,
        ];
  });
}

const hexDigits = '0123456789abcdefABCDEF';
const hashValue = fc
  .constantFrom(0, 3, 31, 32, 33, 40, 56, 64, 96, 128, 129)
  .chain((length) => fc.string({ unit: fc.constantFrom(...hexDigits), minLength: length, maxLength: length }));
const literal = fc.oneof(
  hashValue.map((value) => `'${value}'`),
  fc.constantFrom(
    "'a'",
    "'1.2.3.4'",
    "'ab\\'c'",
    "'x\\\\y'",
    '5',
    '0',
    '-5',
    '+5',
    '01',
    '1.5',
    '.5',
    '-0.5',
    'true',
    'false',
    "h'ab'",
    "h'abc'",
    "b'AAAA'",
    "b'===='",
    "t'2020-01-01T00:00:00Z'",
    "t'2020-13-01T00:00:00Z'",
    "t'2020-01-01T00:00:00.123Z'",
    "('a', 'b')",
    '(1, 2)',
    '()',
  ),
);
const path = fc.constantFrom(
  'ipv4-addr:value',
  'file:name',
  'file:size',
  'file:hashes.MD5',
  "file:hashes.'SHA-256'",
  "file:hashes.'sha-1'",
  'file:hashes.SHA512',
  "file:hashes.'SSDEEP'",
  'file:hashes.MD6',
  'file:hashes[*]',
  'file:hashes[0]',
  "artifact:hashes.'SHA3-256'",
  "file:extensions.'windows-pebinary-ext'.sections[*].hashes.MD5",
  'email-message:to_refs[*].value',
  "x-custom:'a-b'",
  'network-traffic:dst_port',
  'file:a-b',
);
const operator = fc.constantFrom(
  '=',
  '!=',
  '<>',
  '==',
  '<',
  '>',
  '<=',
  '>=',
  'IN',
  'LIKE',
  'MATCHES',
  'ISSUBSET',
  'ISSUPERSET',
  'NOT =',
  'NOT IN',
  'NOT LIKE',
);
const comparison = fc.oneof(
  fc.tuple(path, operator, literal).map(([left, op, right]) => `${left} ${op} ${right}`),
  path.map((left) => `EXISTS ${left}`),
);
const comparisons = fc
  .array(comparison, { minLength: 1, maxLength: 3 })
  .chain((items) =>
    fc
      .array(fc.constantFrom(' AND ', ' OR '), { minLength: items.length - 1, maxLength: items.length - 1 })
      .map((joins) => items.reduce((text, item, index) => `${text}${joins[index - 1]}${item}`)),
  );
const qualifier = fc.constantFrom(
  ' WITHIN 5 SECONDS',
  ' WITHIN 0 SECONDS',
  ' WITHIN 1.5 SECONDS',
  ' WITHIN -5 SECONDS',
  ' REPEATS 2 TIMES',
  ' REPEATS 0 TIMES',
  ' REPEATS +3 TIMES',
  " START t'2016-06-01T01:30:00Z' STOP t'2016-06-01T02:20:00Z'",
  ' within 5 seconds',
);
const observation = fc
  .tuple(comparisons, fc.boolean(), fc.array(qualifier, { maxLength: 3 }))
  .map(([inside, grouped, qualifiers]) => `${grouped ? `([${inside}])` : `[${inside}]`}${qualifiers.join('')}`);
const pattern = fc.array(observation, { minLength: 1, maxLength: 3 }).chain((items) =>
  fc
    .array(fc.constantFrom(' AND ', ' OR ', ' FOLLOWEDBY '), {
      minLength: items.length - 1,
      maxLength: items.length - 1,
    })
    .map((joins) => items.reduce((text, item, index) => `${text}${joins[index - 1]}${item}`)),
);
const damaged = fc
  .tuple(pattern, fc.nat(), fc.constantFrom('', '(', ')', '[', ']', "'", ':', '.', ' ', ',', '\\'))
  .map(([text, at, inserted]) => {
    const position = at % (text.length + 1);
    return `${text.slice(0, position)}${inserted}${text.slice(position + (inserted === '' ? 1 : 0))}`;
  });

describeWithPeers('STIX patterns judged as the OASIS pattern validator judges them', () => {
  it('agrees on every pattern in ../shared and every pattern Vigil writes for the MISP corpus', async () => {
    const corpus = await patternCorpus();
    const all = [...corpus.thirdParty, ...corpus.fromMisp];
    expect(all.length).toBeGreaterThan(800);
    const found = await disagreements(all);
    console.info(
      `[pattern conformance] ${all.length - found.length}/${all.length} agree (${corpus.thirdParty.length} third-party, ${corpus.fromMisp.length} from MISP)`,
    );
    expect(found).toEqual([]);
  }, 60_000);

  it('agrees on generated patterns, whole and damaged', async () => {
    const seed = Number(process.env.VIGIL_FUZZ_SEED ?? 20_260_101);
    const generated = [
      ...fc.sample(pattern, { numRuns: 600, seed }),
      ...fc.sample(damaged, { numRuns: 400, seed: seed + 1 }),
      "[ipv4-addr:value <> '1.2.3.4']",
      `${'('.repeat(10_000)}[a:b = 1]${')'.repeat(10_000)}`,
    ];
    const found = await disagreements(generated);
    const accepted = generated.filter((item) => vigilJudges(item).valid).length;
    console.info(
      `[pattern conformance] generated (seed ${seed}): ${generated.length - found.length}/${generated.length} agree, ${accepted} valid`,
    );
    expect(found).toEqual([]);
  }, 120_000);
});
