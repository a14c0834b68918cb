/**
 * Sigma correlation windows in event time on every deployment: `createDetection` (investigate,
 * serve, the detect worker) takes the correlation lateness from the knowledge, so a partition
 * whose events arrive out of order within that lateness raises the alerts of time order.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../core/index.js';
import { readEvents } from '../ingest/index.js';
import { loadKnowledge } from './load-knowledge.js';
import { createDetection } from './stages/detection.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'vigil-lateness-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** Twelve failed SSH logins on web01, twenty seconds apart: the brute-force correlation fires at the tenth. */
async function guessing(): Promise<Event[]> {
  const lines = Array.from({ length: 12 }, (_, index) => {
    const time = new Date(Date.UTC(2025, 2, 3, 7, 0, 20 * index)).toISOString().replace('.000Z', '+00:00');
    return `${time} web01 sshd[${2100 + index}]: Failed password for root from 192.0.2.77 port ${40100 + index} ssh2`;
  });
  const path = join(folder, 'auth.log');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const events: Event[] = [];
  for await (const batch of readEvents([path])) events.push(...batch.events);
  return events;
}

async function alertsOf(events: readonly Event[], correlationLatenessMs: number): Promise<string[]> {
  const rules = resolve(import.meta.dirname, '../../rules/linux');
  const knowledge = { ...(await loadKnowledge({ rules: [rules], intel: [] })), correlationLatenessMs };
  const detection = createDetection(knowledge);
  const alerts = events.flatMap((event) => detection.process(event).alerts);
  alerts.push(...detection.flush());
  return alerts.map((alert) => `${alert.ruleTitle} ${alert.id}`).sort();
}

describe('correlation lateness through createDetection', () => {
  it('gives the alerts of time order to events that arrive up to the lateness late, and counts them late without it', async () => {
    const events = await guessing();
    expect(events).toHaveLength(12);
    // The first three failures arrive after the others (a second source read later, a slow shipper).
    const shuffled = [...events.slice(3), ...events.slice(0, 3)];
    const inOrder = await alertsOf(events, 0);
    expect(inOrder.filter((alert) => alert.startsWith('SSH Password Guessing'))).toHaveLength(1);
    expect(await alertsOf(shuffled, 5 * 60_000)).toEqual(inOrder);
    expect(await alertsOf(events, 5 * 60_000)).toEqual(inOrder);
    const late = await alertsOf(shuffled, 0);
    expect(late.filter((alert) => alert.startsWith('SSH Password Guessing'))).toHaveLength(0);
  });
});
