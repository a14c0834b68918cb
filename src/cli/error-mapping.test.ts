/** Every error code has its HTTP status and its exit code, each in its one mapping place; the orchestrator's conflicts are 409 and exit 1. */
import { expect, it } from 'vitest';
import { httpStatusByErrorCode } from '../api/index.js';
import { errorCodes, RunLeaseHeldError, RunLeaseLostError, RunTransitionError } from '../core/index.js';
import { exitCodeFor, exitCodes } from './exit-codes.js';

it('maps every error code to an HTTP status and an exit code', () => {
  for (const code of errorCodes) {
    expect(httpStatusByErrorCode[code], code).toBeGreaterThanOrEqual(400);
    expect(Object.values(exitCodes), code).toContain(exitCodeFor(code));
  }
  for (const error of [
    new RunLeaseHeldError('run-1', 'host:1:abc', '2026-05-01T10:00:00.000Z'),
    new RunLeaseLostError('run-1', 'host:2:def'),
    new RunTransitionError('run run-1 is succeeded; there is nothing left to cancel'),
  ]) {
    expect(httpStatusByErrorCode[error.code], error.code).toBe(409);
    expect(exitCodeFor(error.code), error.code).toBe(exitCodes.findings);
  }
  expect(new RunLeaseHeldError('run-1', 'h', 't').retryable).toBe(true);
  expect(new RunLeaseLostError('run-1', 'h').retryable).toBe(false);
});
