/**
 * Keeps one poison record from blocking its partition. When a batch fails, its records are
 * handled one at a time, so the good ones around a bad one are stored; a record that fails on
 * its own with an error that retrying cannot cure (a stack overflow, a type error, invalid input)
 * goes to `<topic>.dead` with the error, is logged and acknowledged, after `maxPoisonAttempts`
 * deliveries. Errors that may be transient (a store or bus outage, a retryable VigilError) are
 * thrown on, and the bus backs off and delivers again as before.
 */
import { type Delivery, deadLetterTopic, type EventBus, type PartitionHandler } from '../bus/index.js';
import { VigilError } from '../core/index.js';

export interface PoisonIsolationOptions {
  bus: EventBus;
  topic: string;
  log: (line: string) => void;
  /** Deliveries of a poison record before it is dead-lettered. Default 2. */
  maxPoisonAttempts?: number;
}

/** A dead-lettered record: what it was and why it could not be handled. */
export interface DeadLetter {
  topic: string;
  deliveryId: string;
  attempt: number;
  error: string;
  payload: unknown;
}

/**
 * True for failures that come from the record itself, which no retry can cure: invalid input, and
 * a usage error (a chunk naming a format this worker does not know, say from a newer publisher).
 */
export function isPoisonError(error: unknown): boolean {
  if (VigilError.isInstance(error))
    return !error.retryable && ['input-invalid', 'validation-failed', 'unsupported', 'usage'].includes(error.code);
  return error instanceof RangeError || error instanceof TypeError || error instanceof SyntaxError;
}

export function isolatePoison(handler: PartitionHandler, options: PoisonIsolationOptions): PartitionHandler {
  const maxPoisonAttempts = options.maxPoisonAttempts ?? 2;
  const deadLetter = async (delivery: Delivery, error: unknown) => {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const letter: DeadLetter = {
      topic: delivery.topic,
      deliveryId: delivery.id,
      attempt: delivery.attempt,
      error: reason.slice(0, 500),
      payload: delivery.payload,
    };
    await options.bus.publish(deadLetterTopic(options.topic), [{ key: delivery.key, payload: letter }]);
    options.log(
      `${options.topic}: record ${delivery.id} of partition ${delivery.partition} dead-lettered after ${delivery.attempt} attempt(s): ${letter.error}`,
    );
  };
  return {
    ...handler,
    async handle(partition, deliveries) {
      try {
        await handler.handle(partition, deliveries);
        return;
      } catch (error) {
        if (!isPoisonError(error) && deliveries.length === 1) throw error;
        if (deliveries.length === 1) {
          if (deliveries[0]!.attempt >= maxPoisonAttempts) return deadLetter(deliveries[0]!, error);
          throw error;
        }
      }
      // The batch failed: handle its records one at a time (stages are idempotent by record ids).
      let failed: unknown;
      for (const delivery of deliveries) {
        try {
          await handler.handle(partition, [delivery]);
        } catch (error) {
          if (!isPoisonError(error)) throw error;
          if (delivery.attempt >= maxPoisonAttempts) await deadLetter(delivery, error);
          else failed ??= error;
        }
      }
      if (failed !== undefined) throw failed;
    },
  };
}
