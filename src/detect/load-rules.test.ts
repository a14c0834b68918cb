import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from './load-rules.js';

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
});
