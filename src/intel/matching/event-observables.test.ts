import { describe, expect, it } from 'vitest';
import { makeEvent } from '../__fixtures__/make-event.js';
import { extractEventObservables } from './event-observables.js';

const addresses = (event: Parameters<typeof extractEventObservables>[0]) =>
  extractEventObservables(event).filter((observable) => observable.type.endsWith('-addr'));

describe('extractEventObservables', () => {
  it('types addresses with the core classifier, not by the presence of a colon', () => {
    expect(
      addresses(
        makeEvent({
          source: { ip: '2001:db8::7' },
          destination: { ip: '203.0.113.7' },
          dns: { question: { name: 'evil.example' }, answers: ['198.51.100.1', '2001:db8::1', 'cdn.example', 'a:b'] },
        }),
      ),
    ).toEqual([
      { type: 'ipv6-addr', value: '2001:db8::7', field: 'source.ip' },
      { type: 'ipv4-addr', value: '203.0.113.7', field: 'destination.ip' },
      { type: 'ipv4-addr', value: '198.51.100.1', field: 'dns.answers' },
      { type: 'ipv6-addr', value: '2001:db8::1', field: 'dns.answers' },
    ]);
  });

  it('gives no address for a value that is not one (a host:port, a drive path)', () => {
    expect(addresses(makeEvent({ source: { ip: 'host:443' }, destination: { ip: 'C:\\x' } }))).toEqual([]);
  });
});
