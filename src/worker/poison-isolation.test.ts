import { afterEach, describe, expect, it } from 'vitest';
import { type Delivery, deadLetterTopic, MemoryBus } from '../bus/index.js';
import { loadKnowledge } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { type DeadLetter, isolatePoison } from './poison-isolation.js';
import { startWorker } from './start-worker.js';
import { topics } from './topics.js';

const waitFor = async (condition: () => boolean | Promise<boolean>, timeoutMs: number) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

function collect(bus: MemoryBus, topic: string): Delivery[] {
  const seen: Delivery[] = [];
  bus.subscribe(
    { topic, group: 'inspect', consumer: 'inspector' },
    {
      async handle(_partition, deliveries) {
        seen.push(...deliveries);
      },
    },
  );
  return seen;
}

describe('poison records on the bus', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  it('handles the good records of a failing batch and dead-letters the poison one after two attempts', async () => {
    const bus = new MemoryBus({ partitions: 1, retryDelayMs: 20 });
    const handled: unknown[] = [];
    const log: string[] = [];
    const handler = isolatePoison(
      {
        async handle(_partition, deliveries) {
          if (deliveries.some((delivery) => delivery.payload === 'poison'))
            throw new RangeError('Maximum call stack size exceeded');
          handled.push(...deliveries.map((delivery) => delivery.payload));
        },
      },
      { bus, topic: 'work', log: (line) => log.push(line) },
    );
    const dead = collect(bus, deadLetterTopic('work'));
    bus.subscribe({ topic: 'work', group: 'g', consumer: 'c' }, handler);
    await bus.publish(
      'work',
      ['a', 'poison', 'b'].map((payload) => ({ key: 'k', payload })),
    );
    await bus.publish('work', [{ key: 'k', payload: 'after' }]);
    await waitFor(() => handled.includes('after') && dead.length === 1, 20_000);
    expect(new Set(handled)).toEqual(new Set(['a', 'b', 'after']));
    expect((dead[0]!.payload as DeadLetter).payload).toBe('poison');
    expect((dead[0]!.payload as DeadLetter).error).toContain('RangeError');
    expect(log[0]).toMatch(/dead-lettered after 2 attempt/);
  });

  it('throws transient failures on, so the bus backs off instead of dead-lettering', async () => {
    const bus = new MemoryBus({ partitions: 1, retryDelayMs: 10 });
    let calls = 0;
    const handler = isolatePoison(
      {
        async handle() {
          calls += 1;
          if (calls < 4) throw new Error('connect ECONNREFUSED');
        },
      },
      { bus, topic: 'work', log: () => {} },
    );
    const dead = collect(bus, deadLetterTopic('work'));
    bus.subscribe({ topic: 'work', group: 'g', consumer: 'c' }, handler);
    await bus.publish('work', [{ key: 'k', payload: 'x' }]);
    await waitFor(() => calls >= 4, 5000);
    expect(dead).toEqual([]);
  });

  it('stores every good event of a chunk whose middle line nests JSON 5,000 levels deep, rejecting that line', async () => {
    store = await openStore(':memory:');
    const bus = new MemoryBus({ partitions: 2, retryDelayMs: 20 });
    const knowledge = await loadKnowledge({ rules: [], intel: [] });
    const worker = startWorker({ bus, store, stages: ['ingest'], knowledge, consumer: 'w' });
    const good = (index: number) => JSON.stringify({ EventID: 4624, Channel: 'Security', Computer: `host-${index}` });
    const deep = `{"EventID":4625,"Channel":"Security","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    const text = `${[good(1), good(2), deep, good(3), good(4)].join('\n')}\n`;
    await bus.publish(topics.records, [{ key: 'edge.jsonl', payload: { source: 'edge.jsonl', firstLine: 10, text } }]);
    await waitFor(async () => (await store!.countEvents()) === 4, 5000);
    await waitFor(async () => (await bus.lag(topics.records, 'ingest')) === 0, 5000);
    await worker.close();
    const rejections = await store.listRejections({ limit: 10 });
    expect(rejections).toMatchObject([
      { file: 'edge.jsonl', line: 12, reason: 'JSON nested deeper than 64 levels (at character 105)' },
    ]);
    const events = await store.listEvents();
    expect(events.map((event) => event.origin.line).sort()).toEqual([10, 11, 13, 14]);
  });
});
