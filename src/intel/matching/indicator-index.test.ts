import { describe, expect, it } from 'vitest';
import type { Indicator } from '../../core/index.js';
import { makeEvent } from '../__fixtures__/make-event.js';
import { IndicatorIndex } from './indicator-index.js';

function indicator(fields: Partial<Indicator> & { id: string }): Indicator {
  return { confidence: 60, revoked: false, source: 'test-feed', tlp: 'clear', labels: [], techniques: [], ...fields };
}

describe('IndicatorIndex', () => {
  it('matches addresses exactly and by longest CIDR prefix, naming field and source', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({ id: 'exact', type: 'ipv4-addr', value: '203.0.113.7' }),
      indicator({ id: 'wide', type: 'ipv4-addr', value: '203.0.0.0/16' }),
      indicator({ id: 'narrow', type: 'ipv4-addr', value: '203.0.113.0/24' }),
      indicator({ id: 'v6', type: 'ipv6-addr', value: '2001:db8::/32' }),
    ]);
    const matches = index.match(makeEvent({ source: { ip: '10.0.0.5' }, destination: { ip: '203.0.113.7' } }));
    expect(matches.map((match) => match.indicator.id)).toEqual(['exact', 'narrow', 'wide']);
    expect(matches[0]).toMatchObject({ field: 'destination.ip', value: '203.0.113.7', source: 'test-feed' });
    expect(
      index.match(makeEvent({ destination: { ip: '2001:db8:0:0::42' } })).map((match) => match.indicator.id),
    ).toEqual(['v6']);
    expect(index.match(makeEvent({ destination: { ip: '203.1.0.1' } }))).toEqual([]);
    expect(index.size).toBe(4);
  });

  it('matches subdomains of a listed domain but never below a public suffix', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({ id: 'domain', type: 'domain-name', value: 'Evil.Example.com.' }),
      indicator({ id: 'suffix', type: 'domain-name', value: 'co.uk' }),
    ]);
    expect(
      index.match(makeEvent({ dns: { question: { name: 'a.b.evil.example.com' } } })).map((match) => match.field),
    ).toEqual(['dns.question.name']);
    expect(index.match(makeEvent({ dns: { question: { name: 'notevil.example.com' } } }))).toEqual([]);
    expect(index.match(makeEvent({ dns: { question: { name: 'shop.co.uk' } } }))).toEqual([]);
    expect(index.match(makeEvent({ dns: { question: { name: 'co.uk' } } }))).toHaveLength(1);
  });

  it('normalises hashes, URLs, registry keys, e-mail and file names', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({ id: 'hash', type: 'sha256', value: 'AB'.repeat(32) }),
      indicator({ id: 'url', type: 'url', value: 'HTTP://Bad.Example:80/x#frag' }),
      indicator({ id: 'key', type: 'windows-registry-key', value: 'HKLM\\Software\\Run' }),
      indicator({ id: 'file', type: 'file-name', value: 'Invoice.EXE' }),
    ]);
    const event = makeEvent({
      file: { name: 'invoice.exe', hashes: { sha256: 'ab'.repeat(32) } },
      url: { full: 'http://bad.example/x' },
      registry: { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\run' },
    });
    expect(
      index
        .match(event)
        .map((match) => `${match.indicator.id}@${match.field}`)
        .sort(),
    ).toEqual(['file@file.name', 'hash@file.hash.sha256', 'key@registry.key', 'url@url.full']);
  });

  it('runs a catastrophic MATCHES pattern in linear time against a hostile user name (bound 1 s)', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({ id: 'redos', pattern: "[user-account:user_id MATCHES '^(a+)+$']", patternType: 'stix' }),
      indicator({ id: 'like', pattern: "[user-account:user_id LIKE '%a%a%a%a%a%a%a%b']", patternType: 'stix' }),
    ]);
    const started = performance.now();
    for (const length of [41, 5000]) {
      expect(
        index.match(makeEvent({ user: { name: `${'a'.repeat(length)}!`, id: `${'a'.repeat(length)}!` } })),
      ).toEqual([]);
    }
    expect(index.match(makeEvent({ user: { name: 'aaaa', id: 'aaaa' } })).map((match) => match.indicator.id)).toEqual([
      'redos',
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('compiles single-observation STIX patterns: OR of values, regexes, and AND verified on the event', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({
        id: 'or',
        pattern: "[domain-name:value = 'a.example' OR domain-name:value = 'b.example']",
        patternType: 'stix',
      }),
      indicator({ id: 'regex', pattern: "[url:value MATCHES '^https?://[^/]+/wp-admin/']", patternType: 'stix' }),
      indicator({
        id: 'and',
        pattern: "[file:name = 'x.dll' AND file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']",
        patternType: 'stix',
      }),
      indicator({
        id: 'sequence',
        pattern: "[ipv4-addr:value = '1.1.1.2'] FOLLOWEDBY [domain-name:value = 'c.example']",
        patternType: 'stix',
      }),
    ]);
    expect(
      index.match(makeEvent({ dns: { question: { name: 'www.b.example' } } })).map((match) => match.indicator.id),
    ).toEqual(['or']);
    expect(
      index.match(makeEvent({ url: { full: 'https://blog.example/wp-admin/x' } })).map((match) => match.indicator.id),
    ).toEqual(['regex']);
    const hashOnly = makeEvent({ file: { name: 'other.dll', hashes: { md5: '44d88612fea8a8f36de82e1278abb02f' } } });
    expect(index.match(hashOnly)).toEqual([]);
    const both = makeEvent({ file: { name: 'x.dll', hashes: { md5: '44D88612FEA8A8F36DE82E1278ABB02F' } } });
    expect(index.match(both).map((match) => match.indicator.id)).toEqual(['and']);
    expect(index.multiObservationIndicators().map((item) => item.id)).toEqual(['sequence']);
  });

  it('respects validity windows and revocation at the event time', () => {
    const index = new IndicatorIndex();
    index.add([
      indicator({ id: 'expired', type: 'ipv4-addr', value: '198.51.100.1', validUntil: '2024-01-01T00:00:00Z' }),
      indicator({ id: 'future', type: 'ipv4-addr', value: '198.51.100.1', validFrom: '2025-01-01T00:00:00Z' }),
      indicator({ id: 'revoked', type: 'ipv4-addr', value: '198.51.100.1', revoked: true }),
      indicator({ id: 'live', type: 'ipv4-addr', value: '198.51.100.1', validFrom: '2024-04-01T00:00:00Z' }),
    ]);
    expect(index.match(makeEvent({ destination: { ip: '198.51.100.1' } })).map((match) => match.indicator.id)).toEqual([
      'live',
    ]);
  });

  it('decays scores per type, raises them on sightings and drops those under the minimum', () => {
    const day = 86_400_000;
    const eventTime = Date.parse('2024-05-01T12:00:00Z');
    const index = new IndicatorIndex({
      minimumScore: 30,
      now: () => eventTime - 60 * day,
      halfLives: { 'ipv4-addr': 30 },
    });
    index.add([
      indicator({ id: 'old-ip', type: 'ipv4-addr', value: '198.51.100.2', confidence: 80 }),
      indicator({ id: 'old-hash', type: 'md5', value: '44d88612fea8a8f36de82e1278abb02f', confidence: 80 }),
    ]);
    const event = makeEvent({
      destination: { ip: '198.51.100.2' },
      file: { hashes: { md5: '44d88612fea8a8f36de82e1278abb02f' } },
    });
    const first = index.match(event);
    expect(first.map((match) => match.indicator.id)).toEqual(['old-hash']);
    index.recordSighting('old-ip', eventTime - day);
    const again = index.match(event);
    expect(again.find((match) => match.indicator.id === 'old-ip')?.score).toBeGreaterThan(70);
  });

  it('keeps analyst overrides through feed updates and suppresses known-benign values', () => {
    const index = new IndicatorIndex({
      knownBenign: [{ type: 'domain-name', value: 'cdn.example', reason: 'our CDN' }],
    });
    index.add([
      indicator({ id: 'resolver', type: 'ipv4-addr', value: '8.8.8.8' }),
      indicator({ id: 'cdn', type: 'domain-name', value: 'assets.cdn.example' }),
      indicator({ id: 'fp', type: 'ipv4-addr', value: '192.0.2.10' }),
      indicator({ id: 'pinned', type: 'ipv4-addr', value: '192.0.2.11', confidence: 20 }),
    ]);
    index.setOverride({ type: 'ipv4-addr', value: '192.0.2.10' }, { kind: 'false-positive', reason: 'printer' });
    index.setOverride({ indicatorId: 'pinned' }, { kind: 'pinned-score', score: 95 });
    index.add([
      indicator({ id: 'fp', type: 'ipv4-addr', value: '192.0.2.10', confidence: 99 }),
      indicator({ id: 'fp-other-feed', type: 'ipv4-addr', value: '192.0.2.10' }),
    ]);
    expect(index.match(makeEvent({ destination: { ip: '8.8.8.8' } }))).toEqual([]);
    expect(index.match(makeEvent({ dns: { question: { name: 'assets.cdn.example' } } }))).toEqual([]);
    expect(index.match(makeEvent({ destination: { ip: '192.0.2.10' } }))).toEqual([]);
    expect(index.match(makeEvent({ destination: { ip: '192.0.2.11' } }))[0]?.score).toBe(95);
  });

  it('replaces an indicator whose value changed in a feed update', () => {
    const index = new IndicatorIndex();
    index.add([indicator({ id: 'moving', type: 'ipv4-addr', value: '192.0.2.20' })]);
    index.add([indicator({ id: 'moving', type: 'ipv4-addr', value: '192.0.2.21' })]);
    expect(index.match(makeEvent({ destination: { ip: '192.0.2.20' } }))).toEqual([]);
    expect(index.match(makeEvent({ destination: { ip: '192.0.2.21' } }))).toHaveLength(1);
    expect(index.size).toBe(1);
  });

  it('reports indicators it cannot index', () => {
    const index = new IndicatorIndex();
    const skipped = index.add([
      indicator({ id: 'bad-ip', type: 'ipv4-addr', value: 'not-an-ip' }),
      indicator({ id: 'yara', pattern: 'rule x { condition: true }', patternType: 'yara' }),
      indicator({ id: 'broken', pattern: '[ipv4-addr:value = ', patternType: 'stix' }),
    ]);
    expect(skipped.map((skip) => skip.indicatorId)).toEqual(['bad-ip', 'yara', 'broken']);
  });
});
