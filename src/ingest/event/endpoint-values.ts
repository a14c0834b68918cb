/**
 * Edge validation of the normalised endpoint fields (`source`/`destination` ip and port): a value
 * that is not an IP address or not a port 0–65535 is dropped from the normalised field and named
 * in the event's `problems`; the event and every other field are kept, and the source's own value
 * stays in `fields` and `raw`. Log values are written by attackers, so nothing here repairs.
 */
import { addressType, type Event, portProblem } from '../../core/index.js';

type Endpoint = NonNullable<Event['source']>;
type Problem = NonNullable<Event['problems']>[number];

/** Values that mean "no value" in the formats we read: absent, not a problem. */
const noValue = new Set(['', '-']);

/** Why `value` is not an IP address (IPv4 dotted quad or IPv6, zone allowed), or undefined. */
export function ipProblem(value: unknown): string | undefined {
  if (typeof value === 'string' && addressType(value) !== undefined) return undefined;
  const shown =
    typeof value === 'string' ? JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value) : typeof value;
  return `${shown} is not an IP address`;
}

/**
 * The endpoint with its invalid ip/port removed (undefined when nothing is left), pushing one
 * problem per removed value onto `problems`. Returns the same object when every value is valid.
 */
export function checkedEndpoint(
  endpoint: Endpoint,
  name: 'source' | 'destination',
  problems: Problem[],
): Endpoint | undefined {
  const { ip, port } = endpoint;
  const badIp = ip !== undefined && (typeof ip !== 'string' || !noValue.has(ip.trim())) ? ipProblem(ip) : undefined;
  const dropIp = ip !== undefined && (badIp !== undefined || noValue.has(String(ip).trim()));
  const badPort = port !== undefined ? portProblem(port) : undefined;
  if (!dropIp && badPort === undefined) return endpoint;
  if (badIp !== undefined) problems.push({ field: `${name}.ip`, reason: badIp });
  if (badPort !== undefined) problems.push({ field: `${name}.port`, reason: badPort });
  const kept: Endpoint = { ...endpoint };
  if (dropIp) delete kept.ip;
  if (badPort !== undefined) delete kept.port;
  return Object.keys(kept).length > 0 ? kept : undefined;
}
