/** @module bus: the event stream between pipeline stages (in-process by default, Redis Streams when distributed). */
export type {
  BusHealth,
  BusRecord,
  Delivery,
  EventBus,
  PartitionHandler,
  SubscribeOptions,
  Subscription,
} from './event-bus.js';
export { MemoryBus, type MemoryBusOptions } from './memory-bus.js';
export { type OpenBusOptions, openEventBus } from './open-event-bus.js';
export { deadLetterTopic, partitionOf } from './partition-of.js';
export { RedisStreamBus, type RedisStreamBusOptions } from './redis-stream-bus.js';
