/**
 * One pipeline, two deployments: the demo and three OTRF data sets, with threat intelligence
 * (a STIX bundle and an indicator stored by an analyst), an indicator override and a
 * suppression in the store, through `investigate` in one process and through a `vigil worker`
 * process (every pipeline stage, each consuming its topic) on Redis Streams with PostgreSQL. Both must give the same incidents (techniques,
 * tactics, stages, entities, plan actions and targets), alerts, attack graphs and audit entry
 * kinds. One partition, so correlation sees what the single process sees (with more, an
 * incident spanning hosts is correlated per host and related by the link stage instead).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithServices, spawnWorker, type WorkerProcess } from '../../test/services/index.js';
import { repositoryRoot, sharedDataRoot } from '../../test/shared-data.js';
import { RedisStreamBus } from '../bus/index.js';
import { readEvents } from '../ingest/index.js';
import { setIndicatorOverride, suppressPattern } from '../knowledge/index.js';
import { createDetection, investigateWithStoredKnowledge, loadKnowledge } from '../pipeline/index.js';
import { openStores, type Stores } from '../store/index.js';
import { publishFiles } from './publish-files.js';
import { topics } from './topics.js';

const root = sharedDataRoot();
const otrf = (path: string) => join(root ?? '', 'otrf-security-datasets', 'datasets', 'atomic', 'windows', path);
const archives = [
  otrf('privilege_escalation/host/cmd_service_mod_fax.zip'),
  otrf('credential_access/host/cmd_psexec_lsa_secrets_dump.zip'),
  otrf('discovery/host/cmd_discover_iexplorer_version_registry.zip'),
];
/** The corpus as plain files (the ingest listener publishes files line by line; it does not open archives). */
function corpusFiles(folder: string): string[] {
  const files = [join(repositoryRoot, 'examples', 'demo', 'logs')];
  for (const [index, archive] of archives.entries()) {
    const into = join(folder, `otrf-${index}`);
    execFileSync('unzip', ['-q', '-o', archive, '-d', into]);
    files.push(into);
  }
  return files.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true, withFileTypes: true })
          .filter((entry) => entry.isFile())
          .map((entry) => join(entry.parentPath, entry.name))
          .sort()
      : [path],
  );
}
const rules = join(repositoryRoot, 'rules');
const intel = join(repositoryRoot, 'examples', 'demo', 'intel');
const assets = join(repositoryRoot, 'examples', 'demo', 'assets.yaml');
const attack = root ? join(root, 'attack', 'stix21', 'enterprise-attack-18.1-rebuilt.json.gz') : undefined;

/** The same analyst knowledge in a store: an indicator they added, an override and a suppression. */
async function seed(stores: Stores, suppressedRule: string): Promise<void> {
  await stores.store.upsertIndicators([
    {
      id: 'indicator--analyst-1',
      type: 'domain-name',
      value: 'update-check.cdn-delivery.example',
      confidence: 70,
      revoked: false,
      source: 'analyst:alice',
      tlp: 'amber',
      labels: [],
      techniques: [],
    },
  ]);
  await setIndicatorOverride(stores.store, {
    target: { type: 'ipv4-addr', value: '203.0.113.66' },
    override: { kind: 'pinned-score', score: 95, reason: 'confirmed C2' },
    author: 'alice',
  });
  await suppressPattern(
    { store: stores.store, knowledge: stores.knowledge },
    { ruleId: suppressedRule, reason: 'benign in this lab', author: 'alice' },
  );
}

/** What must be equal, read back from a store. */
async function picture(stores: Stores) {
  const alerts = (await stores.store.listAlerts({ limit: 100_000 })).map((alert) => alert.id).sort();
  const incidents = [];
  const kinds = new Set<string>();
  for (const incident of await stores.store.listIncidents({ limit: 10_000 })) {
    const stored = (await stores.store.getIncident(incident.id))!;
    if (stored.artifacts.supersededBy) continue;
    for (const entry of await stores.store.listAudit({ subjectId: incident.id })) kinds.add(entry.action);
    incidents.push({
      id: incident.id,
      alerts: [...incident.alertIds].sort(),
      techniques: incident.techniques,
      tactics: incident.tactics,
      stages: incident.stages.map((stage) => ({ tactic: stage.tactic, techniques: stage.techniques })),
      entities: incident.entities,
      plan: (stored.artifacts.plan?.actions ?? []).map((action) => `${action.actionType} ${action.target.value}`),
      sequence: stored.artifacts.sequence?.steps.map((step) => `${step.tactic}:${step.techniques.join(',')}`),
      indicatorHits: stored.artifacts.indicatorHits?.length,
      graph: stored.artifacts.graph,
    });
  }
  incidents.sort((left, right) => left.id.localeCompare(right.id));
  return { alerts, incidents, auditKinds: [...kinds].sort() };
}

describeWithServices('equivalence of investigate and the workers', { postgres: true, redis: true }, (services) => {
  it.skipIf(!root)(
    'gives the same incidents, alerts, attack graphs and audit entry kinds',
    async () => {
      // a rule that fires on one OTRF set: its alerts are suppressed in both deployments
      const folder = mkdtempSync(join(tmpdir(), 'vigil-equivalence-'));
      const corpus = corpusFiles(folder);
      // The workers' VIGIL_HOME: its compiled-rule and evidence-model caches are filled by the
      // knowledge loaded here and read back by the worker processes (each would otherwise compile
      // the rules and train the model again), and nothing is written to the real home.
      const home = join(folder, 'home');
      const warn = (message: string) => console.warn(message);
      const knowledge = await loadKnowledge({
        rules: [rules],
        intel: [intel],
        attack,
        assets,
        ruleCache: { folder: join(home, 'cache', 'rules'), warn },
        evidenceModelCache: { folder: join(home, 'cache', 'evidence-model'), warn },
      });
      let suppressedRule = '';
      const detection = createDetection(knowledge);
      for await (const batch of readEvents([corpus.at(-1)!], {}))
        for (const event of batch.events) suppressedRule ||= detection.process(event).alerts[0]?.ruleId ?? '';
      expect(suppressedRule).not.toBe('');

      const location = services().postgres.createDatabase('equivalence_workers');
      const workers = await openStores(location);
      await seed(workers, suppressedRule);
      await workers.close();
      const bus = new RedisStreamBus({ url: services().redis.url, partitions: 1 });
      await publishFiles(bus, corpus, { chunkLines: 200 });

      // One process: `investigate` (it trains the evidence model, into the workers' cache).
      const single = await openStores(services().postgres.createDatabase('equivalence_single'));
      await seed(single, suppressedRule);
      await investigateWithStoredKnowledge(corpus, knowledge, single);
      const expected = await picture(single);
      await single.close();

      // The other deployment shares nothing with this process but the input and the caches'
      // folder: a `vigil worker` process loads its own knowledge through the command's loader and
      // runs every pipeline stage, each a consumer of its own topic, so every record, event, alert,
      // link fact and incident crosses Redis Streams between stages as in a split deployment
      // (one process rather than one per stage group: each process loads ATT&CK, the rules, the
      // intelligence and the evidence model, about 10 CPU-s, which dominated this test's cost).
      const common = {
        store: location,
        bus: services().redis.url,
        partitions: 1,
        // One consumer, nothing to fail over to: a lease that lapses while a loaded machine delays
        // the heartbeat (1 s by default here) makes the worker take its own partition again and
        // rebuild every stage's state from the partition's history, which is only more work.
        leaseMs: 60_000,
        rules: [rules],
        intel: [intel],
        assets,
        ...(attack ? { attack } : {}),
        environment: {
          VIGIL_HOME: home,
          VIGIL_RULE_CACHE: join(home, 'cache', 'rules'),
          VIGIL_MODEL_CACHE: join(home, 'cache', 'evidence-model'),
        },
      };
      const processes: WorkerProcess[] = [spawnWorker({ ...common, stages: 'all' })];
      try {
        const groups: [string, string][] = [
          [topics.records, 'ingest'],
          [topics.events, 'detect'],
          [topics.alerts, 'correlate'],
          [topics.entities, 'link'],
          [topics.incidents, 'reason'],
        ];
        let quiet = 0;
        for (let round = 0; round < 900 && quiet < 15; round++) {
          let lag = 0;
          for (const [topic, group] of groups) lag += await bus.lag(topic, group);
          quiet = lag === 0 ? quiet + 1 : 0;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      } finally {
        for (const worker of processes) worker.child.kill('SIGTERM');
        await Promise.all(processes.map((worker) => worker.exited));
        await bus.close();
      }
      const reopened = await openStores(location);
      const actual = await picture(reopened);
      await reopened.close();
      const logs = processes.map((worker) => worker.log()).join('\n');
      rmSync(folder, { recursive: true, force: true });

      expect(expected.incidents.length, 'incidents in one process').toBeGreaterThanOrEqual(3);
      expect(actual.alerts, logs.slice(-3_000)).toEqual(expected.alerts);
      expect(actual.incidents.map((incident) => incident.id)).toEqual(
        expected.incidents.map((incident) => incident.id),
      );
      for (const [index, incident] of expected.incidents.entries()) expect(actual.incidents[index]).toEqual(incident);
      // Streaming sees an incident grow: the reason stage may reason it again, and records that
      // revision as "incident-updated"; every other kind is the same.
      expect(actual.auditKinds.filter((kind) => kind !== 'incident-updated')).toEqual(expected.auditKinds);
      console.log(
        `equivalence: ${expected.alerts.length} alerts, ${expected.incidents.length} incidents, ` +
          `${expected.incidents.reduce((sum, incident) => sum + incident.plan.length, 0)} plan actions, ` +
          `${expected.incidents.reduce((sum, incident) => sum + (incident.graph?.nodes.length ?? 0), 0)} graph nodes, ` +
          `audit kinds ${expected.auditKinds.join(', ')} (workers: ${actual.auditKinds.join(', ')})`,
      );
    },
    300_000,
  );
});
