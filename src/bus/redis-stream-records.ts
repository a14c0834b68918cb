/** Encoding of bus records as Redis stream entries, and the keys a topic uses. */
import type { Delivery } from './event-bus.js';

/** Raw entries as Redis returns them: `[id, [field, value, …]]`. */
export type RawEntry = [string, string[]];

export interface RedisKeys {
  stream(topic: string, partition: number): string;
  lease(topic: string, group: string, partition: number): string;
  members(topic: string, group: string): string;
}

export function redisKeys(prefix: string): RedisKeys {
  return {
    stream: (topic, partition) => `${prefix}:stream:${topic}:${partition}`,
    lease: (topic, group, partition) => `${prefix}:lease:${topic}:${group}:${partition}`,
    members: (topic, group) => `${prefix}:members:${topic}:${group}`,
  };
}

/** Fields of one entry: the key and the JSON payload. */
export function entryFields(key: string, payload: unknown): string[] {
  return ['k', key, 'p', JSON.stringify(payload)];
}

export function toDelivery(topic: string, partition: number, entry: RawEntry, attempt: number): Delivery {
  const [id, fields] = entry;
  let key = '';
  let payload: unknown = null;
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'k') key = fields[index + 1]!;
    else if (fields[index] === 'p') payload = JSON.parse(fields[index + 1]!);
  }
  return { id, topic, partition, key, payload, attempt };
}

/** Lua: extend a lease only while this consumer still holds it. */
export const renewLeaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Lua: drop a lease only if this consumer holds it. */
export const releaseLeaseScript = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The reply of XREADGROUP as `[stream, entries]` pairs, whether the server sent a list of pairs
 * (RESP2) or a map that the client flattened to `stream, entries, stream, entries` (RESP3).
 */
export function streamReplies(reply: unknown[] | null): [string, RawEntry[]][] {
  if (!reply || reply.length === 0) return [];
  if (typeof reply[0] === 'string') {
    const pairs: [string, RawEntry[]][] = [];
    for (let index = 0; index + 1 < reply.length; index += 2)
      pairs.push([reply[index] as string, reply[index + 1] as RawEntry[]]);
    return pairs;
  }
  return reply as [string, RawEntry[]][];
}
