/**
 * Ingest stage: raw text chunks → events, through the ingest module's format sniffing and
 * parsers (or events parsed at the edge, such as Splunk HEC, taken as they are). Events are stored (once: ids are content fingerprints) and published by host.
 * A chunk that is not valid as a message is logged and acknowledged, never retried forever.
 */
import type { Event } from '../../core/index.js';
import { readEvents } from '../../ingest/index.js';
import { hostKeyOf, type RecordChunk, recordMessageSchema, topics } from '../topics.js';
import type { Stage, StageContext } from './stage.js';

async function* textOf(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text, 'utf8');
}

/** Parses one chunk; events carry the chunk's source and absolute line numbers. */
export async function parseChunk(chunk: RecordChunk) {
  const events: Event[] = [];
  const rejected: { file: string; line?: number; reason: string }[] = [];
  const header = chunk.header ? (chunk.header.endsWith('\n') ? chunk.header : `${chunk.header}\n`) : '';
  const headerLines = header.split('\n').length - 1;
  const offset = chunk.firstLine - 1 - headerLines;
  const options = chunk.format ? { format: chunk.format } : {};
  for await (const batch of readEvents(['-'], options, { stdin: textOf(header + chunk.text) })) {
    for (const event of batch.events) {
      if ((event.origin.line ?? 1) <= headerLines) continue;
      events.push({
        ...event,
        origin: { ...event.origin, file: chunk.source, line: (event.origin.line ?? 1) + offset },
      });
    }
    for (const rejection of batch.rejected)
      rejected.push({
        file: chunk.source,
        ...(rejection.line !== undefined ? { line: rejection.line + offset } : {}),
        reason: rejection.reason,
      });
  }
  return { events, rejected };
}

export function createIngestStage(context: StageContext): Stage {
  return {
    name: 'ingest',
    topic: topics.records,
    group: 'ingest',
    handler: {
      async handle(_partition, deliveries) {
        const events: Event[] = [];
        for (const delivery of deliveries) {
          const message = recordMessageSchema.safeParse(delivery.payload);
          if (!message.success) {
            context.log(`ingest: refused message ${delivery.id}: ${message.error.issues[0]?.message ?? 'invalid'}`);
            await context.store.recordRejections([{ file: `bus:${delivery.topic}`, reason: 'invalid record chunk' }]);
            continue;
          }
          const parsed = 'type' in message.data ? message.data : await parseChunk(message.data);
          events.push(...parsed.events);
          // Rejections have no id: written on first delivery only, so a redelivery does not repeat them.
          if (parsed.rejected.length > 0 && delivery.attempt === 1)
            await context.store.recordRejections(parsed.rejected);
        }
        if (events.length === 0) return;
        await context.store.insertEvents(events);
        await context.bus.publish(
          topics.events,
          events.map((event) => ({ key: hostKeyOf(event), payload: event })),
        );
      },
    },
  };
}
