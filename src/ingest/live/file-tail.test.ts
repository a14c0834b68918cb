import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TailBatch, tailFile } from './file-tail.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-tail-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const syslogLine = (index: number) =>
  `<13>1 2024-03-02T10:00:${String(index % 60).padStart(2, '0')}Z host app - - - message ${index}`;

/** Pulls batches until `count` events arrived, running `between` after each batch. */
async function collect(
  iterator: AsyncGenerator<TailBatch>,
  count: number,
  between: (raws: string[]) => void = () => {},
) {
  const raws: string[] = [];
  let last: TailBatch | undefined;
  while (raws.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    last = next.value;
    raws.push(...next.value.events.map((event) => event.raw));
    between(raws);
  }
  return { raws, last };
}

describe('tailFile', () => {
  it('follows appended lines, waits for a partial line to end, and gives stable unique ids', async () => {
    const path = join(folder, 'app.log');
    writeFileSync(path, `${syslogLine(1)}\n${syslogLine(2)}\n${syslogLine(3).slice(0, 10)}`);
    const controller = new AbortController();
    const tail = tailFile(path, { pollIntervalMs: 10, signal: controller.signal });
    const { raws, last } = await collect(tail, 4, (seen) => {
      if (seen.length === 2) appendFileSync(path, `${syslogLine(3).slice(10)}\n${syslogLine(2)}\n`);
    });
    expect(raws).toEqual([syslogLine(1), syslogLine(2), syslogLine(3), syslogLine(2)]);
    expect(last?.checkpoint).toMatchObject({ line: 4, generation: 0 });
    controller.abort();
    await expect(tail.next()).rejects.toThrow();

    const again: string[] = [];
    for await (const batch of tailFile(path, { follow: false })) again.push(...batch.events.map((event) => event.id));
    expect(new Set(again).size).toBe(4);
    const resumed = tailFile(path, {
      follow: false,
      from: { ...(last?.checkpoint as TailBatch['checkpoint']), offset: 0, line: 0 },
    });
    const ids: string[] = [];
    for await (const batch of resumed) ids.push(...batch.events.map((event) => event.id));
    expect(ids).toEqual(again);
  });

  it('switches to the new file after rotation and starts over after truncation', async () => {
    const path = join(folder, 'app.log');
    writeFileSync(path, `${syslogLine(1)}\n`);
    const controller = new AbortController();
    const tail = tailFile(path, { pollIntervalMs: 10, signal: controller.signal, format: 'syslog' });
    const { raws } = await collect(tail, 3, (seen) => {
      if (seen.length === 1) {
        renameSync(path, `${path}.1`);
        writeFileSync(path, `${syslogLine(2)}\n`);
      } else if (seen.length === 2) {
        truncateSync(path, 0);
        writeFileSync(path, `${syslogLine(3)}\n`);
      }
    });
    controller.abort();
    expect(raws).toEqual([syslogLine(1), syslogLine(2), syslogLine(3)]);
  });
});
