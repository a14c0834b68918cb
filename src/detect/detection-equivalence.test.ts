/**
 * The fast paths of the matcher (multi-pattern automata and tries, rules compiled on first use
 * from the rule cache, the requirement prefilter that runs only the rules an event can meet) must
 * give exactly the alerts of the reference, where every value is its own predicate
 * (`multiPattern: false`) and every rule of the event's log source runs (`prefilter: false`). Run on the demo with Vigil's rules, and on
 * recorded OTRF data with the SigmaHQ registry, image-load and process-access rules, the log
 * sources whose rules carry the longest value lists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithShared, repositoryRoot, sharedPath } from '../../test/shared-data.js';
import type { Event } from '../core/index.js';
import { readEvents } from '../ingest/index.js';
import { createDetector } from './detector.js';
import { type LoadRulesOptions, loadRules } from './load-rules.js';

const cacheFolder = mkdtempSync(join(tmpdir(), 'vigil-equivalence-'));
afterAll(() => rmSync(cacheFolder, { recursive: true, force: true }));

async function eventsOf(paths: string[]): Promise<Event[]> {
  const events: Event[] = [];
  for await (const batch of readEvents(paths)) events.push(...batch.events);
  return events;
}

/** Every alert as `rule event,event…`, in the order the detector gave them. */
async function alertsOf(
  rules: string[],
  events: readonly Event[],
  options: LoadRulesOptions,
  prefilter = true,
): Promise<string[]> {
  const detector = createDetector(await loadRules(rules, options), { prefilter });
  const alerts = events.flatMap((event) => detector.process(event));
  alerts.push(...detector.flush());
  return alerts.map((alert) => `${alert.ruleId} ${alert.eventIds.join(',')}`);
}

async function expectSameAlerts(rules: string[], events: readonly Event[]): Promise<number> {
  const reference = await alertsOf(rules, events, { multiPattern: false }, false);
  const cache = { folder: cacheFolder, warn: (message: string) => expect.fail(message) };
  expect(await alertsOf(rules, events, {})).toEqual(reference);
  // The first cached load compiles and fills the cache; the second compiles each rule on first use.
  expect(await alertsOf(rules, events, { cache })).toEqual(reference);
  expect(await alertsOf(rules, events, { cache })).toEqual(reference);
  return reference.length;
}

describe('detection equivalence', () => {
  it("gives the reference alerts on the demo with Vigil's rules", async () => {
    const events = await eventsOf([join(repositoryRoot, 'examples', 'demo', 'logs')]);
    expect(await expectSameAlerts([join(repositoryRoot, 'rules')], events)).toBeGreaterThan(5);
  }, 60_000);
});

describeWithShared('detection equivalence on OTRF', () => {
  it('gives the reference alerts with the SigmaHQ rules of the longest value lists', async () => {
    const windows = sharedPath('sigma', 'rules', 'windows');
    const host = sharedPath('otrf-security-datasets', 'datasets', 'atomic', 'windows');
    const events = await eventsOf([
      join(host, 'lateral_movement', 'host', 'empire_psexec_dcerpc_tcp_svcctl.zip'),
      join(host, 'defense_evasion', 'host', 'reg_cmd_process_commandline_logging_disabled.zip'),
    ]);
    const rules = ['registry', 'image_load', 'process_access'].map((folder) => join(windows, folder));
    expect(await expectSameAlerts(rules, events)).toBeGreaterThan(0);
  }, 90_000);
});
