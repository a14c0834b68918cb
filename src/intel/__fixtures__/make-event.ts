import { type Event, type EventInput, eventSchema } from '../../core/index.js';

/** A minimal valid event for tests, with the given fields merged in. */
export function makeEvent(fields: Partial<EventInput> = {}): Event {
  return eventSchema.parse({
    id: fields.id ?? 'event-1',
    timestamp: '2024-05-01T12:00:00Z',
    origin: { format: 'json-lines' },
    fields: {},
    raw: '{}',
    ...fields,
  });
}
