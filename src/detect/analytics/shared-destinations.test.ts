import { describe, expect, it } from 'vitest';
import type { Alert } from '../../core/index.js';
import { createBeaconingAnalytic } from './beaconing.js';
import { SharedDestinations } from './shared-destinations.js';
import { at, connection, seeded } from './test-events.js';

const start = '2025-03-03T08:00:00Z';

interface Poller {
  host: string;
  destination: string;
  period: number;
  /** Check-ins; 0 for a host that reaches the destination once (a browser, a download). */
  count: number;
  /** When a host that reaches it once does so (default 30 s into the record). */
  once?: number;
}

/** Runs the analytic over several hosts' traffic, interleaved in time order, with 20% jitter. */
function record(pollers: readonly Poller[], seed = 1) {
  const shared = new SharedDestinations();
  const analytic = createBeaconingAnalytic({ sharedDestinations: shared });
  const random = seeded(seed);
  const connections = pollers.flatMap((poller) => {
    if (poller.count === 0) return [connection(at(start, poller.once ?? 30_000), poller.host, poller.destination, 443)];
    let time = random() * poller.period;
    return Array.from({ length: poller.count }, () => {
      time += poller.period * (0.8 + 0.4 * random());
      return connection(at(start, time), poller.host, poller.destination, 443);
    });
  });
  connections.sort((left, right) => left.timestamp.localeCompare(right.timestamp));
  const alerts: Alert[] = connections.flatMap((event) => analytic.process(event));
  const from = (host: string) => alerts.find((alert) => alert.description?.startsWith(`${host} `));
  return { shared, alerts, from };
}

const agent = '168.63.129.16';
const c2 = '198.51.100.20';

describe('shared infrastructure is not a beacon', () => {
  it('takes a destination every host polls with the same rhythm (a cloud guest agent) for infrastructure', () => {
    const hosts = ['10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const { shared, alerts } = record(hosts.map((host) => ({ host, destination: agent, period: 15_000, count: 40 })));
    expect(alerts).toHaveLength(3);
    for (const alert of alerts)
      expect(shared.verdict(alert.id)).toMatch(/3 of the 3 internal hosts .*shared infrastructure/);
  });

  it('counts a host of the same agent seen fewer times, or with more jitter than a report needs, by its interval', () => {
    const { shared, alerts, from } = record([
      { host: '10.0.0.4', destination: agent, period: 15_000, count: 40 },
      { host: '10.0.0.5', destination: agent, period: 15_000, count: 8 },
      { host: '10.0.0.6', destination: agent, period: 15_000, count: 6 },
    ]);
    expect(alerts).toHaveLength(1);
    expect(shared.verdict(from('10.0.0.4')!.id)).toMatch(/3 of the 3 internal hosts/);
    // The look-alike: the other hosts reached the implant's server once or twice (a shared link
    // opened, a lookup): no rhythm of theirs, so the beacon stays the one host's.
    const beacon = record([
      { host: '10.0.0.4', destination: c2, period: 60_000, count: 30 },
      { host: '10.0.0.5', destination: c2, period: 0, count: 0 },
      { host: '10.0.0.6', destination: c2, period: 0, count: 0 },
    ]);
    expect(beacon.alerts).toHaveLength(1);
    expect(beacon.shared.verdict(beacon.alerts[0]!.id)).toBeUndefined();
  });

  it("keeps one host's beacon beside the agent every host polls", () => {
    const hosts = ['10.0.0.4', '10.0.0.5', '10.0.0.6'];
    const { shared, alerts } = record([
      { host: '10.0.0.4', destination: c2, period: 60_000, count: 30 },
      ...hosts.map((host) => ({ host, destination: agent, period: 15_000, count: 40 })),
    ]);
    const beacon = alerts.filter((alert) => alert.description?.includes(c2));
    const polls = alerts.filter((alert) => alert.description?.includes(agent));
    expect(beacon).toHaveLength(1);
    expect(polls).toHaveLength(3);
    expect(shared.verdict(beacon[0]!.id)).toBeUndefined();
    for (const alert of polls) expect(shared.verdict(alert.id)).toBeDefined();
  });

  it('does not take two hosts of an attack beaconing to one server for infrastructure, however small the network', () => {
    const { shared, alerts } = record([
      { host: '10.0.0.4', destination: c2, period: 60_000, count: 30 },
      { host: '10.0.0.5', destination: c2, period: 60_000, count: 30 },
    ]);
    expect(alerts).toHaveLength(2);
    for (const alert of alerts) expect(shared.verdict(alert.id)).toBeUndefined();
  });

  it('does not take a C2 on three hosts of a larger network for infrastructure', () => {
    const browsing = Array.from({ length: 7 }, (_, index) => ({
      host: `10.0.1.${index + 1}`,
      destination: `203.0.113.${index + 1}`,
      period: 0,
      count: 0,
    }));
    const { shared, alerts } = record([
      ...['10.0.0.4', '10.0.0.5', '10.0.0.6'].map((host) => ({ host, destination: c2, period: 60_000, count: 30 })),
      ...browsing,
    ]);
    expect(alerts).toHaveLength(3);
    for (const alert of alerts) expect(shared.verdict(alert.id)).toBeUndefined();
  });

  it('does not count hosts that poll the same destination with another rhythm as the same software', () => {
    const { shared, from } = record([
      { host: '10.0.0.4', destination: c2, period: 15_000, count: 60 },
      { host: '10.0.0.5', destination: c2, period: 120_000, count: 30 },
      { host: '10.0.0.6', destination: c2, period: 600_000, count: 20 },
    ]);
    expect(shared.verdict(from('10.0.0.4')!.id)).toBeUndefined();
    expect(shared.verdict(from('10.0.0.5')!.id)).toBeUndefined();
  });

  it('keeps as context, with the reason, a regular channel to a destination many hosts contact', () => {
    const { shared, alerts } = record([
      { host: '10.0.0.4', destination: agent, period: 60_000, count: 30 },
      ...['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8', '10.0.0.9', '10.0.0.10', '10.0.0.11', '10.0.0.12'].map(
        // They reach it after the channel was reported.
        (host) => ({ host, destination: agent, period: 0, count: 0, once: 1_500_000 }),
      ),
    ]);
    expect(alerts).toHaveLength(1);
    expect(shared.verdict(alerts[0]!.id)).toMatch(/more than 3 internal hosts contact/);
  });

  it('reports a channel to a destination many hosts contact before it becomes regular, as context (never dropped)', () => {
    const { shared, alerts } = record([
      ...['10.0.0.5', '10.0.0.6', '10.0.0.7', '10.0.0.8'].map((host) => ({
        host,
        destination: agent,
        period: 0,
        count: 0,
        once: 10_000,
      })),
      { host: '10.0.0.4', destination: agent, period: 60_000, count: 30 },
    ]);
    expect(alerts).toHaveLength(1);
    expect(shared.verdict(alerts[0]!.id)).toMatch(/more than 3 internal hosts contact/);
  });

  it('stays within its bound with a million distinct sources and destinations', () => {
    const shared = new SharedDestinations(1_000);
    for (let index = 0; index < 1_000_000; index++) {
      const source = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
      shared.contacted(source, `198.51.${(index >> 8) & 255}.${index & 255}|${index % 60_000}`);
      if (index % 10 === 0) shared.reported(`alert-${index}`, source, `198.51.100.1|443`, 60_000);
    }
    expect(shared.size).toBeLessThanOrEqual(4 * 1_000);
    expect(shared.verdict('alert-999990')).toMatch(/same rhythm|many hosts/);
  });
});
