/** @module reason/llm: language-model providers, the guarded prompt chain and the LLM reasoner. */
export type { InjectionRecord, LlmRecord, ModelCallRecord, StageFallbackRecord } from './call-record.js';
export { generateObject, type ObjectGeneration, type ParseableSchema } from './generate-object.js';
export type { BudgetSettings } from './incident-budget.js';
export type { CallOptions, FinishReason, GenerateResult, LanguageModel, TokenUsage } from './language-model.js';
export {
  createLanguageModel,
  describeLlmConfiguration,
  type LlmConfiguration,
  type LlmFlags,
  llmConfigurationSchema,
  llmProviderSchema,
  loadLlmApiKey,
  resolveLlmConfiguration,
} from './llm-configuration.js';
export { createLlmReasoner, type LlmReasoner, type LlmReasonerOptions } from './llm-reasoner.js';
export { createPromptCache, type PromptCache } from './prompt-cache.js';
export { type AnthropicSettings, createAnthropicModel } from './providers/anthropic.js';
export { createGgufModel, type GgufSettings } from './providers/gguf.js';
export { createOpenAICompatibleModel, type OpenAICompatibleSettings } from './providers/openai-compatible.js';
export {
  createLlmReasonerFromConfiguration,
  type LlmAuditEntry,
  llmAuditEntries,
} from './reasoner-from-configuration.js';
export {
  detectInjectionAttempts,
  type InjectionFinding,
  injectionAlerts,
  injectionRuleId,
} from './secure/injection-detector.js';
export { createPseudonymiser, type Pseudonymiser, redactSecrets } from './secure/pseudonymiser.js';
