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
