import { describe, expect, it } from 'vitest';
import { createDnsTunnellingAnalytic } from './dns-tunnelling.js';
import { parentDomain } from './network-address.js';
import { at, dnsQuery, seeded } from './test-events.js';

const start = '2025-03-03T08:00:00Z';
const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

function encoded(random: () => number, length: number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

describe('DNS tunnelling analytic', () => {
  it('finds base32 data in unique subdomains of one parent, and calls a large volume exfiltration', () => {
    const random = seeded(5);
    const analytic = createDnsTunnellingAnalytic();
    const alerts = [];
    for (let index = 0; index < 400; index++) {
      const name = `${encoded(random, 50)}.${encoded(random, 30)}.t.cdn-sync.example`;
      alerts.push(...analytic.process(dnsQuery(at(start, index * 2_000), '10.1.1.30', name)));
    }
    expect(alerts).toHaveLength(2);
    expect(alerts[0]?.techniques).toEqual(['T1071.004']);
    expect(alerts[0]?.description).toContain('cdn-sync.example');
    // The tunnel is reported at 30 names; once its names carry more than 10 KB, exfiltration is reported too.
    expect(alerts.length).toBeLessThanOrEqual(2);
    expect(alerts.at(-1)?.techniques).toEqual(['T1071.004', 'T1048']);
    expect(alerts.at(-1)?.tactics).toContain('exfiltration');
  });

  it('finds a TXT channel with short names', () => {
    const random = seeded(9);
    const analytic = createDnsTunnellingAnalytic();
    const alerts = [];
    for (let index = 0; index < 40; index++)
      alerts.push(
        ...analytic.process(dnsQuery(at(start, index * 5_000), '10.1.1.30', `${encoded(random, 8)}.c2.example`, 'TXT')),
      );
    expect(alerts).toHaveLength(1);
  });

  it('ignores ordinary browsing: many parents, repeated short names', () => {
    const analytic = createDnsTunnellingAnalytic();
    const names = ['www', 'mail', 'api', 'static', 'cdn', 'login', 'img', 'news'];
    const parents = ['example.com', 'example.org', 'news.example.net', 'shop.example.co.uk'];
    const alerts = [];
    for (let index = 0; index < 2_000; index++) {
      const name = `${names[index % names.length]}.${parents[index % parents.length]}`;
      alerts.push(...analytic.process(dnsQuery(at(start, index * 1_000), '10.1.1.30', name)));
    }
    expect(alerts).toEqual([]);
  });

  it('ignores reputation look-ups that every host makes (random-looking names under one vendor domain)', () => {
    const random = seeded(13);
    const analytic = createDnsTunnellingAnalytic();
    const alerts = [];
    for (let index = 0; index < 600; index++) {
      const host = `10.1.1.${1 + (index % 8)}`;
      alerts.push(
        ...analytic.process(dnsQuery(at(start, index * 3_000), host, `${encoded(random, 40)}.av-reputation.example`)),
      );
    }
    expect(alerts).toEqual([]);
  });

  it('ignores many CDN names with short labels under one parent', () => {
    const analytic = createDnsTunnellingAnalytic();
    const alerts = [];
    for (let index = 0; index < 200; index++)
      alerts.push(
        ...analytic.process(dnsQuery(at(start, index * 3_000), '10.1.1.30', `e${1000 + index}.a.akamaiedge.example`)),
      );
    expect(alerts).toEqual([]);
  });

  it('splits registered domains under two-level public suffixes', () => {
    expect(parentDomain('a.b.example.co.uk')).toBe('example.co.uk');
    expect(parentDomain('x.y.example.com.')).toBe('example.com');
  });
});
