/**
 * The analytics' state bound: a million distinct keys (sources, destinations, domains, accounts,
 * hosts, files) leave each analytic within its table limits, and it still detects afterwards.
 */
import { describe, expect, it } from 'vitest';
import { createBehaviourAnalytics, runAnalytics } from './index.js';
import { at, connection, dnsQuery, windowsEvent } from './test-events.js';

const start = '2025-03-03T00:00:00Z';

describe('analytics state is bounded', () => {
  it('holds a bounded state through a million distinct keys and still finds a beacon afterwards', () => {
    const limits = { keys: 2_000 };
    const each = createBehaviourAnalytics({ limits });
    const analytics = runAnalytics(each);
    for (let index = 0; index < 1_000_000; index++) {
      const a = (index >>> 16) & 255;
      const b = (index >>> 8) & 255;
      const c = index & 255;
      const time = at(start, index);
      switch (index % 4) {
        case 0:
          analytics.process(connection(time, `10.${a}.${b}.${c}`, `198.${a}.${b}.${c}`, 443, { out: 2_000_000 }));
          break;
        case 1:
          analytics.process(dnsQuery(time, `10.${a}.${b}.${c}`, `x${index}.d${index}.example`));
          break;
        case 2:
          analytics.process(
            windowsEvent(time, '4771', `dc${index}`, {
              TargetUserName: `u${index}`,
              IpAddress: `10.${a}.${b}.${c}`,
              Status: '0x18',
            }),
          );
          break;
        default:
          analytics.process(
            windowsEvent(
              time,
              '11',
              `h${index}`,
              { TargetFilename: `C:\\d${index}\\f.docx.x${index}` },
              { file: { path: `C:\\d${index}\\f.docx.x${index}` } },
            ),
          );
      }
    }
    // Each table holds at most its limit (first-seen and web-shell path tables five times it).
    for (const analytic of each) expect(analytic.stateKeys()).toBeLessThanOrEqual(4 * 5 * limits.keys);
    expect(analytics.stateKeys()).toBeLessThanOrEqual(each.length * 4 * 5 * limits.keys);
    expect(analytics.stateKeys()).toBeGreaterThan(limits.keys);
    const found = [];
    for (let index = 0; index < 20; index++)
      found.push(
        ...analytics.process(connection(at(start, 2_000_000 + index * 60_000), '10.200.0.1', '203.0.113.1', 443)),
      );
    expect(found.map((alert) => alert.ruleId)).toEqual(['analytic:beaconing']);
  }, 300_000); // a million events through nine analytics: about 100 s on 2 cores at load 20
});
