/**
 * No regular expression in Vigil's own code can be turned against it by the text it reads. Every
 * production file under src/ (outside `guard`, which owns the engines) is parsed with the
 * TypeScript compiler and each regex literal checked:
 * 1. it is proven linear on V8 by `whyNotLinear`, or
 * 2. it runs on the guard's linear engine (`compileGuardedRegex(/…/.source)`, `compileLinearRegex(/…/.source)`), or
 * 3. it is in `reviewed` below with the reason it is safe enough or the debt it still is.
 * A pattern built at run time (`new RegExp`, `RegExp()`) must be listed in `dynamic`. Both lists
 * only shrink: an entry that no longer matches a finding fails the test too. A test below plants
 * each violation and expects it found.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from '../test/source-files.js';
import { whyNotLinear } from './guard/index.js';

const notAttackerData = 'applied to configuration, a CLI flag or Vigil’s own text, not to log or intel data';
const boundedSubject = 'the subject is bounded (length checked or sliced first), so the worst case is a constant';
const linearInFact = 'linear in fact (each run stops at a character the next start needs); whyNotLinear cannot see it';

/** file → regex literal (as written) → why it is allowed unproven. */
const reviewed: Record<string, Record<string, string>> = {
  'core/classify-observable.ts': {
    '/^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,62}$/i': boundedSubject,
  },
  'cli/commands/share.ts': { '/^https?:\\/\\/.+\\/collections\\/[^/]+\\/?$/i': notAttackerData },
  'detect/attack/attack-crosswalk.ts': { '/^attack-.*crosswalk.*\\.json$/i': notAttackerData },
  'evaluation/systems/baseline-system.ts': { '/^([a-z0-9-]+\\.)+[a-z]{2,}$/i': linearInFact },

  'intel/misp/misp-tags.ts': { '/\\s+-\\s+([GSC]\\d{4})$/': boundedSubject },
  'reason/inference/behaviour-texts.ts': {
    '/<Command>([^<]{1,500})<\\/Command>(?:\\s*<Arguments>([^<]{0,1000})<\\/Arguments>)?/g': linearInFact,
  },
  'reason/inference/evidence-examples.ts': {
    '/(?<=[.!?])\\s+(?=[A-Z(])/': linearInFact,
  },
  'respond/playbooks/cacao.ts': { '/^-+|-+$/g': notAttackerData },
  'respond/playbooks/draft-playbook.ts': { '/-+$/': boundedSubject },
  'respond/playbooks/expression.ts': { '/\\$\\{\\{(.*?)\\}\\}/g': notAttackerData },
  'ingest/formats/syslog/syslog-programs.ts': { '/\\b([A-Z]+)=(\\S*)/g': linearInFact },

  'reason/llm/providers/anthropic.ts': { '/\\/+$/': notAttackerData },
  'reason/llm/providers/openai-compatible.ts': { '/\\/+$/': notAttackerData },
  'respond/connectors/http/post-json.ts': { '/\\/+$/': notAttackerData },
  'respond/connectors/email/smtp-client.ts': { '/^[^\\s<>()",;:\\\\]+@[A-Za-z0-9.-]+$/': notAttackerData },

  'reason/llm/secure/pseudonymiser.ts': {
    '/()(\\b(?:sk|ghp|xox[abp])-?[A-Za-z0-9_-]{16,}\\b)/g': linearInFact,
  },
};

/** file → why its run-time patterns are safe (or the debt they are). */
const dynamic: Record<string, string> = {
  'cli/output.ts': 'a per-process secret around a digit run, applied to Vigil’s own output',
  'intel/matching/value-problem.ts': 'an anchored hex run of a fixed length: linear',
  'intel/stix/stix-common.ts': 'anchored STIX identifier shapes built from constants: linear',
  'reason/llm/secure/neutralise-text.ts': 'the constant `hidden` character class with the u flag: linear',
  'reason/llm/secure/pseudonymiser.ts': 'an alternation of escaped literal values: linear in the text per value',
};

interface Finding {
  file: string;
  line: number;
  /** The literal as written, or `RegExp(…)` for a run-time pattern. */
  pattern: string;
  reason: string;
}

/** The regex literals and run-time patterns in `files` (path relative to src/ → text) that are not proven linear. */
function regexFindings(files: ReadonlyMap<string, string>): Finding[] {
  const found: Finding[] = [];
  for (const [file, text] of files) {
    if (isExempt(file)) continue;
    const tree = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lineOf = (node: ts.Node) => tree.getLineAndCharacterOfPosition(node.getStart(tree)).line + 1;
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const literal = node.getText(tree);
        const end = literal.lastIndexOf('/');
        const reason = guarded(node) ? undefined : whyNotLinear(literal.slice(1, end), literal.slice(end + 1));
        if (reason) found.push({ file, line: lineOf(node), pattern: literal, reason });
      } else if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        ts.isIdentifier(node.expression) &&
        node.expression.text === 'RegExp'
      )
        found.push({ file, line: lineOf(node), pattern: 'RegExp(…)', reason: 'a pattern built at run time' });
      ts.forEachChild(node, visit);
    };
    visit(tree);
  }
  return found;
}

const isExempt = (file: string) =>
  file.startsWith('guard/') ||
  /\.test\.ts$/.test(file) ||
  /(^|\/)(test-support|__fixtures__)\//.test(file) ||
  !file.endsWith('.ts');

/** `compileGuardedRegex(/…/.source)` or `compileLinearRegex(/…/.source)`: the literal only carries the pattern to the linear engine. */
function guarded(node: ts.Node): boolean {
  const access = node.parent;
  if (!access || !ts.isPropertyAccessExpression(access) || access.name.text !== 'source') return false;
  const call = access.parent;
  return (
    call !== undefined &&
    ts.isCallExpression(call) &&
    call.arguments[0] === access &&
    ts.isIdentifier(call.expression) &&
    (call.expression.text === 'compileGuardedRegex' || call.expression.text === 'compileLinearRegex') &&
    node.getText().endsWith('/')
  );
}

describe('regex safety', () => {
  const findings = regexFindings(sourceFiles());

  it('runs every regex literal on attacker text in linear time, or lists why not', () => {
    const unlisted = findings
      .filter((finding) => finding.pattern !== 'RegExp(…)' && reviewed[finding.file]?.[finding.pattern] === undefined)
      .map((finding) => `${finding.file}:${finding.line} ${finding.pattern} — ${finding.reason}`);
    expect(unlisted).toEqual([]);
  });

  it('lists every pattern built at run time with its reason', () => {
    const unlisted = findings
      .filter((finding) => finding.pattern === 'RegExp(…)' && dynamic[finding.file] === undefined)
      .map((finding) => `${finding.file}:${finding.line}`);
    expect(unlisted).toEqual([]);
  });

  it('keeps the lists honest: every entry still names a finding', () => {
    const stale = [
      ...Object.entries(reviewed).flatMap(([file, patterns]) =>
        Object.keys(patterns)
          .filter((pattern) => !findings.some((finding) => finding.file === file && finding.pattern === pattern))
          .map((pattern) => `${file} ${pattern}`),
      ),
      ...Object.keys(dynamic)
        .filter((file) => !findings.some((finding) => finding.file === file && finding.pattern === 'RegExp(…)'))
        .map((file) => `${file} RegExp(…)`),
    ];
    expect(stale).toEqual([]);
  });

  it('finds a planted quadratic literal, a run-time pattern, and accepts a guarded one', () => {
    const planted = new Map([
      [
        'detect/analytics/planted.ts',
        [
          'export const schtasks = (command: string) => /\\bschtasks(\\.exe)?\\b.*\\/create\\b/i.test(command);',
          "export const nested = /(a+)+$/.test('x');",
          "export const built = (value: string) => new RegExp(value).test('x');",
          "export const safe = compileGuardedRegex(/(a+)+$/.source).test('x');",
          "export const linear = /^Accepted (\\S+) for (\\S+)/.exec('x');",
        ].join('\n'),
      ],
      ['guard/engine.ts', "export const own = /(a+)+$/.test('x');"],
      ['detect/analytics/planted.test.ts', "export const inTest = /(a+)+$/.test('x');"],
    ]);
    const found = regexFindings(planted);
    expect(found.map((finding) => [finding.line, finding.pattern])).toEqual([
      [1, '/\\bschtasks(\\.exe)?\\b.*\\/create\\b/i'],
      [2, '/(a+)+$/'],
      [3, 'RegExp(…)'],
    ]);
    expect(found[0]?.reason).toMatch(/rescan/);
  });
});
