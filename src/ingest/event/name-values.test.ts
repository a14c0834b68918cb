import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Event } from '../../core/index.js';
import { readEvents } from '../read-events.js';
import { buildEvent, type EventBuilderState } from './build-event.js';
import { answerProblem, hostProblem, isHostName } from './name-values.js';

const state = (): EventBuilderState => ({
  logFormat: 'zeek-json',
  fileName: 'dns.log',
  fingerprinter: { idFor: (_raw, line) => `event-${line}` },
  fallbackTimestamp: '2026-01-01T00:00:00.000Z',
});
const folder = mkdtempSync(join(tmpdir(), 'vigil-names-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('name and address edge validation', () => {
  it('keeps valid host.ip entries and names each invalid one by index', () => {
    const event = buildEvent(
      { host: { name: 'ws-01', ip: ['10.0.0.5', 'not-an-ip', '2001:db8::1', '999.1.1.1', ''] }, fields: {} },
      { text: 'raw', line: 3 },
      state(),
    );
    expect(event.host).toEqual({ name: 'ws-01', ip: ['10.0.0.5', '2001:db8::1'] });
    expect(event.problems?.map((problem) => problem.field)).toEqual(['host.ip[1]', 'host.ip[3]']);
    expect(event.problems?.[0]?.reason).toBe('"not-an-ip" is not an IP address');
    const empty = buildEvent({ host: { ip: ['x'] }, fields: {} }, { text: 'raw', line: 1 }, state());
    expect(empty.host).toBeUndefined();
  });

  it('keeps addresses, names and TXT text in DNS answers; drops control characters and names for A/AAAA', () => {
    const event = buildEvent(
      {
        dns: {
          question: { name: 'x.example.com', type: 'A' },
          answers: ['192.0.2.7', 'cdn.example.net.', 'v=spf1 -all', 'evil\u001b[2J.com'],
        },
        fields: {},
      },
      { text: 'raw', line: 1 },
      state(),
    );
    expect(event.dns?.answers).toEqual(['192.0.2.7', 'cdn.example.net.']);
    expect(event.problems?.map((problem) => problem.field)).toEqual(['dns.answers[2]', 'dns.answers[3]']);
    expect(answerProblem('v=spf1 -all', 'TXT')).toBeUndefined();
    expect(answerProblem('TXT 12 hello world', undefined)).toBeUndefined();
    expect(answerProblem('a\u0000b', 'TXT')).toMatch(/control character \(U\+0000\)/);
    expect(answerProblem('a\u009bb', 'TXT')).toMatch(/U\+009B/);
    expect(answerProblem('x'.repeat(5000), 'TXT')).toMatch(/longer than 4096/);
  });

  it('keeps a URL domain that is a host or address with a port, and drops anything else', () => {
    for (const good of [
      'example.com',
      'intranet',
      'example.com:8080',
      '10.0.0.1',
      '10.0.0.1:443',
      '[2001:db8::1]:8443',
      '::1',
    ])
      expect(hostProblem(good), good).toBeUndefined();
    for (const bad of [
      'evil.com;rm -rf',
      'a b.com',
      'example.com:99999',
      'example.com:',
      '[::1]x',
      '[zz]',
      '',
      '-bad-.com',
    ])
      expect(hostProblem(bad), bad).toBeDefined();
    const event = buildEvent(
      { url: { domain: 'evil.com/../x', path: '/a', full: 'http://evil.com/../x/a' }, fields: {} },
      { text: 'raw', line: 1 },
      state(),
    );
    expect(event.url).toEqual({ path: '/a', full: 'http://evil.com/../x/a' });
    expect(event.problems).toEqual([{ field: 'url.domain', reason: '"evil.com/../x" is not a host name or address' }]);
  });

  it('never keeps a value outside its syntax, never throws, keeps raw (property, 2,000 inputs)', () => {
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.ipV4(),
      fc.ipV6(),
      fc.domain(),
      fc.constantFrom('-', '', '.'),
    );
    let tried = 0;
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 4 }),
        value,
        fc.constantFrom('A', 'TXT', undefined),
        (ips, name, type) => {
          tried++;
          const event: Event = buildEvent(
            {
              host: { ip: ips },
              dns: { question: { name: 'q.example', type }, answers: [name, ...ips] },
              url: { domain: name },
              fields: {},
            },
            { text: 'raw text', line: 1 },
            state(),
          );
          expect(event.raw).toBe('raw text');
          for (const ip of event.host?.ip ?? []) expect(ips).toContain(ip);
          for (const answer of event.dns?.answers ?? []) expect(answerProblem(answer, type)).toBeUndefined();
          if (event.url?.domain !== undefined) expect(hostProblem(event.url.domain)).toBeUndefined();
          const blank = (values: string[]) => values.filter((item) => item === '' || item === '-').length;
          const answers = [name, ...ips];
          const dropped =
            ips.length -
            (event.host?.ip?.length ?? 0) -
            blank(ips) +
            (answers.length - (event.dns?.answers?.length ?? 0)) -
            blank(answers);
          const urlDropped = blank([name]) === 0 && event.url?.domain === undefined ? 1 : 0;
          expect(event.problems?.length ?? 0).toBe(dropped + urlDropped);
        },
      ),
      { numRuns: 2000 },
    );
    expect(tried).toBe(2000);
    expect(isHostName('a'.repeat(64))).toBe(false);
  });

  it('drops a hostile Host header and DNS answer read from real formats, keeping the events', async () => {
    const eve = join(folder, 'eve.json');
    writeFileSync(
      eve,
      `${[
        {
          timestamp: '2026-03-01T10:00:00.000000+0000',
          event_type: 'http',
          src_ip: '10.0.0.9',
          src_port: 51000,
          dest_ip: '203.0.113.5',
          dest_port: 80,
          proto: 'TCP',
          http: { hostname: 'evil.com\u001b]52;c;aGk=\u0007', url: '/x', http_method: 'GET', status: 200 },
        },
        {
          timestamp: '2026-03-01T10:00:01.000000+0000',
          event_type: 'http',
          src_ip: '10.0.0.9',
          src_port: 51001,
          dest_ip: '203.0.113.5',
          dest_port: 80,
          proto: 'TCP',
          http: { hostname: 'good.example.com', url: '/y', http_method: 'GET', status: 200 },
        },
      ]
        .map((record) => JSON.stringify(record))
        .join('\n')}\n`,
    );
    const events: Event[] = [];
    for await (const batch of readEvents([eve])) events.push(...batch.events);
    expect(events).toHaveLength(2);
    expect(events[0]?.url?.domain).toBeUndefined();
    expect(events[0]?.url?.path).toBe('/x');
    expect(events[0]?.problems?.map((problem) => problem.field)).toContain('url.domain');
    expect(events[1]?.url?.domain).toBe('good.example.com');
    expect(events[1]?.problems).toBeUndefined();
  });
});
