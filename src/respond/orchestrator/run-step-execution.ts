/** One attempt of one step under a deadline, and the retry loop with exponential backoff around it. */
import { toVigilError, VigilError } from '../../core/index.js';
import type { RetryPolicy } from '../catalogue/action-spec.js';

export class StepTimeoutError extends VigilError {
  constructor(timeoutMs: number) {
    super('external-service-failed', `the step did not finish within ${timeoutMs} ms`, { retryable: true });
    this.name = 'StepTimeoutError';
  }
}

export class StepCancelledError extends VigilError {
  constructor() {
    super('conflict', 'the run was cancelled while the step ran');
    this.name = 'StepCancelledError';
  }
}

/** Runs `work` with an abort signal that fires at the deadline or when `cancelled` resolves true. */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  isCancelled?: () => Promise<boolean>,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let poller: NodeJS.Timeout | undefined;
  const stopped = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new StepTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    if (isCancelled) {
      poller = setInterval(() => {
        void isCancelled().then((cancelled) => {
          if (!cancelled) return;
          const error = new StepCancelledError();
          controller.abort(error);
          reject(error);
        });
      }, 200);
    }
  });
  try {
    return await Promise.race([work(controller.signal), stopped]);
  } finally {
    clearTimeout(timer);
    clearInterval(poller);
  }
}

/** Delay before attempt `attempt` (2 = first retry). */
export const backoffDelay = (retry: RetryPolicy, attempt: number): number =>
  Math.min(retry.maxDelayMs, retry.initialDelayMs * retry.factor ** Math.max(0, attempt - 2));

/** Whether an error is worth another attempt: transient service errors and timeouts, never bad input or cancellation. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof StepCancelledError) return false;
  const vigilError = toVigilError(error);
  return vigilError.retryable;
}
