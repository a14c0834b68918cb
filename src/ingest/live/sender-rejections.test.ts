import { describe, expect, it } from 'vitest';
import type { Rejection } from '../types.js';
import { SenderRejections } from './sender-rejections.js';

const rejection = (line: number): Rejection => ({
  file: 'udp datagram from x',
  line,
  reason: 'invalid UTF-8 in record',
});

describe('SenderRejections', () => {
  it('lists the first rejections of each sender one by one and counts the rest in one row per window', () => {
    const senders = new SenderRejections('syslog+udp://0.0.0.0:514', { maxPerSender: 2 });
    const listed = [1, 2, 3, 4, 5].flatMap((line) => senders.admit('192.0.2.1', [rejection(line)]));
    expect(listed.map((row) => row.line)).toEqual([1, 2]);
    expect(senders.admit('192.0.2.2', [rejection(6)])).toHaveLength(1);
    expect(senders.flush()).toEqual([
      {
        file: 'syslog+udp://0.0.0.0:514 datagrams from 192.0.2.1',
        line: 3,
        reason: '3 more invalid records (positions 3–5) not listed one by one',
      },
    ]);
    // A new window lists again.
    expect(senders.admit('192.0.2.1', [rejection(7)])).toHaveLength(1);
    expect(senders.flush()).toEqual([]);
  });

  it('keeps bounded state for a million distinct senders: past the limit they share one count', () => {
    const senders = new SenderRejections('udp', { maxPerSender: 1, maxSenders: 1000 });
    let listed = 0;
    for (let index = 0; index < 1_000_000; index += 1)
      listed += senders.admit(`10.${index >> 16}.${(index >> 8) & 255}.${index & 255}`, [rejection(index)]).length;
    // 1,000 senders listed one each, then one shared counter that lists its first and counts the rest.
    expect(listed).toBe(1001);
    const rows = senders.flush();
    expect(rows).toEqual([
      {
        file: 'udp datagrams from (further senders)',
        line: 1001,
        reason: '998999 more invalid records (positions 1001–999999) not listed one by one',
      },
    ]);
  });
});
