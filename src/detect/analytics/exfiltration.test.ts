import { describe, expect, it } from 'vitest';
import { createExfiltrationAnalytic } from './exfiltration.js';
import { at, connection } from './test-events.js';

const start = '2025-03-03T01:00:00Z';
const megabyte = 1024 * 1024;

describe('bulk exfiltration analytic', () => {
  it('finds 300 MB uploaded to one external address over HTTPS', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let index = 0; index < 30; index++)
      alerts.push(
        ...analytic.process(
          connection(at(start, index * 60_000), '10.1.1.40', '203.0.113.99', 443, { out: 10 * megabyte, in: 40_000 }),
        ),
      );
    // Held until the hour is over, so that the destination's other uploaders can show.
    expect(alerts).toEqual([]);
    alerts.push(...analytic.flush());
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.techniques).toEqual(['T1048.002']);
    expect(alerts[0]?.tactics).toEqual(['exfiltration']);
    expect(alerts[0]?.description).toMatch(/sent \d+ MB to 203\.0\.113\.99/);
  });

  it('ignores a nightly backup to an internal server, however large', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let index = 0; index < 60; index++)
      alerts.push(
        ...analytic.process(
          connection(at(start, index * 60_000), '10.1.1.40', '10.9.0.5', 445, { out: 50 * megabyte, in: 100_000 }),
        ),
      );
    expect(alerts).toEqual([]);
  });

  it('ignores downloads and calls (as much in as out)', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let index = 0; index < 60; index++)
      alerts.push(
        ...analytic.process(
          connection(at(start, index * 60_000), '10.1.1.40', '198.51.100.7', 443, {
            out: 8 * megabyte,
            in: 9 * megabyte,
          }),
        ),
      );
    expect(alerts).toEqual([]);
  });

  it('ignores the cloud backup service that every server uploads to', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let index = 0; index < 40; index++)
      for (let host = 1; host <= 4; host++)
        alerts.push(
          ...analytic.process(
            connection(at(start, index * 60_000 + host), `10.1.2.${host}`, '198.51.100.50', 443, {
              out: 10 * megabyte,
              in: 10_000,
            }),
          ),
        );
    expect(alerts).toEqual([]);
  });
});

describe('bulk exfiltration analytic, judged over the whole hour', () => {
  const upload = (
    analytic: ReturnType<typeof createExfiltrationAnalytic>,
    offset: number,
    source: string,
    out: number,
  ) => analytic.process(connection(at(start, offset), source, '198.51.100.60', 443, { out, in: 20_000 }));

  it('reports a transfer once its hour is over, while events keep arriving (no flush needed)', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let index = 0; index < 20; index++)
      alerts.push(...upload(analytic, index * 90_000, '10.1.1.40', 20 * megabyte));
    expect(alerts).toEqual([]);
    // Unrelated traffic an hour later closes the window.
    alerts.push(...analytic.process(connection(at(start, 61 * 60_000), '10.1.1.7', '198.51.100.8', 443)));
    expect(alerts).toHaveLength(1);
    expect(Date.parse(alerts[0]!.timestamp)).toBeLessThan(Date.parse(at(start, 61 * 60_000)));
    expect(analytic.flush()).toEqual([]);
  });

  it('does not report the first site of a shared vault, though it crosses the volume before the others start', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    // The first site uploads 128 MB parts from the start; the two others begin 15 and 35 minutes later.
    for (let part = 0; part < 80; part++) {
      alerts.push(...upload(analytic, part * 50_000, '10.20.9.5', 128 * megabyte));
      if (part * 50_000 > 15 * 60_000)
        alerts.push(...upload(analytic, part * 50_000 + 7_000, '10.21.9.5', 90 * megabyte));
      if (part * 50_000 > 35 * 60_000)
        alerts.push(...upload(analytic, part * 50_000 + 9_000, '10.22.9.5', 60 * megabyte));
    }
    alerts.push(...analytic.flush());
    expect(alerts).toEqual([]);
  });

  it('reports one alert per source and destination, however many hours the upload lasts', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let part = 0; part < 200; part++) alerts.push(...upload(analytic, part * 60_000, '10.1.1.40', 30 * megabyte));
    alerts.push(...analytic.flush());
    expect(alerts).toHaveLength(1);
  });

  it('still reports a host that exfiltrates beside one other uploader to the same server', () => {
    const analytic = createExfiltrationAnalytic();
    const alerts = [];
    for (let part = 0; part < 30; part++) {
      alerts.push(...upload(analytic, part * 60_000, '10.1.1.40', 20 * megabyte));
      alerts.push(...upload(analytic, part * 60_000 + 500, '10.1.1.41', 2 * megabyte));
    }
    alerts.push(...analytic.flush());
    expect(alerts.map((alert) => alert.description)).toEqual([expect.stringMatching(/^10\.1\.1\.40 sent/)]);
  });
});
