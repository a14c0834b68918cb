/**
 * The detection's baseline says why a beacon to shared infrastructure is context: the same
 * function correlation (never an incident alone) and the built-in reasoner (counted at half,
 * kept with the reason) ask, so the verdict reaches both from one place.
 */
import { describe, expect, it } from 'vitest';
import type { Alert, Event } from '../../core/index.js';
import { loadKnowledge } from '../load-knowledge.js';
import { createDetection } from './detection.js';

const start = Date.parse('2025-03-03T08:00:00Z');
let counter = 0;
function connection(offset: number, source: string, destination: string): Event {
  counter += 1;
  return {
    id: `c${counter}`,
    timestamp: new Date(start + offset).toISOString(),
    origin: { format: 'zeek-json', dataset: 'conn' },
    kind: 'event',
    category: ['network'],
    outcome: 'unknown',
    source: { ip: source, port: 40_000 + counter },
    destination: { ip: destination, port: 80 },
    network: { transport: 'tcp' },
    observables: [],
    fields: {},
    raw: '{}',
  };
}

/** Beacon alerts of a record where each host polls its destination every 15 s with a little jitter. */
async function beacons(pollers: ReadonlyArray<{ host: string; destination: string }>) {
  const detection = createDetection(await loadKnowledge({ rules: [], intel: [] }));
  const alerts: Alert[] = [];
  for (let index = 0; index < 40; index++)
    for (const [position, poller] of pollers.entries())
      alerts.push(
        ...detection.process(
          connection(index * 15_000 + position * 700 + (index % 3) * 400, poller.host, poller.destination),
        ).alerts,
      );
  return { alerts: alerts.filter((alert) => alert.ruleId === 'analytic:beaconing'), detection };
}

describe('shared infrastructure through the detection baseline', () => {
  it('calls a destination every host polls alike routine, with the reason', async () => {
    const { alerts, detection } = await beacons(
      ['10.0.0.4', '10.0.0.5', '10.0.0.6'].map((host) => ({ host, destination: '168.63.129.16' })),
    );
    expect(alerts).toHaveLength(3);
    for (const alert of alerts) expect(detection.baseline.routine?.(alert, undefined)).toMatch(/shared infrastructure/);
  });

  it("leaves one host's beacon an attack step", async () => {
    const { alerts, detection } = await beacons([{ host: '10.0.0.4', destination: '198.51.100.20' }]);
    expect(alerts).toHaveLength(1);
    expect(detection.baseline.routine?.(alerts[0]!, undefined)).toBeUndefined();
  });
});
