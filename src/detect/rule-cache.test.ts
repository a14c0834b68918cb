import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import { loadRules, type RuleCacheOptions, type RuleSet } from './load-rules.js';
import { CacheTextWriter, cachedText, toCachedJson } from './rule-cache.js';
import { fingerprintRuleEngine, ruleEngineFingerprint } from './rule-engine-fingerprint.js';
import { EventView } from './sigma/event-view.js';
import { makeEvent } from './test-support/make-event.js';

const run = promisify(execFile);

const rule = (id: string, value: string) => `title: Rule ${id}
id: ${id}
level: high
tags: [attack.t1059]
logsource: {product: windows, category: process_creation}
detection:
  selection: {CommandLine|contains: ['${value}', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']}
  condition: selection
`;

function ruleFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'vigil-rule-cache-'));
  writeFileSync(join(folder, 'a.yml'), rule('a', 'whoami'));
  writeFileSync(join(folder, 'b.yml'), `${rule('b', 'mimikatz')}---\ntitle: Broken\nlogsource: {}\n`);
  writeFileSync(join(folder, 'c.yml'), 'title: [unclosed\n');
  return folder;
}

function cacheOptions(engine = 'engine-1'): RuleCacheOptions & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    folder: mkdtempSync(join(tmpdir(), 'vigil-rule-cache-entries-')),
    engine,
    warn: (message) => warnings.push(message),
    warnings,
  };
}

const event = (commandLine: string) => new EventView(makeEvent({ fields: { CommandLine: commandLine } }));

/** What a rule set means, for comparing a cached load with a fresh one. */
const summary = (set: RuleSet) => ({
  rules: set.rules.map((item) => ({
    id: item.id,
    title: item.title,
    level: item.level,
    tags: item.tags,
    logsource: item.logsource,
    notes: item.notes,
    matches: ['cmd /c WHOAMI', 'mimikatz.exe', 'notepad'].map((text) => item.match(event(text))),
    // The prefilter's requirement, derived at compile time and kept in the cache.
    requirement: item.requirement?.(),
  })),
  failed: set.failed,
  correlations: set.correlations.length,
});

describe('the compiled-rule cache', () => {
  it('gives the same rules, failures and matches from the cache as from the files', async () => {
    const folder = ruleFolder();
    const cache = cacheOptions();
    const fresh = await loadRules([folder]);
    const first = await loadRules([folder], { cache });
    const second = await loadRules([folder], { cache });
    expect(first.fromCache).toBe(false);
    expect(second.fromCache).toBe(true);
    expect(summary(first)).toEqual(summary(fresh));
    expect(summary(second)).toEqual(summary(fresh));
    expect(second.rules[0]?.requirement?.()).toEqual([
      [
        { field: 'CommandLine', text: 'whoami' },
        ...['b1', 'b2', 'b3', 'b4', 'b5', 'b6'].map((text) => ({ field: 'CommandLine', text })),
      ],
    ]);
    expect(second.failed.map((failure) => failure.file.slice(folder.length + 1)).sort()).toEqual(['b.yml', 'c.yml']);
    expect(cache.warnings).toEqual([]);
  });

  it('serves the same folder however its path is spelled, naming files as given', async () => {
    const folder = ruleFolder();
    // A rule without an id is named after its file as given: it must not take another spelling's name.
    writeFileSync(join(folder, 'e.yml'), rule('e', 'net view').replace('id: e\n', ''));
    const link = join(mkdtempSync(join(tmpdir(), 'vigil-rule-cache-link-')), 'rules');
    symlinkSync(folder, link);
    const cache = cacheOptions();
    expect((await loadRules([folder], { cache })).fromCache).toBe(false);
    for (const spelling of [relative(process.cwd(), folder), `${folder}/`, link]) {
      const cached = await loadRules([spelling], { cache });
      const fresh = await loadRules([spelling]);
      expect(cached.fromCache).toBe(true);
      expect(summary(cached)).toEqual(summary(fresh));
      expect(cached.rules.map((item) => item.file)).toEqual(fresh.rules.map((item) => item.file));
      expect(cached.rules.every((item) => item.file.startsWith(spelling.replace(/\/$/, '')))).toBe(true);
    }
    expect(readdirSync(cache.folder).length).toBe(1);
    expect(cache.warnings).toEqual([]);
  });

  it('is invalidated by any change of a rule file', async () => {
    const folder = ruleFolder();
    const cache = cacheOptions();
    await loadRules([folder], { cache });
    writeFileSync(join(folder, 'a.yml'), rule('a', 'net user'));
    const changed = await loadRules([folder], { cache });
    expect(changed.fromCache).toBe(false);
    const a = changed.rules.find((item) => item.id === 'a');
    expect(a?.match(event('net user x'))).toBe(true);
    expect(a?.match(event('whoami'))).toBe(false);
    writeFileSync(join(folder, 'd.yml'), rule('d', 'ntdsutil'));
    expect((await loadRules([folder], { cache })).rules.map((item) => item.id).sort()).toEqual(['a', 'b', 'd']);
  });

  it('is invalidated by a change of the engine', async () => {
    const folder = ruleFolder();
    const cache = cacheOptions('engine-1');
    await loadRules([folder], { cache });
    expect((await loadRules([folder], { cache })).fromCache).toBe(true);
    const changed = await loadRules([folder], { cache: { ...cache, engine: 'engine-2' } });
    expect(changed.fromCache).toBe(false);
    expect(changed.rules.map((item) => item.id)).toEqual(['a', 'b']);
    expect((await loadRules([folder], { cache: { ...cache, engine: 'engine-2' } })).fromCache).toBe(true);
  });

  it('rebuilds a corrupt entry with a warning and never uses it', async () => {
    const folder = ruleFolder();
    const cache = cacheOptions();
    const fresh = summary(await loadRules([folder], { cache }));
    const [entry] = readdirSync(cache.folder).filter((name) => name.endsWith('.json'));
    const path = join(cache.folder, entry as string);
    const text = readFileSync(path, 'utf8');
    // A changed rule body that keeps valid JSON: the checksum catches it.
    writeFileSync(path, text.replace('"level":"high"', '"level":"low"'));
    const tampered = await loadRules([folder], { cache });
    expect(tampered.fromCache).toBe(false);
    expect(summary(tampered)).toEqual(fresh);
    expect(cache.warnings).toHaveLength(1);
    expect(cache.warnings[0]).toMatch(/unusable \(checksum mismatch\).*compiling the rules again/);
    // Cut short: not JSON at all.
    writeFileSync(path, text.slice(0, text.length / 2));
    expect(summary(await loadRules([folder], { cache }))).toEqual(fresh);
    expect(cache.warnings).toHaveLength(2);
    // A byte that is not UTF-8 in the body: the checksum is over the bytes as written.
    const bytes = Buffer.from(readFileSync(path));
    bytes[bytes.indexOf('"level":"high"') + 9] = 0xff;
    writeFileSync(path, bytes);
    expect(summary(await loadRules([folder], { cache }))).toEqual(fresh);
    expect(cache.warnings).toHaveLength(3);
    expect(cache.warnings[2]).toMatch(/unusable \(checksum mismatch\)/);
    // Rebuilt: the next load uses the cache again, silently.
    expect((await loadRules([folder], { cache })).fromCache).toBe(true);
    expect(cache.warnings).toHaveLength(3);
  });

  it('keeps non-ASCII text exact, with an index in ASCII and documents decoded only when asked for', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-rule-cache-'));
    const unicode = rule('u', 'sch\u00fcssel\u2713\u{1d518}')
      .replace('title: Rule u', 'title: "Schl\u00fcssel \u2014 \u201cquoted\u201d \u{1d518}"')
      .replace('level: high', 'level: high\ndescription: "K\u212a \u0130 \u00e9t\u00e9"');
    writeFileSync(join(folder, 'u.yml'), unicode);
    writeFileSync(join(folder, 'a.yml'), rule('a', 'whoami'));
    const cache = cacheOptions();
    const fresh = await loadRules([folder]);
    await loadRules([folder], { cache });
    const cached = await loadRules([folder], { cache });
    expect(cached.fromCache).toBe(true);
    expect(summary(cached)).toEqual(summary(fresh));
    const [freshRule, cachedRule] = [fresh, cached].map((set) => set.rules.find((item) => item.id === 'u'));
    expect(cachedRule?.title).toBe('Schl\u00fcssel \u2014 \u201cquoted\u201d \u{1d518}');
    expect(cachedRule?.description).toBe(freshRule?.description);
    expect(cachedRule?.documentText?.()).toBe(toCachedJson(freshRule?.document()));
    expect(cachedRule?.document()).toEqual(freshRule?.document());
    expect(cachedRule?.match(event('x SCH\u00dcSSEL\u2713\u{1d518} y'))).toBe(true);
    const [entry] = readdirSync(cache.folder);
    const bytes = readFileSync(join(cache.folder, entry as string));
    const indexLine = bytes.subarray(bytes.indexOf(0x0a) + 1, bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1));
    expect(indexLine.length).toBeGreaterThan(0);
    expect(indexLine.every((byte) => byte < 0x80)).toBe(true);
    expect(indexLine.toString('latin1')).toContain('\\u00fc');
  });

  it('rebuilds an entry whose index points outside its texts, even with a valid checksum', async () => {
    const folder = ruleFolder();
    const cache = cacheOptions();
    const fresh = summary(await loadRules([folder], { cache }));
    const [entry] = readdirSync(cache.folder);
    const path = join(cache.folder, entry as string);
    const text = readFileSync(path, 'utf8');
    const [header, index, ...texts] = text.split('\n');
    const forged = (index as string).replace(/"json":\[(\d+),(\d+)\]/, (_match, start) => `"json":[${start},99999999]`);
    expect(forged).not.toBe(index);
    const body = [forged, ...texts].join('\n');
    const checksum = createHash('sha256').update(body).digest('hex');
    writeFileSync(path, `${JSON.stringify({ ...JSON.parse(header as string), checksum })}\n${body}`);
    const rebuilt = await loadRules([folder], { cache });
    expect(rebuilt.fromCache).toBe(false);
    expect(summary(rebuilt)).toEqual(fresh);
    expect(cache.warnings).toEqual([expect.stringMatching(/unusable \(a text of .*a\.yml lies outside it\)/)]);
    expect((await loadRules([folder], { cache })).fromCache).toBe(true);
  });

  it('survives two processes filling the same entry at once', async () => {
    const folder = ruleFolder();
    for (let index = 0; index < 40; index++)
      writeFileSync(join(folder, `r${index}.yml`), rule(`r${index}`, `x${index}`));
    const cache = cacheOptions('engine-concurrent');
    const child = () =>
      run(
        process.execPath,
        [
          '--import',
          'tsx',
          join(repositoryRoot, 'src/detect/__fixtures__/load-rules-child.ts'),
          cache.folder,
          folder,
          'engine-concurrent',
        ],
        { cwd: repositoryRoot },
      ).then(({ stdout }) => JSON.parse(stdout) as { rules: string[]; failed: number; warnings: string[] });
    const [one, two] = await Promise.all([child(), child()]);
    expect(one?.rules).toEqual(two?.rules);
    expect(one?.rules).toHaveLength(42);
    expect([...(one?.warnings ?? []), ...(two?.warnings ?? [])]).toEqual([]);
    expect(readdirSync(cache.folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    const after = await loadRules([folder], { cache });
    expect(after.fromCache).toBe(true);
    expect(after.rules.map((item) => item.id)).toEqual(one?.rules);
    expect(cache.warnings).toEqual([]);
  });

  it('fingerprints the engine from its sources, as the build does', async () => {
    expect(ruleEngineFingerprint()).toBe(fingerprintRuleEngine(repositoryRoot));
    const { stdout } = await run(process.execPath, [join(repositoryRoot, 'scripts/build.mjs'), '--print-rule-engine']);
    expect(stdout.trim()).toBe(ruleEngineFingerprint());
    // One definition: the build runs this module's function rather than hashing on its own.
    expect(readFileSync(join(repositoryRoot, 'scripts/build.mjs'), 'utf8')).not.toContain('createHash');
  });
});

describe('toCachedJson', () => {
  it('carries finite values and nulls, and refuses what JSON would turn into null', () => {
    expect(toCachedJson({ a: null, b: [1, 2.5, 'x'], c: { d: null } })).toBe(
      '{"a":null,"b":[1,2.5,"x"],"c":{"d":null}}',
    );
    expect(toCachedJson({ a: 'null' })).toBe('{"a":"null"}');
    for (const bad of [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NaN])
      expect(toCachedJson({ a: { b: [1, bad] } })).toBeUndefined();
  });
});

describe('CacheTextWriter', () => {
  test.prop([
    fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 40 }),
    fc.integer({ min: 1, max: 16 }),
  ])('gives each text a range of the region that decodes to it, across chunk ends', (texts, chunkBytes) => {
    const writer = new CacheTextWriter(chunkBytes);
    const ranges = texts.map((text) => writer.add(text));
    const length = writer.length;
    const region = Buffer.concat(writer.finish());
    expect(region.length).toBe(length);
    expect(writer.length).toBe(length);
    expect(ranges.map((range) => cachedText(region, range))).toEqual(texts);
    // One after another, no gaps: the region is the texts' UTF-8, in order.
    expect(region.toString('utf8')).toBe(texts.join(''));
  });

  it('takes a text longer than a chunk, and astral and two-byte characters at a chunk end', () => {
    const texts = ['ab', 'é😀x', 'x'.repeat(50), '', '中文', 'z'];
    const writer = new CacheTextWriter(4);
    const ranges = texts.map((text) => writer.add(text));
    const region = Buffer.concat(writer.finish());
    expect(ranges.map((range) => cachedText(region, range))).toEqual(texts);
  });
});
