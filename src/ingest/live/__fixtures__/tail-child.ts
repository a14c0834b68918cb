/**
 * Test helper run as a child process by file-tail-restart.test.ts: tails a log with a
 * deliberately slow consumer that writes each event's line number and text to an output file,
 * saving a checkpoint (tail position + committed output length) after each batch. A run killed
 * at any moment leaves output past the committed length at most; the next run cuts that off and
 * resumes from the checkpoint, which is what makes the output exactly-once.
 *
 *   node --import tsx tail-child.ts <log> <output> <checkpoint>
 */
import { ftruncateSync, openSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { FileCheckpointStore } from '../checkpoint-store.js';
import { type TailCheckpoint, tailFile } from '../file-tail.js';

const [logPath, outputPath, checkpointPath] = process.argv.slice(2) as [string, string, string];
const store = new FileCheckpointStore<{ tail: TailCheckpoint; outputBytes: number }>(checkpointPath);
const saved = store.load();
const output = openSync(outputPath, 'a+');
let outputBytes = saved?.outputBytes ?? 0;
ftruncateSync(output, outputBytes);
for await (const batch of tailFile(logPath, {
  format: 'json-lines',
  from: saved?.tail,
  follow: false,
  batchSize: 100,
  readBytes: 4096,
})) {
  await sleep(3);
  const text = Buffer.from(batch.events.map((event) => `${event.origin.line}\t${event.raw}\n`).join(''));
  writeSync(output, text, 0, text.length, outputBytes);
  outputBytes += text.length;
  store.save({ tail: batch.checkpoint, outputBytes });
}
