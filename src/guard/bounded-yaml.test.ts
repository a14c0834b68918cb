import { spawnSync } from 'node:child_process';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { LineCounter, stringify } from 'yaml';
import { sourceFiles } from '../../test/source-files.js';
import { jsonValueTooDeep } from './bounded-json.js';
import { parseAllYamlDocuments, parseYaml, parseYamlDocument, yamlNestingProblem } from './bounded-yaml.js';

describe('yamlNestingProblem', () => {
  test.prop([fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 1, max: 8 }), fc.boolean()])(
    'refuses exactly the texts whose value nests deeper than the limit, in block or flow style',
    (value, maxDepth, flow) => {
      const text = flow ? JSON.stringify(value) : stringify(value);
      expect(yamlNestingProblem(text, maxDepth) !== undefined).toBe(jsonValueTooDeep(value, maxDepth));
    },
  );

  it('names the line and column of the first collection too deep', () => {
    const text = `title: deep\ndetection:\n  selection: ${'['.repeat(70)}${']'.repeat(70)}\n`;
    expect(yamlNestingProblem(text)).toMatchObject({
      line: 3,
      message: 'collections nested deeper than 64 levels at line 3, column 76',
    });
  });

  it('counts compact sequences and mappings nested by indentation', () => {
    expect(yamlNestingProblem(`${'- '.repeat(65)}x\n`)?.line).toBe(1);
    const indented = Array.from({ length: 65 }, (_, level) => `${' '.repeat(level)}k:`).join('\n');
    expect(yamlNestingProblem(`${indented} 1\n`)?.line).toBe(65);
    expect(yamlNestingProblem(`${'- '.repeat(64)}x\n`)).toBeUndefined();
  });

  it('does not count brackets inside quoted or plain scalars', () => {
    expect(
      yamlNestingProblem(`a: '${'['.repeat(200)}'\nb: "${'{'.repeat(200)}"\nc: x${'['.repeat(200)}\n`),
    ).toBeUndefined();
  });
});

describe('the readers', () => {
  const deep = `a: 1\nb:\n  ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`;

  it('give a document whose one error has the position, as the library does for its own errors', () => {
    const lineCounter = new LineCounter();
    const document = parseYamlDocument(deep, { lineCounter });
    expect(document.errors).toHaveLength(1);
    expect(lineCounter.linePos(document.errors[0]!.pos[0]).line).toBe(3);
    expect(parseAllYamlDocuments(deep)[0]!.errors[0]!.message).toMatch(/nested deeper than 64 levels at line 3/);
    expect(() => parseYaml(deep)).toThrow(/nested deeper than 64 levels at line 3/);
  });

  it('read what is within the limit exactly as the library does', () => {
    const text = 'a: [1, {b: two}]\nc:\n  - d: 3\n';
    expect(parseYamlDocument(text).toJS()).toEqual({ a: [1, { b: 'two' }], c: [{ d: 3 }] });
    expect(parseYaml(text)).toEqual({ a: [1, { b: 'two' }], c: [{ d: 3 }] });
    expect(parseAllYamlDocuments('a: 1\n---\nb: 2\n').map((document) => document.toJS())).toEqual([{ a: 1 }, { b: 2 }]);
  });

  it('keep the process alive on 20,000 levels, which make the library itself abort Node', () => {
    // `yaml`'s composer recurses; at this depth V8 runs out of stack inside its regular-expression
    // compiler and aborts the process (exit 134), so the check runs in a child process of its own.
    const script = [
      "import { parseYamlDocument } from './src/guard/bounded-yaml.ts';",
      "for (const text of ['['.repeat(20000) + ']'.repeat(20000), '- '.repeat(20000) + 'x']) {",
      '  for (let round = 0; round < 3; round += 1) console.log(parseYamlDocument(text).errors[0].message);',
      '}',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim().split('\n')).toHaveLength(6);
    expect(child.stdout).toMatch(/nested deeper than 64 levels at line 1, column 65/);
  });
});

describe('every YAML reader in Vigil', () => {
  it('goes through the bounded readers: nothing outside guard imports the yaml parsers', () => {
    const parsers = /import\s*\{([^}]*)\}\s*from\s*'yaml'/g;
    const offenders: string[] = [];
    for (const [path, text] of sourceFiles()) {
      if (path.startsWith('guard/') || path.endsWith('.test.ts')) continue;
      for (const match of text.matchAll(parsers)) {
        const names = (match[1] ?? '').split(',').map((name) => name.trim().split(/\s+/)[0]);
        if (names.some((name) => name === 'parse' || name === 'parseDocument' || name === 'parseAllDocuments'))
          offenders.push(path);
      }
    }
    expect(offenders).toEqual([]);
  });
});
