/**
 * Bytes of one network record in each direction, from the sensor's own fields: Zeek
 * `orig_bytes`/`resp_bytes`, Suricata `flow.bytes_toserver`/`bytes_toclient`, firewall
 * `bytes_out`/`bytes_in` or `sent_bytes`/`received_bytes`, ECS `source.bytes`/`destination.bytes`.
 * Undefined where the record does not say.
 */
import type { Event } from '../../core/index.js';

const outFields = ['orig_bytes', 'flow.bytes_toserver', 'bytes_out', 'sent_bytes', 'client.bytes', 'source.bytes'];
const inFields = [
  'resp_bytes',
  'flow.bytes_toclient',
  'bytes_in',
  'received_bytes',
  'server.bytes',
  'destination.bytes',
];

function firstNumber(fields: Record<string, unknown>, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = fields[name];
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    if (Number.isFinite(number) && number >= 0) return number;
  }
  return undefined;
}

export function bytesSent(event: Event): number | undefined {
  return firstNumber(event.fields, outFields);
}

export function bytesReceived(event: Event): number | undefined {
  return firstNumber(event.fields, inFields);
}
