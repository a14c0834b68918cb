import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeZip } from '../../test/make-zip.js';
import { compileTimeOutliers, loadRules } from './load-rules.js';

const good = (id: string) => `title: Rule ${id}
id: ${id}
logsource: {product: windows, service: security}
detection: {selection: {EventID: 1102}, condition: selection}
`;

describe('loadRules', () => {
  it('loads directories recursively, multi-document files, and reports each bad rule with its file', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    mkdirSync(join(root, 'nested', 'deeper'), { recursive: true });
    writeFileSync(join(root, 'a.yml'), good('a'));
    writeFileSync(join(root, 'nested', 'deeper', 'b.yaml'), `${good('b')}---\n${good('c')}`);
    writeFileSync(join(root, 'nested', 'broken.yml'), 'title: [unclosed\n');
    writeFileSync(join(root, 'nested', 'modifier.yml'), good('d').replace('EventID', 'EventID|sometimes'));
    writeFileSync(
      join(root, 'nested', 'condition.yml'),
      good('e').replace('condition: selection', 'condition: selection and missing'),
    );
    writeFileSync(join(root, 'nested', 'regex.yml'), good('f').replace('EventID: 1102', "CommandLine|re: '(?>x)'"));
    writeFileSync(join(root, 'notes.txt'), 'not a rule');
    const set = await loadRules([root]);
    expect(set.rules.map((rule) => rule.id).sort()).toEqual(['a', 'b', 'c']);
    const failures = Object.fromEntries(
      set.failed.map((failure) => [failure.file.slice(root.length + 1), failure.error]),
    );
    expect(failures['nested/broken.yml']).toMatch(/YAML error/);
    expect(failures['nested/modifier.yml']).toMatch(/unknown modifier 'sometimes'/);
    expect(failures['nested/condition.yml']).toMatch(/'missing', which is not a selection/);
    expect(failures['nested/regex.yml']).toMatch(/refused/);
  });

  it('fails correlation rules that name unknown rules, keeps the rest', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    writeFileSync(
      join(root, 'c.yml'),
      `${good('base')}---
title: Burst
id: burst
correlation: {type: event_count, rules: [base], group-by: [Computer], timespan: 5m, condition: {gte: 3}}
---
title: Orphan
correlation: {type: event_count, rules: [nowhere], timespan: 5m, condition: {gte: 3}}
`,
    );
    const set = await loadRules([join(root, 'c.yml')]);
    expect(set.correlations.map((rule) => rule.id)).toEqual(['burst']);
    expect(set.correlations[0]?.timespanMs).toBe(300_000);
    expect(set.failed).toHaveLength(1);
    expect(set.failed[0]?.error).toMatch(/unknown rules: nowhere/);
  });

  it('throws a typed error for a path that does not exist', async () => {
    await expect(loadRules(['/nonexistent/rules'])).rejects.toMatchObject({ code: 'input-unreadable' });
  });

  it('reads a rule pack (zip) in one open, naming each rule by pack and member', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    const pack = join(root, 'sigma_rules.zip');
    writeFileSync(
      pack,
      makeZip({
        'rules/b.yml': good('b'),
        'rules/a.yml': good('a'),
        'README.md': '# not a rule',
        'rules/x.yml': 'title: [',
      }),
    );
    const set = await loadRules([pack]);
    expect(set.rules.map((rule) => [rule.id, rule.file])).toEqual([
      ['a', `${pack}:rules/a.yml`],
      ['b', `${pack}:rules/b.yml`],
    ]);
    expect(set.failed).toEqual([{ file: `${pack}:rules/x.yml`, error: expect.stringMatching(/YAML error/) }]);
    writeFileSync(join(root, 'damaged.zip'), 'PK not really');
    await expect(loadRules([join(root, 'damaged.zip')])).rejects.toMatchObject({ code: 'input-invalid' });
  });

  it('refuses a rule pack past the member or decompressed-volume quota, naming the pack and the limit', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    const pack = join(root, 'many.zip');
    writeFileSync(pack, makeZip(Object.fromEntries(['a', 'b', 'c', 'd'].map((id) => [`rules/${id}.yml`, good(id)]))));
    await expect(loadRules([pack], { limits: { maxMembers: 3 } })).rejects.toMatchObject({
      code: 'input-invalid',
      location: { file: pack },
      message: 'rule pack: more than 3 rule files (limit maxMembers, --max-members)',
    });
    await expect(loadRules([pack], { limits: { maxDecompressedBytes: 300 } })).rejects.toThrow(
      /takes the pack past 300 decompressed bytes \(limit maxDecompressedBytes, --max-decompressed-bytes\)/,
    );
    expect((await loadRules([pack])).rules).toHaveLength(4);
  });

  it('parses anchors and aliases with a bound, and refuses alias bombs with the file named', async () => {
    const root = mkdtempSync(join(tmpdir(), 'vigil-rules-'));
    writeFileSync(
      join(root, 'alias.yml'),
      `title: Aliased
id: aliased
logsource: {product: windows, service: security}
detection:
  selection: &sel {EventID: 1102}
  again: *sel
  condition: selection and again
`,
    );
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const name = String.fromCharCode(97 + level);
      bomb.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    writeFileSync(join(root, 'bomb.yml'), `${bomb.join('\n')}\ntitle: Bomb\n`);
    const set = await loadRules([root]);
    expect(set.rules.map((rule) => rule.id)).toEqual(['aliased']);
    expect(set.failed).toEqual([{ file: join(root, 'bomb.yml'), error: expect.stringMatching(/YAML error/) }]);
  });

  it('times each rule and names the outliers, slowest first', () => {
    const times = [1, 1.2, 0.9, 1.1, 30, 12].map((milliseconds, index) => ({
      file: `r${index}.yml`,
      ruleId: `r${index}`,
      milliseconds,
    }));
    const { medianMs, outliers } = compileTimeOutliers(times, { factor: 10, minimumMs: 2 });
    expect(medianMs).toBe(1.2);
    expect(outliers.map((time) => time.ruleId)).toEqual(['r4']);
    expect(compileTimeOutliers([]).outliers).toEqual([]);
  });
});
