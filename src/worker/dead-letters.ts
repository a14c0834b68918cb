/**
 * The dead-letter store: records of a stage's topic that could not be handled go to
 * `<topic>.dead` on the bus (kept within the bus's retention), either from poison isolation
 * (with the error) or from the bus once a record ran out of attempts. This lists them, for
 * `vigil worker --dead-letters` and for tests, without consuming them.
 */
import { deadLetterTopic, type EventBus } from '../bus/index.js';
import type { DeadLetter } from './poison-isolation.js';
import { topics } from './topics.js';

/** A dead letter as listed: where it sits on the bus, and what it was and why it failed. */
export interface ListedDeadLetter extends DeadLetter {
  /** Position in the dead-letter topic. */
  id: string;
  partition: number;
}

function isDeadLetter(value: unknown): value is DeadLetter {
  const letter = value as Partial<DeadLetter> | null;
  return typeof letter?.topic === 'string' && typeof letter.error === 'string' && 'payload' in letter;
}

/** Up to `limit` dead letters of every stage topic (default), or of the topics named. */
export async function listDeadLetters(
  bus: EventBus,
  limit = 1000,
  stageTopics: readonly string[] = Object.values(topics),
): Promise<ListedDeadLetter[]> {
  const listed: ListedDeadLetter[] = [];
  for (const topic of stageTopics) {
    if (listed.length >= limit) break;
    for (const delivery of await bus.read(deadLetterTopic(topic), limit - listed.length)) {
      const letter: DeadLetter = isDeadLetter(delivery.payload)
        ? delivery.payload
        : // Dead-lettered by the bus itself after its attempts ran out: the payload is the record.
          { topic, deliveryId: '', attempt: 0, error: 'attempts exhausted on the bus', payload: delivery.payload };
      listed.push({ ...letter, id: delivery.id, partition: delivery.partition });
    }
  }
  return listed;
}
