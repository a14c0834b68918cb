import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectAll } from '../../collect-all.js';

const fixture = (name: string) => new URL(`../../__fixtures__/splunk/${name}`, import.meta.url).pathname;

describe('splunk exports', () => {
  it('keeps a result whose Zeek _raw is JSON but not an object as plain text (fast-check counterexample)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'vigil-splunk-'));
    const file = join(folder, 'export.json');
    writeFileSync(file, '{"result":{"_raw":"0","sourcetype":"bro:conn:json","_time":""}}\n');
    const { events, rejected } = await collectAll([file], { format: 'splunk-json' });
    rmSync(folder, { recursive: true, force: true });
    expect(rejected).toEqual([]);
    expect(events[0]?.fields).toMatchObject({ _raw: '0', sourcetype: 'bro:conn:json' });
  });

  it('parses JSON export results by sourcetype and keeps unknown _raw as text', async () => {
    const { events, rejected } = await collectAll([fixture('export.json')]);
    expect(rejected).toEqual([]);
    expect(events.map((event) => event.origin.format)).toEqual([
      'splunk-json',
      'splunk-json',
      'splunk-json',
      'splunk-json',
    ]);
    const [sysmon, ssh, suricata, custom] = events;
    expect(sysmon?.fields).toMatchObject({
      EventID: 1,
      Image: 'C:\\Windows\\System32\\whoami.exe',
      sourcetype: expect.stringContaining('XmlWinEventLog'),
    });
    expect(sysmon?.process?.commandLine).toBe('whoami /all');
    expect(ssh).toMatchObject({
      action: 'logon-failed',
      outcome: 'failure',
      user: { name: 'root' },
      source: { ip: '203.0.113.50' },
    });
    expect(suricata).toMatchObject({ kind: 'alert', rule: { name: 'TEST' } });
    expect(custom?.fields._raw).toContain('user=bob');
    expect(custom?.observables).toContainEqual({
      type: 'url',
      value: 'https://files.example.net/x.zip',
      field: 'message',
    });
    expect(custom?.host?.name).toBe('app');
  });

  it('parses CSV exports, multi-line Windows _raw included', async () => {
    const { events, rejected } = await collectAll([fixture('export.csv')]);
    expect(rejected).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]?.origin).toMatchObject({ format: 'splunk-csv', line: 2 });
    expect(events[0]?.fields).toMatchObject({ EventID: 4688, Channel: 'Security', Computer: 'ws01.corp.example' });
    expect(events[0]?.fields.Message).toContain('Process Command Line:\t"cmd.exe" /c whoami');
    expect(events[1]).toMatchObject({ action: 'logged-in', user: { name: 'deploy' }, origin: { line: 11 } });
  });
});

describe('splunk search API results', () => {
  it('reads the results array of one {"results":[…]} document, pretty-printed or on one line', async () => {
    const pretty = await collectAll([fixture('search-results.json')]);
    expect(pretty.events.map((event) => [event.origin.line, event.user?.name, event.host?.name])).toEqual([
      [7, 'admin', 'lin01'],
      [13, undefined, 'app01'],
    ]);
    expect(pretty.events[1]?.observables).toContainEqual({
      type: 'url',
      value: 'http://evil.example/payload',
      field: 'message',
    });
    expect(pretty.rejected).toEqual([
      { file: fixture('search-results.json'), line: 19, reason: 'Splunk export line without a result object' },
    ]);

    const folder = mkdtempSync(join(tmpdir(), 'vigil-splunk-'));
    try {
      const oneLine = join(folder, 'results.json');
      writeFileSync(oneLine, JSON.stringify(JSON.parse(readFileSync(fixture('search-results.json'), 'utf8'))));
      const compact = await collectAll([oneLine]);
      expect(compact.rejected).toHaveLength(1);
      expect(compact.events.map((event) => event.raw)).toEqual(
        pretty.events.map((event) => JSON.stringify(JSON.parse(event.raw))),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
