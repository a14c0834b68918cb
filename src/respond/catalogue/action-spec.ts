/**
 * The contract of one action type, as data: what it takes (zod), which targets it accepts,
 * how risky it is, how it is undone, how far it reaches, and how long and how often it may run.
 */
import type { z } from 'zod';
import type { ActionType, Reversal, Risk, TargetKind } from '../../core/index.js';

export type { Reversal, TargetKind };

/** How far an action reaches when it runs: one object, a whole host, a network path, or the organisation. */
export type BlastRadius = 'object' | 'host' | 'network' | 'organisation';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles (× `factor`) after each failure. */
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export interface ActionSpec {
  type: ActionType;
  description: string;
  parameters: z.ZodType<Record<string, unknown>>;
  targetKinds: readonly TargetKind[];
  risk: Risk;
  reversal: Reversal;
  blastRadius: BlastRadius;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Whether running it twice has the same effect as once (safe to re-run after a crash mid-step). */
  idempotent: boolean;
}

export const isReversible = (spec: ActionSpec): boolean => spec.reversal.kind !== 'none';
