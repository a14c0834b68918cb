import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildEvent, type EventBuilderState } from './build-event.js';
import { checkedEndpoint, ipProblem } from './endpoint-values.js';

const state = (): EventBuilderState => ({
  logFormat: 'suricata-eve',
  fileName: 'eve.json',
  fingerprinter: { idFor: (_raw, line) => `event-${line}` },
  fallbackTimestamp: '2026-01-01T00:00:00.000Z',
});

describe('endpoint edge validation', () => {
  it('any port value yields a valid 0–65535 integer or no port with a stated reason', () => {
    const anyPort = fc.oneof(
      fc.integer({ min: -70_000, max: 70_000 }),
      fc.constantFrom(-(2 ** 53), 2 ** 53, 1e20, -0, Number.NaN, Number.POSITIVE_INFINITY, 65_535, 65_536, 0, -1),
      fc.double(),
      fc.maxSafeInteger(),
    );
    fc.assert(
      fc.property(anyPort, (port) => {
        const draft = { fields: { dest_port: port }, destination: { ip: '10.0.0.1', port } };
        const event = buildEvent(draft, { text: 'raw', line: 1 }, state());
        expect(event.destination?.ip).toBe('10.0.0.1');
        expect(event.fields.dest_port).toBe(port);
        const kept = event.destination?.port;
        if (kept !== undefined) {
          expect(Number.isInteger(kept) && kept >= 0 && kept <= 65_535).toBe(true);
          expect(event.problems).toBeUndefined();
        } else {
          expect(event.problems).toEqual([
            { field: 'destination.port', reason: expect.stringMatching(/is not a port \(0–65535\)/) },
          ]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps IPv4 and IPv6 addresses, including zones and IPv4-mapped forms', () => {
    for (const ip of [
      '192.0.2.1',
      '0.0.0.0',
      '255.255.255.255',
      '2001:db8::1',
      '::1',
      '::',
      'fe80::1%eth0',
      '::ffff:192.0.2.1',
    ]) {
      expect(ipProblem(ip), ip).toBeUndefined();
      const problems: never[] = [];
      expect(checkedEndpoint({ ip, port: 22 }, 'source', problems)).toEqual({ ip, port: 22 });
      expect(problems).toEqual([]);
    }
  });

  it('drops garbage IPs with the field named and keeps the rest of the event', () => {
    for (const ip of [
      'not-an-ip',
      '256.1.1.1',
      '1.2.3',
      '0x7f.1',
      '192.0.2.1 ',
      '2001:db8:::1',
      '1.2.3.4/24',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a playbook expression planted as log data
      '${{ steps }}',
    ]) {
      expect(ipProblem(ip), ip).toMatch(/is not an IP address/);
      const event = buildEvent(
        { fields: { src_ip: ip }, source: { ip, port: 4444, domain: 'example.org' }, destination: { ip: '10.0.0.2' } },
        { text: 'raw', line: 7 },
        state(),
      );
      expect(event.source).toEqual({ port: 4444, domain: 'example.org' });
      expect(event.destination).toEqual({ ip: '10.0.0.2' });
      expect(event.fields.src_ip).toBe(ip);
      expect(event.problems).toEqual([{ field: 'source.ip', reason: expect.stringContaining('is not an IP address') }]);
    }
  });

  it('treats "-" as no value, and removes an endpoint left empty', () => {
    const problems: { field: string; reason: string }[] = [];
    expect(checkedEndpoint({ ip: '-' }, 'source', problems)).toBeUndefined();
    expect(problems).toEqual([]);
    expect(checkedEndpoint({ ip: 'bogus', port: 1e20 }, 'destination', problems)).toBeUndefined();
    expect(problems.map((problem) => problem.field)).toEqual(['destination.ip', 'destination.port']);
  });
});
