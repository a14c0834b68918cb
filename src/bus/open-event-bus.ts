import { UsageError } from '../core/index.js';
import type { EventBus } from './event-bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisStreamBus } from './redis-stream-bus.js';

export interface OpenBusOptions {
  /** Partitions per topic; every process of a deployment must use the same number. Default 8. */
  partitions?: number;
  /** Redis key prefix (one deployment per prefix). Default `vigil`. */
  prefix?: string;
  maxBuffered?: number;
  leaseMs?: number;
  heartbeatMs?: number;
}

/**
 * Opens the bus named by `location`: `memory` (in-process, the default) or a Redis URL
 * (`redis://host:port/db`, `rediss://` for TLS). Read once at the CLI edge and passed down.
 */
export function openEventBus(location: string, options: OpenBusOptions = {}): EventBus {
  if (location === 'memory' || location === '') {
    return new MemoryBus({ ...(options.partitions ? { partitions: options.partitions } : {}) });
  }
  if (/^rediss?:\/\//.test(location)) {
    return new RedisStreamBus({
      url: location,
      ...(options.partitions ? { partitions: options.partitions } : {}),
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(options.maxBuffered ? { maxBuffered: options.maxBuffered } : {}),
      ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
    });
  }
  throw new UsageError(`unknown bus "${location}": use memory or redis://host:port`);
}
