import { resolve } from 'node:path';
import { expect, it } from 'vitest';
import { MemoryBus } from '../../bus/index.js';
import { loadKnowledge } from '../../pipeline/index.js';
import { createConnectorRegistry, parsePolicy, planRunId, ResponseService } from '../../respond/index.js';
import { openStores } from '../../store/index.js';
import { publishFiles } from '../publish-files.js';
import { startWorker } from '../start-worker.js';
import { topics } from '../topics.js';

const demo = resolve(import.meta.dirname, '../../../examples/demo/logs');

it('starts one plan run per planned incident from the bus, and none again on redelivery', async () => {
  const stores = await openStores(':memory:');
  const knowledge = await loadKnowledge({ rules: [resolve(import.meta.dirname, '../../../rules')], intel: [] });
  const bus = new MemoryBus({ partitions: 2 });
  const service = new ResponseService({
    store: stores.store,
    runs: stores.runs,
    settings: { connectors: createConnectorRegistry([]), policy: parsePolicy('version: 1\n') },
  });
  const log: string[] = [];
  const worker = startWorker({
    bus,
    store: stores.store,
    stages: ['ingest', 'detect', 'correlate', 'reason', 'respond'],
    knowledge,
    consumer: 'w1',
    correlate: { debounceMs: 20 },
    respond: { service },
    log: (line) => log.push(line),
  });
  await publishFiles(bus, [resolve(demo, 'windows/workstations.jsonl')], { chunkLines: 100 });
  const groups: [string, string][] = [
    [topics.records, 'ingest'],
    [topics.events, 'detect'],
    [topics.alerts, 'correlate'],
    [topics.incidents, 'reason'],
    [topics.plans, 'respond'],
  ];
  const lagOf = async () => {
    let lag = 0;
    for (const [topic, group] of groups) lag += await bus.lag(topic, group);
    return lag;
  };
  /** Until every group has been caught up for 300 ms (correlation recomputes after a debounce). */
  const settle = async () => {
    let quiet = 0;
    for (let round = 0; round < 1_000 && quiet < 30; round++) {
      quiet = (await lagOf()) === 0 ? quiet + 1 : 0;
      await new Promise((done) => setTimeout(done, 10));
    }
  };
  await settle();
  await worker.close();
  const planned = [];
  for (const incident of await stores.store.listIncidents()) {
    if ((await stores.store.listProposals(incident.id)).length > 0) planned.push(incident.id);
  }
  expect(planned.length).toBeGreaterThan(0);
  const runs = await stores.runs.listRuns();
  expect(runs.map((run) => run.id).sort()).toEqual(planned.map((id) => planRunId(id)).sort());
  // The default policy sends actions to analysts: the runs wait for them.
  expect(runs.every((run) => run.status === 'pending' && run.steps.length > 0)).toBe(true);

  const again = startWorker({
    bus,
    store: stores.store,
    stages: ['respond'],
    knowledge,
    consumer: 'w2',
    respond: { service },
  });
  await bus.publish(
    topics.plans,
    planned.map((incidentId) => ({ key: incidentId, payload: { incidentId } })),
  );
  await settle();
  await again.close();
  expect((await stores.runs.listRuns()).length).toBe(planned.length);
  expect(log.filter((line) => line.startsWith('respond: started')).length).toBe(planned.length);
  await bus.close();
  await stores.close();
});
