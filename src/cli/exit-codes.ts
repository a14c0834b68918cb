/**
 * The one place where error codes become process exit codes.
 * 0: success; 1: the work ran but found a findings-level failure; 2: bad usage or unreadable input.
 */
import type { ErrorCode } from '../core/index.js';

export const exitCodes = { ok: 0, findings: 1, usage: 2, internal: 3 } as const;

const byErrorCode: Record<ErrorCode, number> = {
  usage: exitCodes.usage,
  'input-unreadable': exitCodes.usage,
  'input-invalid': exitCodes.usage,
  'validation-failed': exitCodes.findings,
  'not-found': exitCodes.usage,
  conflict: exitCodes.findings,
  'run-lease-held': exitCodes.findings,
  'run-lease-lost': exitCodes.findings,
  'run-transition-invalid': exitCodes.findings,
  forbidden: exitCodes.findings,
  'configuration-missing': exitCodes.usage,
  'external-service-failed': exitCodes.findings,
  unsupported: exitCodes.usage,
  internal: exitCodes.internal,
};

export function exitCodeFor(code: ErrorCode): number {
  return byErrorCode[code];
}
