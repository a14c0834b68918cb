import type { Event } from '../core/index.js';
import { type ReadEnvironment, readEvents } from './read-events.js';
import type { ReadOptions, Rejection } from './types.js';

/** Reads everything into memory: for tests and small inputs only; callers that scale stream `readEvents`. */
export async function collectAll(
  inputs: string[],
  options: ReadOptions = {},
  environment: ReadEnvironment = {},
): Promise<{ events: Event[]; rejected: Rejection[] }> {
  const events: Event[] = [];
  const rejected: Rejection[] = [];
  for await (const batch of readEvents(inputs, options, environment)) {
    events.push(...batch.events);
    rejected.push(...batch.rejected);
  }
  return { events, rejected };
}
