import { describe, expect, it } from 'vitest';
import { makeEvent } from '../__fixtures__/make-event.js';
import { evaluatePattern } from './evaluate-pattern.js';

const at = (id: string, time: string, fields: Parameters<typeof makeEvent>[0]) =>
  makeEvent({ id, timestamp: time, ...fields });

describe('evaluatePattern', () => {
  const login = at('login', '2024-05-01T10:00:00Z', { user: { name: 'alice' }, source: { ip: '203.0.113.5' } });
  const download = at('download', '2024-05-01T10:00:30Z', { url: { full: 'http://bad.example/x.exe' } });
  const beacon = at('beacon', '2024-05-01T10:05:00Z', {
    destination: { ip: '198.51.100.9', port: 443 },
    network: { transport: 'tcp' },
  });

  it('evaluates single observations against the STIX objects of an event', () => {
    expect(
      evaluatePattern("[network-traffic:dst_ref.value = '198.51.100.9' AND network-traffic:dst_port = 443]", [beacon])
        .matched,
    ).toBe(true);
    expect(evaluatePattern('[network-traffic:dst_port > 1000]', [beacon]).matched).toBe(false);
    expect(evaluatePattern("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", [beacon]).matched).toBe(true);
    expect(evaluatePattern("[url:value LIKE 'http://bad.example/%.exe']", [download]).matched).toBe(true);
    expect(evaluatePattern("[user-account:account_login NOT = 'bob']", [login]).matched).toBe(true);
    expect(evaluatePattern("[network-traffic:protocols[*] = 'tcp']", [beacon]).matched).toBe(true);
    expect(evaluatePattern('[EXISTS url:value]', [login]).matched).toBe(false);
  });

  it('requires AND-ed observations to be different events, and FOLLOWEDBY to keep time order', () => {
    const events = [beacon, download, login];
    const sequence = evaluatePattern(
      "[user-account:account_login = 'alice'] FOLLOWEDBY [url:value MATCHES 'x\\\\.exe$']",
      events,
    );
    expect(sequence.matched).toBe(true);
    expect(sequence.bindings[0]?.map((event) => event.id)).toEqual(['login', 'download']);
    expect(
      evaluatePattern("[url:value MATCHES 'x\\\\.exe$'] FOLLOWEDBY [user-account:account_login = 'alice']", events)
        .matched,
    ).toBe(false);
    expect(
      evaluatePattern("[user-account:account_login = 'alice'] AND [user-account:account_login = 'alice']", events)
        .matched,
    ).toBe(false);
  });

  it('applies WITHIN, REPEATS and START/STOP qualifiers', () => {
    const events = [login, download, beacon];
    expect(
      evaluatePattern(
        "([user-account:account_login = 'alice'] AND [url:value = 'http://bad.example/x.exe']) WITHIN 60 SECONDS",
        events,
      ).matched,
    ).toBe(true);
    expect(
      evaluatePattern(
        "([user-account:account_login = 'alice'] AND [ipv4-addr:value = '198.51.100.9']) WITHIN 60 SECONDS",
        events,
      ).matched,
    ).toBe(false);
    const failures = ['1', '2', '3'].map((second) =>
      at(`f${second}`, `2024-05-01T10:00:0${second}Z`, { user: { name: 'root' } }),
    );
    expect(evaluatePattern("[user-account:account_login = 'root'] REPEATS 3 TIMES", failures).matched).toBe(true);
    expect(evaluatePattern("[user-account:account_login = 'root'] REPEATS 4 TIMES", failures).matched).toBe(false);
    expect(
      evaluatePattern(
        "[url:value = 'http://bad.example/x.exe'] START t'2024-05-01T10:00:00Z' STOP t'2024-05-01T10:00:10Z'",
        events,
      ).matched,
    ).toBe(false);
  });
});
