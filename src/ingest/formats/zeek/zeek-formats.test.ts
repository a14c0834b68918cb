import { describe, expect, it } from 'vitest';
import { collectAll } from '../../collect-all.js';

const fixture = (name: string) => new URL(`../../__fixtures__/zeek/${name}`, import.meta.url).pathname;

describe('zeek', () => {
  it('reads concatenated TSV logs with their own headers, unset, empty, sets and escapes', async () => {
    const path = fixture('concatenated.log');
    const { events, rejected } = await collectAll([path]);
    expect(rejected).toEqual([{ file: path, line: 20, reason: 'expected 12 Zeek fields, found 1' }]);
    expect(events.map((event) => event.origin.dataset)).toEqual(['conn', 'conn', 'dns']);
    const [first, second, dns] = events;
    expect(first?.fields).toMatchObject({
      'id.orig_h': '10.0.0.5',
      'id.resp_p': 443,
      tunnel_parents: [],
      orig_bytes: 1200,
    });
    expect(first?.timestamp).toBe('2024-03-02T10:00:00.123Z');
    expect(first?.network).toMatchObject({ transport: 'tcp', protocol: 'ssl', bytes: 6600 });
    expect(second?.fields).not.toHaveProperty('orig_bytes');
    expect(second?.fields.tunnel_parents).toEqual(['Ca', 'Cb']);
    expect(dns?.fields.answers).toEqual(['203.0.113.7', 'evil,name.example']);
    expect(dns?.dns).toEqual({
      question: { name: 'evil-c2.example.com', type: 'A' },
      // the escaped comma is read back (fields above), but a name with a comma is no A answer: dropped at the edge
      answers: ['203.0.113.7'],
      responseCode: 'NOERROR',
    });
    expect(dns?.problems).toEqual([
      { field: 'dns.answers[1]', reason: '"evil,name.example" is not an address or host name (an answer to A)' },
    ]);
    expect(dns?.observables).toContainEqual({
      type: 'domain-name',
      value: 'evil-c2.example.com',
      field: 'dns.question.name',
    });
  });

  it('reads Zeek JSON, taking the log path from the file name', async () => {
    const { events, rejected } = await collectAll([fixture('http.log')]);
    expect(rejected).toEqual([]);
    expect(events.map((event) => event.origin.format)).toEqual(['zeek-json', 'zeek-json']);
    expect(events[0]?.origin.dataset).toBe('http');
    expect(events[0]?.url).toEqual({
      full: 'http://198.51.100.9/payload.bin',
      domain: '198.51.100.9',
      path: '/payload.bin',
    });
    expect(events[0]?.http).toEqual({ method: 'GET', statusCode: 200, userAgent: 'curl/8.0' });
    expect(events[1]?.timestamp).toBe('2024-03-02T10:00:04.000Z');
  });
});
