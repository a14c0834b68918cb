/**
 * Builds the LLM reasoner from a resolved configuration, and turns its records into audit
 * entries (model calls with prompt hash, model, tokens, latency and validity; fallbacks with
 * their reason; injection attempts) for whoever holds the audit chain.
 */
import type { LlmRecord } from './call-record.js';
import { budgetOf, createLanguageModel, type LlmConfiguration } from './llm-configuration.js';
import { createLlmReasoner, type LlmReasoner, type LlmReasonerOptions } from './llm-reasoner.js';
import type { StageName } from './prompts/stage-prompts.js';

export function createLlmReasonerFromConfiguration(
  configuration: LlmConfiguration,
  apiKey: string | undefined,
  extra: Pick<LlmReasonerOptions, 'techniques' | 'onRecord' | 'fallback' | 'cache'> = {},
): LlmReasoner {
  const model = createLanguageModel(configuration, configuration, apiKey);
  const stageModels: Partial<Record<StageName, ReturnType<typeof createLanguageModel>>> = {};
  for (const [stage, choice] of Object.entries(configuration.stageModels) as Array<
    [StageName, { provider?: LlmConfiguration['provider']; model: string; baseUrl?: string }]
  >) {
    stageModels[stage] = createLanguageModel(
      {
        provider: choice.provider ?? configuration.provider,
        model: choice.model,
        baseUrl: choice.baseUrl ?? configuration.baseUrl,
      },
      configuration,
      apiKey,
    );
  }
  return createLlmReasoner({
    model,
    stageModels,
    budget: budgetOf(configuration),
    pseudonymise: configuration.pseudonymise ?? configuration.provider !== 'gguf',
    maxOutputTokens: configuration.maxOutputTokens,
    ...extra,
  });
}

export interface LlmAuditEntry {
  action: 'model-called' | 'stage-fell-back' | 'injection-detected';
  subject: { kind: 'incident'; id: string };
  details: Record<string, unknown>;
}

/** Audit entries for the records (the `actor` and chaining are the caller's). */
export function llmAuditEntries(records: readonly LlmRecord[]): LlmAuditEntry[] {
  return records.map((record) => {
    const subject = { kind: 'incident' as const, id: record.incidentId };
    const { kind: _kind, incidentId: _incidentId, ...details } = record;
    const action =
      record.kind === 'model-call'
        ? 'model-called'
        : record.kind === 'stage-fallback'
          ? 'stage-fell-back'
          : 'injection-detected';
    return { action, subject, details };
  });
}
