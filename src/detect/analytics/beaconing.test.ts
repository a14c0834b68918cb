import { describe, expect, it } from 'vitest';
import { createBeaconingAnalytic, intervalRegularity } from './beaconing.js';
import { SharedDestinations } from './shared-destinations.js';
import { at, connection, seeded } from './test-events.js';

const start = '2025-03-03T08:00:00Z';

function run(
  times: number[],
  source = '10.1.1.20',
  destination = '198.51.100.20',
  port = 443,
  bytes: (index: number) => { out?: number; in?: number } = () => ({}),
) {
  const analytic = createBeaconingAnalytic();
  return times.flatMap((offset, index) =>
    analytic.process(connection(at(start, offset), source, destination, port, bytes(index))),
  );
}

const megabyte = 1024 * 1024;

/** Arrival offsets of a 60 s timer with 30% jitter. */
function jittered(count: number, seed: number, period = 60_000): number[] {
  const random = seeded(seed);
  let time = 0;
  return Array.from({ length: count }, () => {
    time += period * (0.7 + 0.6 * random());
    return time;
  });
}

describe('beaconing analytic', () => {
  it('finds a 60 s beacon with 30% jitter and a few missed check-ins', () => {
    const random = seeded(7);
    const times: number[] = [];
    let time = 0;
    for (let index = 0; index < 40; index++) {
      time += 60_000 * (0.7 + 0.6 * random()) * (index % 13 === 12 ? 2 : 1);
      times.push(time);
    }
    const alerts = run(times);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ source: 'analytic', techniques: ['T1071.001', 'T1573'] });
    expect(alerts[0]?.tactics).toContain('command-and-control');
    expect(alerts[0]?.confidence).toBeGreaterThan(0.5);
    expect(alerts[0]?.description).toMatch(/median interval of \d+ s/);
  });

  it('reports the same alert when the logs of the same check-ins arrive in another order', () => {
    const random = seeded(5);
    const checkIns: string[] = [];
    let time = 0;
    for (let index = 0; index < 16; index++) {
      time += 120_000 * (0.8 + 0.4 * random());
      checkIns.push(at(start, time));
    }
    // Each check-in is in two logs (Zeek conn and a host's network event a second later).
    const zeek = checkIns.map((timestamp) => connection(timestamp, '10.1.1.20', '198.51.100.20', 443));
    const host = checkIns.map((timestamp) => connection(at(timestamp, 1_000), '10.1.1.20', '198.51.100.20', 443));
    const alertsOf = (events: ReturnType<typeof connection>[]) => {
      const analytic = createBeaconingAnalytic();
      return events.flatMap((event) => analytic.process(event));
    };
    const zeekFirst = alertsOf([...zeek, ...host]);
    const hostFirst = alertsOf([...host, ...zeek]);
    const interleaved = alertsOf(zeek.flatMap((event, index) => [host[index]!, event]));
    expect(zeekFirst).toHaveLength(1);
    expect(hostFirst.map((alert) => alert.id)).toEqual(zeekFirst.map((alert) => alert.id));
    expect(interleaved.map((alert) => alert.id)).toEqual(zeekFirst.map((alert) => alert.id));
  });

  it('finds a slow beacon (10 min, Cobalt-Strike-like 50% jitter below the period)', () => {
    const random = seeded(11);
    let time = 0;
    const times = Array.from({ length: 20 }, () => {
      time += 600_000 * (0.5 + 0.5 * random());
      return time;
    });
    expect(run(times)).toHaveLength(1);
  });

  it('does not take human browsing (heavy-tailed gaps) for a beacon, however many connections', () => {
    const random = seeded(3);
    let time = 0;
    const times = Array.from({ length: 300 }, () => {
      time += -Math.log(1 - random()) * 90_000 + 500;
      return time;
    });
    expect(intervalRegularity(times).spread).toBeGreaterThan(0.8);
    expect(run(times)).toEqual([]);
  });

  it('reports a timer that many hosts share (software updates, telemetry) with the verdict that it is shared', () => {
    const shared = new SharedDestinations();
    const analytic = createBeaconingAnalytic({ sharedDestinations: shared });
    const alerts = [];
    for (let index = 0; index < 30; index++) {
      for (let host = 1; host <= 6; host++)
        alerts.push(
          ...analytic.process(
            connection(at(start, index * 300_000 + host * 1_000), `10.1.1.${host}`, '203.0.113.80', 443),
          ),
        );
    }
    // Nothing dropped unseen: each host's channel is reported, and judged infrastructure.
    expect(alerts).toHaveLength(6);
    for (const alert of alerts)
      expect(shared.verdict(alert.id)).toMatch(/6 of the 6 internal hosts .*shared infrastructure/);
  });

  it('does not report regular traffic to internal servers or NTP', () => {
    const times = Array.from({ length: 30 }, (_, index) => index * 60_000);
    expect(run(times, '10.1.1.20', '10.1.2.3', 443)).toEqual([]);
    expect(run(times, '10.1.1.20', '198.51.100.20', 123)).toEqual([]);
  });

  it('still finds a beacon whose operator sometimes tasks it (a few large check-ins among small ones)', () => {
    // Idle check-ins of a few hundred bytes; every ninth one downloads a tool or uploads output.
    const alerts = run(jittered(40, 5), '10.1.1.20', '198.51.100.20', 443, (index) =>
      index % 9 === 8 ? { out: 3 * megabyte, in: 2_000 } : { out: 350 + index * 3, in: 180 },
    );
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.description).toMatch(/median check-in \d+ bytes/);
  });

  it('judges a beacon on timing alone when the sensor records no byte counts', () => {
    const analytic = createBeaconingAnalytic();
    const alerts = jittered(30, 9).flatMap((offset) => {
      const record = connection(at(start, offset), '10.1.1.20', '198.51.100.20', 443);
      return analytic.process({ ...record, fields: {} });
    });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.description).toMatch(/no byte counts/);
  });

  it('does not take a backup cut into parts, uploaded at a steady pace, for a beacon', () => {
    // Parts of 50-200 MB, one every 40-60 s to an off-site vault: periodic, but each one a transfer.
    const random = seeded(21);
    const times = jittered(40, 13, 50_000);
    const alerts = run(times, '10.1.9.5', '198.51.100.77', 443, () => ({
      out: (50 + random() * 150) * megabyte,
      in: 200_000,
    }));
    expect(alerts).toEqual([]);
  });

  it('does not take periodic large downloads (a mirror sync in parts) for a beacon', () => {
    const alerts = run(jittered(30, 17, 120_000), '10.1.1.30', '203.0.113.40', 443, () => ({
      out: 30_000,
      in: 90 * megabyte,
    }));
    expect(alerts).toEqual([]);
  });

  it('counts the Zeek conn and ssl records of one check-in once', () => {
    const analytic = createBeaconingAnalytic();
    const alerts = [];
    for (let index = 0; index < 8; index++) {
      const time = index * 60_000;
      alerts.push(...analytic.process(connection(at(start, time), '10.1.1.20', '198.51.100.20', 443)));
      alerts.push(...analytic.process(connection(at(start, time + 300), '10.1.1.20', '198.51.100.20', 443)));
    }
    // 8 check-ins give 7 gaps: fewer than the 10 a finding needs, though 16 records arrived.
    expect(alerts).toEqual([]);
  });
});
