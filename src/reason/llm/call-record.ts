/**
 * What the LLM reasoner records: one entry per model call (prompt hash, model, tokens,
 * latency, validity) and one per stage that fell back to the built-in reasoner, with why.
 * The pipeline writes them to the audit; the reasoner's artifacts name the fallback too.
 */
import type { StageName } from './prompts/stage-prompts.js';

export interface ModelCallRecord {
  kind: 'model-call';
  incidentId: string;
  stage: StageName;
  /** 1 for the first try, 2 for the repair. */
  attempt: number;
  provider: string;
  model: string;
  promptHash: string;
  promptVersions: string[];
  mode: string;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
  valid: boolean;
  finishReason: string;
  /** First validation issues when invalid. */
  issues: string[];
  /** Answered from the prompt-hash cache: no tokens spent. */
  cached: boolean;
  /** Set when the call itself failed (transport, context too small, budget). */
  error?: string;
}

export interface StageFallbackRecord {
  kind: 'stage-fallback';
  incidentId: string;
  stage: StageName;
  reason: string;
}

export interface InjectionRecord {
  kind: 'injection-attempt';
  incidentId: string;
  eventId: string;
  field: string;
  technique: string;
}

export type LlmRecord = ModelCallRecord | StageFallbackRecord | InjectionRecord;
