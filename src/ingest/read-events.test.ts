import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collectAll } from './collect-all.js';
import { listFormats, readEvents } from './read-events.js';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).pathname;
const scratch = () => mkdtempSync(join(tmpdir(), 'vigil-ingest-'));

const windowsLine = (index: number) =>
  JSON.stringify({
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    Hostname: 'h',
    Image: `C:\\x${index}.exe`,
  });

describe('readEvents', () => {
  it('lists format names for --format', () => {
    expect(listFormats()).toEqual(expect.arrayContaining(['windows-json', 'json-lines', 'text']));
  });

  it('rejects an unknown forced format before reading', async () => {
    await expect(collectAll([fixture('windows/winlogbeat.jsonl')], { format: 'nope' })).rejects.toThrow(
      /unknown format/,
    );
  });

  it('refuses a missing input before reading anything (exit 2 in the CLI)', async () => {
    await expect(collectAll([fixture('windows/winlogbeat.jsonl'), '/no/such/file.log'])).rejects.toMatchObject({
      code: 'input-unreadable',
      message: 'cannot read /no/such/file.log: no such file or directory',
    });
  });

  it('keeps every good line around malformed, overlong, binary and invalid UTF-8 lines', async () => {
    const directory = scratch();
    const path = join(directory, 'mixed.jsonl');
    const lines = [
      windowsLine(1),
      '{"EventID": 1, "Channel": broken',
      windowsLine(2),
      `{"EventID":1,"Channel":"Security","x":"${'a'.repeat(3000)}"}`,
      '',
      windowsLine(3),
    ];
    const bytes = Buffer.concat([
      Buffer.from(`${lines.join('\n')}\n`),
      Buffer.from([0x7b, 0x00, 0x01, 0x7d, 0x0a]),
      Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]),
      Buffer.from(`${windowsLine(4)}\n`),
    ]);
    writeFileSync(path, bytes);
    const { events, rejected } = await collectAll([path], { maxRecordBytes: 2048 });
    expect(events.map((event) => event.origin.line)).toEqual([1, 3, 6, 9]);
    expect(rejected).toEqual([
      { file: path, line: 2, reason: expect.stringContaining('malformed JSON') },
      { file: path, line: 4, reason: 'line longer than 2048 bytes' },
      { file: path, line: 7, reason: expect.stringContaining('NUL') },
      { file: path, line: 8, reason: expect.stringContaining('UTF-8') },
    ]);
  });

  it('rejects a 10 MB line with its number and keeps the lines after it', async () => {
    const directory = scratch();
    const path = join(directory, 'huge.jsonl');
    writeFileSync(path, `${windowsLine(1)}\n{"a":"${'x'.repeat(10 * 1024 * 1024)}"}\n${windowsLine(2)}\n`);
    const { events, rejected } = await collectAll([path]);
    expect(events.map((event) => event.origin.line)).toEqual([1, 3]);
    expect(rejected).toEqual([{ file: path, line: 2, reason: 'line longer than 1048576 bytes' }]);
  });

  it('reports a binary file once, naming what it is', async () => {
    const directory = scratch();
    const path = join(directory, 'capture.pcap');
    writeFileSync(path, Buffer.concat([Buffer.from([0xd4, 0xc3, 0xb2, 0xa1]), Buffer.alloc(2000)]));
    const { events, rejected } = await collectAll([path]);
    expect(events).toEqual([]);
    expect(rejected).toEqual([{ file: path, reason: expect.stringContaining('pcap') }]);
  });

  it('reads zip members (skipping macOS metadata) and gzip members inside them', async () => {
    const archive = fixture('containers/archive.zip');
    const { events, rejected } = await collectAll([archive]);
    expect(rejected).toEqual([]);
    const files = [...new Set(events.map((event) => event.origin.file))];
    expect(files).toEqual([`${archive}:logs/windows.jsonl`, `${archive}:logs/auth.log.gz`]);
    expect(events).toHaveLength(9);
  });

  it('reads tar.gz members', async () => {
    const archive = fixture('containers/archive.tar.gz');
    const { events, rejected } = await collectAll([archive]);
    expect(rejected).toEqual([]);
    expect(events.filter((event) => event.origin.file === `${archive}:export/windows.jsonl`)).toHaveLength(7);
    expect(events).toHaveLength(9);
  });

  it('keeps the lines decoded before a gzip truncation and reports it', async () => {
    const path = fixture('containers/truncated.jsonl.gz');
    const { events, rejected } = await collectAll([path]);
    expect(events.length).toBeGreaterThan(50);
    expect(events.length).toBeLessThan(280);
    expect(events.map((event) => event.origin.line)).toEqual(events.map((_, index) => index + 1));
    expect(rejected).toEqual([
      { file: path, line: events.length + 1, reason: expect.stringContaining('truncated gzip') },
    ]);
  });

  it('walks directories recursively in name order', async () => {
    const directory = scratch();
    writeFileSync(join(directory, 'b.jsonl'), `${windowsLine(2)}\n`);
    writeFileSync(join(directory, 'a.jsonl.gz'), gzipSync(`${windowsLine(1)}\n`));
    const { events } = await collectAll([directory]);
    expect(events.map((event) => event.fields.Image)).toEqual(['C:\\x1.exe', 'C:\\x2.exe']);
  });

  it('reads stdin, gzip or not', async () => {
    const plain = await collectAll(['-'], {}, { stdin: Readable.from([Buffer.from(`${windowsLine(1)}\n`)]) });
    expect(plain.events[0]?.origin.file).toBe('-');
    const zipped = await collectAll(
      ['-'],
      {},
      { stdin: Readable.from([gzipSync(`${windowsLine(1)}\n${windowsLine(2)}\n`)]) },
    );
    expect(zipped.events).toHaveLength(2);
  });

  it('gives stable ids: same file twice, same ids; identical lines stay distinct', async () => {
    const directory = scratch();
    const path = join(directory, 'repeat.jsonl');
    writeFileSync(path, `${windowsLine(1)}\n${windowsLine(1)}\n${windowsLine(2)}\n`);
    const first = await collectAll([path]);
    const second = await collectAll([path]);
    const ids = first.events.map((event) => event.id);
    expect(new Set(ids).size).toBe(3);
    expect(second.events.map((event) => event.id)).toEqual(ids);
  });

  it('yields batches of the requested size', async () => {
    const sizes: number[] = [];
    for await (const batch of readEvents([fixture('windows/nxlog-sysmon-security.jsonl')], { batchSize: 3 })) {
      sizes.push(batch.events.length);
    }
    expect(sizes).toEqual([3, 3, 1]);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(collectAll([fixture('windows/winlogbeat.jsonl')], { signal: controller.signal })).rejects.toThrow(
      'stop',
    );
  });
});
