import { fc, it as property } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { FramedItem } from '../framing/framed-item.js';
import { SyslogStreamFramer } from './syslog-stream-framer.js';

function cut(bytes: Buffer, points: number[]): Buffer[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let start = 0;
  for (const point of sorted) {
    parts.push(bytes.subarray(start, point));
    start = point;
  }
  parts.push(bytes.subarray(start));
  return parts;
}

function run(framer: SyslogStreamFramer, parts: Buffer[]): FramedItem[] {
  return [...parts.flatMap((part) => framer.push(part)), ...framer.end()];
}

const texts = (items: FramedItem[]) => items.flatMap((item) => (item.type === 'record' ? [item.record.text] : []));

/** A syslog message body: printable text, no NUL; starts with `<` like every PRI. */
const message = fc
  .string({ minLength: 1, maxLength: 80 })
  .map((text) => `<13>${text.replace(/[\u0000\r\n]/g, ' ')}`)
  .filter((text) => text.trim() === text);
/** Octet-counted messages may carry newlines inside. */
const multiLineMessage = fc.array(message, { minLength: 1, maxLength: 3 }).map((lines) => lines.join('\n'));

describe('SyslogStreamFramer (RFC 6587)', () => {
  it('reads octet-counted frames, newline frames and NUL trailers on one connection', () => {
    const body = '<34>1 2024-01-01T00:00:00Z host app - - - two\nlines';
    const stream = `${Buffer.byteLength(body)} ${body}<13>Jun 14 15:16:01 host sshd[1]: plain\r\n<13>nul trailer\u0000`;
    expect(texts(run(new SyslogStreamFramer(1024), [Buffer.from(stream)]))).toEqual([
      body,
      '<13>Jun 14 15:16:01 host sshd[1]: plain',
      '<13>nul trailer',
    ]);
  });

  it('drops a message longer than the limit, reports it once, and goes on', () => {
    const long = 'x'.repeat(100);
    const items = run(new SyslogStreamFramer(50), [Buffer.from(`100 ${long}<13>after\n<13>${long}\n<13>last\n`)]);
    expect(texts(items)).toEqual(['<13>after', '<13>last']);
    expect(items.filter((item) => item.type === 'reject').map((item) => item.type === 'reject' && item.line)).toEqual([
      1, 3,
    ]);
  });

  it('treats digits without a following space as the start of a newline-framed message', () => {
    expect(texts(run(new SyslogStreamFramer(1024), [Buffer.from('123abc\n2 ok')]))).toEqual(['123abc', 'ok']);
    expect(run(new SyslogStreamFramer(1024), [Buffer.from('5 ab')]).at(-1)).toMatchObject({ type: 'reject' });
  });

  property.prop([
    fc.array(fc.tuple(fc.oneof(message, multiLineMessage), fc.boolean()), { maxLength: 20 }),
    fc.array(fc.nat(), { maxLength: 12 }),
  ])('gives back every message, whatever the framing mix and however the bytes are chunked', (messages, points) => {
    const stream = messages
      .map(([text, counted]) => (counted || text.includes('\n') ? `${Buffer.byteLength(text)} ${text}` : `${text}\n`))
      .join('');
    const items = run(new SyslogStreamFramer(1 << 16), cut(Buffer.from(stream), points));
    expect(texts(items)).toEqual(messages.map(([text]) => text));
  });

  property.prop([
    fc.uint8Array({ maxLength: 3000 }),
    fc.array(fc.nat(), { maxLength: 8 }),
    fc.integer({ min: 1, max: 200 }),
  ])('arbitrary bytes never throw, never hang, and no record exceeds the limit', (array, points, limit) => {
    const items = run(new SyslogStreamFramer(limit), cut(Buffer.from(array), points));
    for (const item of items)
      if (item.type === 'record') expect(Buffer.byteLength(item.record.text)).toBeLessThanOrEqual(limit);
  });
});
