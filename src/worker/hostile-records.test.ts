/**
 * Hostile records through the scaled-out path: a file published to a real Redis bus, parsed by
 * an ingest worker into a real PostgreSQL store. Deep JSON, a NUL-filled line, invalid UTF-8, an
 * escaped NUL (which PostgreSQL's jsonb cannot hold) and an oversized line sit between good
 * events: exactly those are rejected, each with its line, every good event is stored, and the
 * partition goes on with the next file.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithServices } from '../../test/services/index.js';
import { repositoryRoot } from '../../test/shared-data.js';
import { RedisStreamBus } from '../bus/index.js';
import { loadKnowledge } from '../pipeline/index.js';
import { openPostgresStores, type PostgresStores } from '../store/postgres/index.js';
import { listDeadLetters } from './dead-letters.js';
import { publishFiles } from './publish-files.js';
import { startWorker, type Worker } from './start-worker.js';
import { topics } from './topics.js';

const waitFor = async (what: string, condition: () => Promise<boolean>, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const good = (host: string) => JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: host });

describeWithServices(
  'hostile records on the Redis bus (ingest worker, PostgreSQL store)',
  { redis: true, postgres: true },
  (services) => {
    let stores: PostgresStores;
    let bus: RedisStreamBus;
    let worker: Worker;
    let folder: string;
    const log: string[] = [];
    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'vigil-hostile-bus-'));
      stores = await openPostgresStores(services().postgres.createDatabase('hostile_records'));
      bus = new RedisStreamBus({ url: services().redis.url, partitions: 1, retryDelayMs: 20, leaseMs: 5_000 });
      worker = startWorker({
        bus,
        store: stores.store,
        stages: ['ingest'],
        knowledge: await loadKnowledge({ rules: [], intel: [] }),
        consumer: 'hostile-1',
        log: (line) => log.push(line),
      });
    });
    afterAll(async () => {
      await worker?.close();
      await bus?.close();
      await stores?.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('rejects exactly the bad lines by position, stores every good event and keeps the partition moving (bound 20 s)', async () => {
      const file = join(folder, 'edge.jsonl');
      const lines: Buffer[] = [
        Buffer.from(good('ws-1')),
        Buffer.from(good('ws-2')),
        Buffer.from(`{"EventID":4625,"Channel":"Security","x":${'['.repeat(5000)}${']'.repeat(5000)}}`),
        Buffer.alloc(8192, 0),
        Buffer.concat([
          Buffer.from('{"EventID":4624,"Channel":"Security","Computer":"bad-'),
          Buffer.from([0xff, 0xfe]),
          Buffer.from('"}'),
        ]),
        Buffer.from(good('ws-3')),
        Buffer.from(JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: 'ws-nul', Data: 'a\u0000b' })),
        Buffer.from(
          JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: 'ws-big', Data: 'x'.repeat(2 << 20) }),
        ),
        Buffer.from(good('ws-4')),
        Buffer.from('{"EventID":4624,"Channel":"Security","Computer":"ws-surrogate","Data":"\\ud800"}'),
      ];
      writeFileSync(file, Buffer.concat(lines.flatMap((line) => [line, Buffer.from('\n')])));
      writeFileSync(join(folder, 'after.jsonl'), `${good('ws-after')}\n`);
      const published = await publishFiles(bus, [file], { chunkLines: 3 });
      await publishFiles(bus, [join(folder, 'after.jsonl')]);
      expect(published).toMatchObject({ lines: 10, rejected: 3, failures: [] });

      await waitFor('every record handled', async () => (await bus.lag(topics.records, 'ingest')) === 0);
      const events = await stores.store.listEvents({ limit: 100 });
      // Line 7 holds an escaped NUL and line 10 a lone surrogate: valid JSON, stored as they are.
      expect(events.map((event) => `${event.origin.file}:${event.origin.line}`).sort()).toEqual(
        ['after.jsonl:1', ...[1, 2, 6, 7, 9, 10].map((line) => `edge.jsonl:${line}`)].sort(),
      );
      const rejections = await stores.store.listRejections({ limit: 100 });
      expect(
        rejections.map(({ file, line, reason }) => ({ file, line, reason })).sort((a, b) => a.line! - b.line!),
      ).toEqual([
        { file: 'edge.jsonl', line: 3, reason: 'JSON nested deeper than 64 levels (at character 105)' },
        { file: 'edge.jsonl', line: 4, reason: 'binary content (NUL byte) in record' },
        { file: 'edge.jsonl', line: 5, reason: 'invalid UTF-8 in record' },
        { file: 'edge.jsonl', line: 8, reason: expect.stringMatching(/longer than 1048576 bytes/) },
      ]);
      expect(log).toEqual([]);
    });

    it('dead-letters a chunk that keeps failing after 2 attempts, logs it, lists it, and goes on with the partition (bound 20 s)', async () => {
      const file = join(folder, 'future.log');
      writeFileSync(file, `${good('ws-future')}\n`);
      // A chunk naming a format this worker does not know (a newer publisher, say) fails every time.
      await publishFiles(bus, [file], { format: 'format-from-the-future' });
      writeFileSync(join(folder, 'later.jsonl'), `${good('ws-later')}\n`);
      await publishFiles(bus, [join(folder, 'later.jsonl')]);
      await waitFor('every record handled', async () => (await bus.lag(topics.records, 'ingest')) === 0);
      const stored = await stores.store.listEvents({ limit: 100 });
      expect(stored.map((event) => event.origin.file)).toContain('later.jsonl');
      expect(stored.map((event) => event.origin.file)).not.toContain('future.log');
      const letters = await listDeadLetters(bus);
      expect(letters).toEqual([
        expect.objectContaining({
          topic: topics.records,
          attempt: 2,
          error: expect.stringMatching(/^UsageError: unknown format "format-from-the-future"/),
          payload: expect.objectContaining({ source: 'future.log', firstLine: 1 }),
        }),
      ]);
      expect(log).toEqual([
        expect.stringMatching(
          /^vigil\.records: record \S+ of partition 0 dead-lettered after 2 attempt\(s\): UsageError: unknown format/,
        ),
      ]);
      const listed = await promisify(execFile)(
        process.execPath,
        [
          join(repositoryRoot, 'bin', 'vigil.js'),
          'worker',
          '--dead-letters',
          '--json',
          '--bus',
          services().redis.url,
          '--partitions',
          '1',
        ],
        { cwd: repositoryRoot },
      );
      expect(JSON.parse(listed.stdout).deadLetters).toEqual([
        expect.objectContaining({ id: letters[0]!.id, error: letters[0]!.error }),
      ]);
    });
  },
);
