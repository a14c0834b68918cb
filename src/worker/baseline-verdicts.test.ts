/**
 * Knowledge on every path: the workers' correlate and reason stages use the baseline their detect
 * stage holds (declared administration and the learned routine-evidence baseline), through baseline
 * verdicts on the alerts topic, and so report what `investigate` reports. In process (memory bus,
 * SQLite), small batches so verdicts change while the record grows and travel as updates. The
 * input: the benign admin day's Linux and Windows server logs with its asset inventory (declared
 * administrators), a kiosk agent's same quiet package install every twenty minutes all day on a host of
 * its own (routine evidence), and the SSH brute force then persistence on web01 (an attack, with
 * `deploy` declared an administrator there).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repositoryRoot } from '../../test/shared-data.js';
import { type Delivery, MemoryBus } from '../bus/index.js';
import type { Event } from '../core/index.js';
import { readEvents } from '../ingest/index.js';
import { investigate, loadKnowledge, openPipelineSession, type PipelineSession } from '../pipeline/index.js';
import { openStore, type Store } from '../store/index.js';
import { parseStages, publishFiles, startWorker, topics } from './index.js';
import { createDetectStage } from './stages/detect-stage.js';
import type { AlertMessage } from './topics.js';

const scenarios = join(repositoryRoot, 'scenarios');
const adminDay = join(scenarios, '18-benign-admin-day');

let folder: string;
const stores: Store[] = [];
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-verdicts-'));
});
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * A kiosk's management agent installing its policy package quietly every twenty minutes from
 * 07:00 to 19:00, as SYSTEM, on a host of its own: the same evidence all day, routine there.
 */
function kioskBackground(): string {
  const lines: string[] = [];
  for (let minute = 0; minute < 12 * 60; minute += 20) {
    const time = new Date(Date.UTC(2025, 2, 3, 7, minute, 12)).toISOString();
    lines.push(
      JSON.stringify({
        EventTime: time.slice(0, 19).replace('T', ' '),
        '@timestamp': time,
        Hostname: 'KIOSK07.corp.example',
        EventID: 1,
        SourceName: 'Microsoft-Windows-Sysmon',
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        RecordNumber: 700_000 + minute,
        ProcessGuid: `{BBBB0000-0000-0000-0000-${String(minute).padStart(12, '0')}}`,
        ProcessId: 4_000 + minute,
        Image: 'C:\\Windows\\System32\\msiexec.exe',
        CommandLine: 'msiexec.exe /i \\\\fs01\\software\\kiosk-policy.msi /qn',
        ParentImage: 'C:\\Program Files\\KioskAgent\\kioskagent.exe',
        ParentProcessId: 1_500,
        User: 'NT AUTHORITY\\SYSTEM',
      }),
    );
  }
  const path = join(folder, 'kiosk07-sysmon.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function settle(bus: MemoryBus): Promise<void> {
  const groups: [string, string][] = [
    [topics.records, 'ingest'],
    [topics.events, 'detect'],
    [topics.alerts, 'correlate'],
    [topics.incidents, 'reason'],
  ];
  for (let quiet = 0, round = 0; round < 3_000; round++) {
    let lag = 0;
    for (const [topic, group] of groups) lag += await bus.lag(topic, group);
    quiet = lag === 0 ? quiet + 1 : 0;
    if (quiet >= 20) return; // the correlate stage's debounce has passed with nothing left to do
    await new Promise((done) => setTimeout(done, 20));
  }
  throw new Error('the workers did not settle');
}

/** Live incidents with their alerts and the techniques reasoning reported and kept as context. */
async function picture(store: Store) {
  const incidents = [];
  for (const listed of await store.listIncidents({ limit: 1_000 })) {
    const stored = (await store.getIncident(listed.id))!;
    if (stored.artifacts.supersededBy) continue;
    const assessed = stored.artifacts.sequence?.techniques ?? [];
    incidents.push({
      id: listed.id,
      alerts: [...listed.alertIds].sort(),
      reported: assessed.filter((item) => item.reported !== false).map((item) => `${item.id} ${item.confidence}`),
      context: assessed.filter((item) => item.reported === false).map((item) => `${item.id} ${item.confidence}`),
      reasons: assessed
        .flatMap((item) => item.reasons ?? [])
        .filter((reason) => /routine|declared|administ/.test(reason)),
    });
  }
  return incidents.sort((left, right) => left.id.localeCompare(right.id));
}

describe('baseline verdicts on the workers’ path', () => {
  it('gives the incidents and the reported and context techniques that investigate gives', async () => {
    const files = [
      join(adminDay, 'logs', 'auth.log'),
      join(adminDay, 'logs', 'servers.jsonl'),
      kioskBackground(),
      join(scenarios, '10-ssh-brute-force-persistence', 'logs', 'auth.log'),
    ];
    const knowledge = await loadKnowledge({
      rules: [join(repositoryRoot, 'rules')],
      intel: [],
      assets: join(scenarios, '10-ssh-brute-force-persistence', 'assets.yaml'),
    });

    const single = await openStore(join(folder, 'investigate.db'));
    stores.push(single);
    const investigated = await investigate(files, knowledge, single, { evidenceInference: false });
    const expected = await picture(single);

    const distributed = await openStore(join(folder, 'workers.db'));
    stores.push(distributed);
    const bus = new MemoryBus({ partitions: 1 });
    const worker = startWorker({
      bus,
      store: distributed,
      stages: parseStages('all'),
      knowledge,
      reasoning: { evidenceInference: false },
      consumer: 'w1',
      batchSize: 25,
      correlate: { debounceMs: 20 },
    });
    await publishFiles(bus, files, { chunkLines: 50 });
    await settle(bus);
    await worker.close();
    await bus.close();

    // What investigate reports: the attack on web01, and neither the admin day nor the kiosk's agent.
    expect(investigated.incidents).toHaveLength(1);
    expect(expected).toHaveLength(1);
    expect(expected[0]!.reported.map((item) => item.split(' ')[0])).toContain('T1136.001');
    expect(await picture(distributed)).toEqual(expected);
  }, 60_000);

  it('sends the verdict with each alert, and a new one when the growing record makes earlier evidence routine', async () => {
    const events: Event[] = [];
    for await (const batch of readEvents([kioskBackground()])) events.push(...batch.events);
    const store = await openStore(join(folder, 'detect.db'));
    stores.push(store);
    await store.insertEvents(events);
    const knowledge = await loadKnowledge({ rules: [join(repositoryRoot, 'rules', 'windows')], intel: [] });
    const bus = new MemoryBus({ partitions: 1 });
    const sent: AlertMessage[] = [];
    const probe = bus.subscribe(
      { topic: topics.alerts, group: 'probe', consumer: 'p1' },
      { handle: async (_partition, deliveries) => void sent.push(...deliveries.map((d) => d.payload as AlertMessage)) },
    );
    let session: Promise<PipelineSession> | undefined;
    const stage = createDetectStage({
      bus,
      store,
      log: () => {},
      actor: 'test',
      session: () => {
        session ??= openPipelineSession(knowledge, { store }, { evidenceInference: false });
        return session;
      },
    });
    const deliveries: Delivery[] = events.map((event, index) => ({
      id: String(index),
      topic: topics.events,
      partition: 0,
      key: 'kiosk07.corp.example',
      payload: event,
      attempt: 1,
    }));
    await stage.handler.handle(0, deliveries.slice(0, 3));
    await stage.handler.handle(0, deliveries.slice(3));
    await stage.flush!(); // the judging due after the last batch
    for (let round = 0; round < 500 && (await bus.lag(topics.alerts, 'probe')) > 0; round++)
      await new Promise((done) => setTimeout(done, 10));
    await probe.close();
    await (await session)?.release();
    await bus.close();

    const alerts = sent.flatMap((message) => (message.type === 'alert' ? [message] : []));
    const updates = sent.flatMap((message) => (message.type === 'baseline' ? [message] : []));
    expect(alerts).toHaveLength(events.length);
    // Three installs in forty minutes are nothing yet; the day's thirty-six are the host's routine.
    for (const message of alerts.slice(0, 3)) expect(message.baseline?.routine).toBeUndefined();
    for (const message of alerts.slice(3)) expect(message.baseline?.routine).toContain('routine there');
    expect(updates.map((message) => message.alertId)).toEqual(alerts.slice(0, 3).map((message) => message.alert.id));
    for (const message of updates) expect(message.baseline.routine).toContain('routine there');
  }, 30_000);
});
