/**
 * The tailed file changing under the tail: copytruncate, logrotate `create`, rotation while the
 * tail is stopped, a symbolic link re-pointed, a FIFO put in its place. No line is lost or read
 * twice where the OS lets the tail know; where it cannot, a notice says lines may be lost.
 */
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TailBatch, type TailNotice, tailFile } from './file-tail.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-tail-rotation-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const line = (index: number) =>
  `<13>1 2024-03-02T10:00:${String(index % 60).padStart(2, '0')}Z host app - - - message ${index}`;
const lines = (...indexes: number[]) => indexes.map((index) => `${line(index)}\n`).join('');
const messageNumber = (raw: string) => Number(raw.slice(raw.lastIndexOf(' ') + 1));

/** Pulls batches, running `step(n)` after the n-th batch, until `until` says stop; returns what came. */
async function follow(
  tail: AsyncGenerator<TailBatch>,
  until: (seen: number[]) => boolean,
  step: (batch: number) => void = () => {},
) {
  const seen: number[] = [];
  const notices: TailNotice[] = [];
  let last: TailBatch | undefined;
  for (let batch = 1; !until(seen) && batch < 50; batch++) {
    const next = await tail.next();
    if (next.done) break;
    last = next.value;
    seen.push(...next.value.events.map((event) => messageNumber(event.raw)));
    notices.push(...next.value.notices);
    step(batch);
  }
  return { seen, notices, last };
}

const options = (signal: AbortSignal) => ({ pollIntervalMs: 10, signal, format: 'syslog' });

describe('tailFile when the file changes under it', () => {
  it('copytruncate: reads the new content once and says the lines written before the truncation may be lost', async () => {
    const path = join(folder, 'app.log');
    writeFileSync(path, lines(1, 2, 3));
    const controller = new AbortController();
    const tail = tailFile(path, options(controller.signal));
    const { seen, notices } = await follow(
      tail,
      (numbers) => numbers.includes(6),
      (batch) => {
        if (batch !== 1) return;
        appendFileSync(path, lines(4)); // written after the last read: copied, then truncated away
        copyFileSync(path, `${path}.1`);
        truncateSync(path, 0);
        appendFileSync(path, lines(5, 6));
      },
    );
    controller.abort();
    expect(seen).toEqual([1, 2, 3, 5, 6]);
    expect(notices).toEqual([
      {
        path,
        line: 3,
        mayHaveLost: true,
        message: `${path} was truncated in place after line 3 (copytruncate): reading it again from its start; lines written between the last read and the truncation may be lost`,
      },
    ]);
  });

  it('logrotate create: the old file is read to its end, unterminated last line included, then the new file', async () => {
    const path = join(folder, 'app.log');
    writeFileSync(path, lines(1, 2));
    const controller = new AbortController();
    const tail = tailFile(path, options(controller.signal));
    const { seen, notices } = await follow(
      tail,
      (numbers) => numbers.includes(5),
      (batch) => {
        if (batch !== 1) return;
        appendFileSync(path, `${lines(3)}${line(4)}`);
        renameSync(path, `${path}.1`);
        writeFileSync(path, lines(5));
      },
    );
    controller.abort();
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(notices.map((notice) => [notice.mayHaveLost, notice.message])).toEqual([
      [
        false,
        `${path} was rotated (a new file at the path): reading the old file to its end, then the new one from its start`,
      ],
    ]);
  });

  it('rotated while stopped: finishes the old file found beside the path by its inode, then reads the new one, nothing twice', async () => {
    const path = join(folder, 'app.log');
    writeFileSync(path, lines(1, 2));
    let checkpoint: TailBatch['checkpoint'] | undefined;
    const first: number[] = [];
    for await (const batch of tailFile(path, { follow: false, format: 'syslog' })) {
      first.push(...batch.events.map((event) => messageNumber(event.raw)));
      checkpoint = batch.checkpoint;
    }
    appendFileSync(path, lines(3));
    renameSync(path, `${path}.1`);
    writeFileSync(path, lines(4, 5));
    const resumed: number[] = [];
    const notices: TailNotice[] = [];
    for await (const batch of tailFile(path, { follow: false, format: 'syslog', from: checkpoint })) {
      resumed.push(...batch.events.map((event) => messageNumber(event.raw)));
      notices.push(...batch.notices);
    }
    expect([...first, ...resumed]).toEqual([1, 2, 3, 4, 5]);
    expect(notices.map((notice) => notice.message)).toEqual([
      `${path} was rotated while the tail was stopped: reading the rest of ${path}.1 from line 3, then the new file`,
    ]);
    // The old file gone too: the loss is said, the new file read from its start.
    unlinkSync(`${path}.1`);
    const gone: TailNotice[] = [];
    for await (const batch of tailFile(path, { follow: false, format: 'syslog', from: checkpoint }))
      gone.push(...batch.notices);
    expect(gone).toEqual([expect.objectContaining({ mayHaveLost: true, line: 2 })]);
  });

  it('a symbolic link re-pointed to a FIFO and then to a new file: never blocks on the FIFO, reads the new file', async () => {
    const path = join(folder, 'current.log');
    writeFileSync(join(folder, 'a.log'), lines(1));
    symlinkSync('a.log', path);
    execFileSync('mkfifo', [join(folder, 'pipe')]);
    const controller = new AbortController();
    const tail = tailFile(path, options(controller.signal));
    const { seen, notices } = await follow(
      tail,
      (numbers) => numbers.includes(3),
      (batch) => {
        if (batch === 1) {
          unlinkSync(path);
          symlinkSync('pipe', path);
        } else if (batch === 2) {
          writeFileSync(join(folder, 'b.log'), lines(2, 3));
          unlinkSync(path);
          symlinkSync('b.log', path);
        }
      },
    );
    controller.abort();
    expect(seen).toEqual([1, 2, 3]);
    expect(notices.map((notice) => notice.message)).toEqual([
      `${path} is no longer a regular file (a FIFO, device or folder): not read; waiting for a regular file there`,
      `${path} was rotated (a new file at the path): reading the old file to its end, then the new one from its start`,
    ]);
    await expect(tailFile(join(folder, 'pipe')).next()).rejects.toThrow(/cannot tail .*pipe: not a regular file/);
  });
});
