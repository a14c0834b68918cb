/** The orchestrator's typed conflicts: callers branch on these codes, never on a message. */
import { VigilError, type VigilErrorOptions } from './errors.js';

/** Another orchestrator is carrying the run out (its lease is live): retryable, later. */
export class RunLeaseHeldError extends VigilError {
  constructor(
    readonly runId: string,
    readonly holder: string,
    readonly expiresAt: string,
  ) {
    super('run-lease-held', `run ${runId} is being carried out by ${holder} (lease until ${expiresAt})`, {
      location: { objectId: runId },
      retryable: true,
    });
    this.name = 'RunLeaseHeldError';
  }
}

/** This orchestrator's lease lapsed or another took it over: the write was refused, nothing was changed. */
export class RunLeaseLostError extends VigilError {
  constructor(
    readonly runId: string,
    readonly owner: string,
  ) {
    super('run-lease-lost', `run ${runId}: ${owner} no longer holds its lease; the write was refused`, {
      location: { objectId: runId },
    });
    this.name = 'RunLeaseLostError';
  }
}

/** A status move the transition table does not list. */
export class RunTransitionError extends VigilError {
  constructor(message: string, options: VigilErrorOptions = {}) {
    super('run-transition-invalid', message, options);
    this.name = 'RunTransitionError';
  }
}
