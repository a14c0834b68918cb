/**
 * The fast rule-YAML reader gives exactly js-yaml's documents or declines (undefined): on the
 * whole SigmaHQ corpus, on documents generated and written by two YAML writers in several styles,
 * and on hand-made rule text mutated at random. It never accepts what js-yaml refuses.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import { dump, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { describeWithShared, sharedPath } from '../../test/shared-data.js';
import { readPlainRuleYaml } from './plain-rule-yaml.js';

/** js-yaml's reading as the rule loader does it, or 'refused'. */
function reference(text: string): unknown[] | 'refused' {
  try {
    return loadAll(text, { maxAliases: 0 });
  } catch {
    return 'refused';
  }
}

/** The property: declined, or the same documents as js-yaml (same JSON, same prototypes). */
function agrees(text: string): boolean {
  const fast = readPlainRuleYaml(text);
  if (fast === undefined) return true;
  const expected = reference(text);
  expect(expected, `js-yaml refuses what the fast reader read:\n${text}`).not.toBe('refused');
  // node's deep equality compares prototypes, not the `constructor` property, which a rule may use
  // as a key (vitest's toStrictEqual reads `constructor` and so fails on equal documents).
  expect(isDeepStrictEqual(fast, expected), `${JSON.stringify(fast)}\n${JSON.stringify(expected)}`).toBe(true);
  return true;
}

const rule = `title: Suspicious Whoami  # a comment
id: 0d5b1b5e-3d2b-4c56-9d4e-000000000001
status: test
description: |
  Detects whoami.

  Second paragraph: with a colon.
references:
- https://example.org/a?b=c#frag
tags:
    - attack.discovery
    - attack.t1033
author: 'O''Brien, "Q"'
date: 2024-01-31
modified: 2024/02/01
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\whoami.exe'
        CommandLine|contains|all:
            - "/all\\t"
            - ' /priv'
        EventID: [4688, 1]
        Hashes|contains: {}
        ParentImage: null
    filter_main_empty:
        - CommandLine: ''
        - CommandLine:
    condition: selection and not 1 of filter_*
falsepositives:
    - Admin activity
level: high
score: 0.5
enabled: true
`;

describe('readPlainRuleYaml', () => {
  it('reads a typical rule exactly as js-yaml does', () => {
    const documents = readPlainRuleYaml(rule);
    expect(documents).toStrictEqual(reference(rule));
    const [document] = documents as [Record<string, unknown>];
    expect(document.description).toBe('Detects whoami.\n\nSecond paragraph: with a colon.\n');
    expect(document.date).toBe('2024-01-31');
    expect(document.author).toBe('O\'Brien, "Q"');
    expect((document.detection as { selection: { EventID: unknown } }).selection.EventID).toEqual([4688, 1]);
  });

  it('reads documents separated by ---', () => {
    const text = `${rule}---\ntitle: second\nlevel: low\n`;
    expect(readPlainRuleYaml(text)).toHaveLength(2);
    agrees(text);
  });

  it('resolves plain scalars as the core schema does', () => {
    const scalars = ['0', '12', '-3', '+4', '0x1F', '0o17', '1.5', '1e3', '.inf', '-.Inf', '.nan', '~', 'null'];
    const more = ['Null', 'true', 'False', 'TRUE', '007', '1_000', '2024-01-31', '12:30', '1.2.3', 'yes', 'on', 'e5'];
    for (const scalar of [...scalars, ...more]) {
      const text = `value: ${scalar}\n`;
      expect(readPlainRuleYaml(text), scalar).toStrictEqual(reference(text));
      agrees(`list: [${scalar}, '${scalar}']\n`);
    }
  });

  it('reads quoted sequence entries, a quoted key opening a mapping in a sequence, and escapes', () => {
    const text = [
      'list:',
      "  - 'C:\\Windows\\a.exe'",
      "  - 'it''s' # a comment",
      "  - ''''",
      '  - "a\\"b\\\\c\\x41\\u00e9 #not a comment"',
      "  - 'key': value",
      '    other: 2',
      '  - "k" : v',
      '  - plain: x',
      '  - C:\\plain\\path # comment',
      '  - word #note: x',
      "  - 'a: b'",
      'inline: "x" # c',
      "'quoted key': 'it''s'",
      '',
    ].join('\n');
    expect(readPlainRuleYaml(text)).toStrictEqual([
      {
        list: [
          'C:\\Windows\\a.exe',
          "it's",
          "'",
          'a"b\\cAé #not a comment',
          { key: 'value', other: 2 },
          { k: 'v' },
          { plain: 'x' },
          'C:\\plain\\path',
          'word',
          'a: b',
        ],
        inline: 'x',
        'quoted key': "it's",
      },
    ]);
    agrees(text);
    // A quoted entry followed by anything but a comment or a key's colon is not in the subset.
    for (const entry of ["- 'a'b", "- 'a':b", '- "a" x', "- 'unclosed", '- "a\\"']) {
      expect(readPlainRuleYaml(`list:\n  ${entry}\n`), entry).toBeUndefined();
    }
  });

  it('looks at every character after the first one outside printable ASCII', () => {
    // A BEL or a tab after an accented letter is still refused (the scan starts at the letter).
    for (const text of ['title: café\nx: a\u0007b\n', 'title: é\u0007\n', 'a: é\nb: c\td\n']) {
      expect(readPlainRuleYaml(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(readPlainRuleYaml('title: café 😀\n')).toStrictEqual([{ title: 'café 😀' }]);
  });

  it('declines what it does not read, leaving it to js-yaml', () => {
    const declined = [
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: !!str 1\n', // tags
      'a:\n\t- b\n', // tabs
      'a: >\n  folded\n', // folded scalars
      'a: one\n  two\n', // multi-line plain scalars
      "a: 'one\n  two'\n", // multi-line quoted scalars
      'a: {b: 1}\n', // flow mappings
      'a: 1\na: 2\n', // duplicate keys
      '1: a\n', // non-string keys
      '__proto__: {}\n',
      'a: b: c\n',
      '? a\n: b\n',
      '%YAML 1.2\n---\na: 1\n',
      'a: 1\n...\n',
      '',
      '# only a comment\n',
      'a: "\\q"\n',
      'a: \u0007\n',
      `${'a:\n'.repeat(1)}${Array.from({ length: 60 }, (_, depth) => `${' '.repeat(depth + 1)}k${depth}:`).join('\n')} 1\n`,
    ];
    for (const text of declined) expect(readPlainRuleYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  it('declines a billion-laughs file (js-yaml and the careful parser bound it)', () => {
    const laughs = [
      'a: &a ["lol","lol"]',
      ...Array.from(
        { length: 9 },
        (_, index) => `${'bcdefghij'[index]}: &${'bcdefghij'[index]} [*${'abcdefghi'[index]},*${'abcdefghi'[index]}]`,
      ),
    ].join('\n');
    expect(readPlainRuleYaml(laughs)).toBeUndefined();
  });

  const key = fc.oneof(
    fc.constantFrom('title', 'Image|endswith', 'CommandLine|contains|all', 'selection_1', 'a b', 'x.y', 'EventID'),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  const tricky = fc.constantFrom(
    '',
    ' ',
    'a: b',
    'a #b',
    '#',
    "'",
    '"',
    '\\',
    '\\\\server\\share',
    '- x',
    '-x',
    '? x',
    ':x',
    '[a]',
    '{a}',
    '&a',
    '*a',
    '!a',
    '|',
    '>',
    '%',
    '@',
    '`',
    '0x1F',
    '1e5',
    '007',
    '.5',
    'true',
    'null',
    '~',
    '2024-01-31',
    '\u00e9\u4e2d\ud83d\ude00',
    'trailing ',
    'a\nb',
    'a\tb',
  );
  const scalar = fc.oneof(
    fc.string({ maxLength: 20 }),
    tricky,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  })).node;
  const document = fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 });
  const writer = fc.oneof(
    fc
      .record({
        lineWidth: fc.constantFrom(-1, 20, 80),
        flowLevel: fc.constantFrom(-1, 1, 2),
        indent: fc.constantFrom(2, 4),
      })
      .map((options) => (item: unknown) => dump(item, options)),
    fc
      .record({ indent: fc.constantFrom(2, 4), indentSeq: fc.boolean(), lineWidth: fc.constantFrom(0, 20, 80) })
      .map((options) => (item: unknown) => stringify(item, options)),
  );

  test.prop([document, writer], { numRuns: 400 })(
    'gives js-yaml’s documents for generated rules or declines',
    (item, write) => agrees(write(item)),
  );

  /** Random edits of rule text: a character in, a character out, a line moved in or out. */
  const edit = fc.oneof(
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      text: fc.constantFrom(...'-:#\'" \n|>[]{},&*!%@`?\\\t~'.split(''), '  ', ': ', ' #', '- '),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 3 }) }),
    fc.record({ kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({ min: -2, max: 2 }) }),
  );
  type Edit =
    | { kind: 'insert'; at: number; text: string }
    | { kind: 'delete'; at: number; length: number }
    | { kind: 'indent'; line: number; by: number };
  function mutate(text: string, edits: readonly Edit[]): string {
    let result = text;
    for (const change of edits) {
      if (change.kind === 'insert') {
        const at = change.at % (result.length + 1);
        result = result.slice(0, at) + change.text + result.slice(at);
      } else if (change.kind === 'delete') {
        const at = change.at % (result.length + 1);
        result = result.slice(0, at) + result.slice(at + change.length);
      } else {
        const lines = result.split('\n');
        const index = change.line % lines.length;
        const line = lines[index] as string;
        lines[index] =
          change.by > 0
            ? ' '.repeat(change.by) + line
            : line.slice(Math.min(-change.by, line.length - line.trimStart().length));
        result = lines.join('\n');
      }
    }
    return result;
  }
  test.prop([fc.array(edit, { minLength: 1, maxLength: 4 })], { numRuns: 1500 })(
    'gives js-yaml’s documents for mutated rule text or declines, and never accepts what js-yaml refuses',
    (edits) => agrees(mutate(rule, edits)),
  );
});

describeWithShared('readPlainRuleYaml on the SigmaHQ corpus', () => {
  it('reads at least 99% of the rule files, each exactly as js-yaml does', () => {
    const folders = [
      'rules',
      'rules-compliance',
      'rules-emerging-threats',
      'rules-placeholder',
      'rules-threat-hunting',
    ];
    const files = folders.flatMap((folder) =>
      readdirSync(sharedPath('sigma', folder), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && /\.ya?ml$/i.test(entry.name))
        .map((entry) => join(entry.parentPath, entry.name)),
    );
    expect(files.length).toBeGreaterThan(3000);
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const fast = readPlainRuleYaml(text);
      if (fast === undefined) continue;
      read++;
      expect(fast, file).toStrictEqual(reference(text));
    }
    expect(read / files.length).toBeGreaterThanOrEqual(0.99);
  });
});
