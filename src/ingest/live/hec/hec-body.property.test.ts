import { fc, it as property } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { EventQueue } from '../event-queue.js';
import { parseHecEventBody } from './hec-body.js';
import { createHecHandler } from './hec-handler.js';

const envelope = fc.record(
  {
    event: fc.oneof(
      fc.string({ minLength: 1, maxLength: 60 }),
      fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })),
    ),
    time: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constant('1709373602.5')),
    host: fc.string({ maxLength: 10 }),
    sourcetype: fc.constantFrom('syslog', '_json', 'WinEventLog:Security', 'suricata', 'unknown:thing'),
  },
  { requiredKeys: ['event'] },
);

describe('HEC body parsing', () => {
  property.prop([fc.array(envelope, { maxLength: 15 }), fc.constantFrom('', '\n', ' ', '\r\n\t')])(
    'gives back every envelope of a concatenated body, whatever the whitespace between them',
    (envelopes, separator) => {
      const body = Buffer.from(envelopes.map((item) => JSON.stringify(item)).join(separator));
      const items = parseHecEventBody(body, 1 << 20);
      const valid = envelopes
        .filter((item) => item.event !== '')
        .map((item) => JSON.parse(JSON.stringify(item)) as unknown);
      expect(
        items.filter((item) => item.type === 'event').map((item) => item.type === 'event' && item.envelope),
      ).toEqual(valid);
    },
  );

  property.prop([fc.uint8Array({ maxLength: 2000 }), fc.integer({ min: 1, max: 300 })])(
    'arbitrary bytes never throw and never hang the body parser',
    (bytes, limit) => {
      for (const item of parseHecEventBody(Buffer.from(bytes), limit)) {
        if (item.type === 'event') expect(Buffer.byteLength(item.text)).toBeLessThanOrEqual(limit);
      }
    },
  );

  property.prop([
    fc.oneof(fc.string({ maxLength: 400 }), fc.json({ maxDepth: 3 })),
    fc.constantFrom('/services/collector', '/services/collector/raw'),
  ])('the handler answers any body with an HEC reply, never an exception', async (body, url) => {
    const queue = new EventQueue();
    const handler = createHecHandler({ queue, tokens: ['t'] });
    const reply = await handler({ method: 'POST', url, headers: { authorization: 'Splunk t' }, body });
    expect(typeof (JSON.parse(reply.body) as { code: unknown }).code).toBe('number');
  });
});
