/**
 * LLM configuration, resolved once at the CLI edge: flag → environment → configuration file
 * (`VIGIL_LLM_CONFIG`, YAML or JSON) → default. The API key comes from `VIGIL_LLM_API_KEY` or
 * a secrets file (`VIGIL_LLM_SECRETS_FILE`: the key alone, or `apiKey:` in YAML/JSON). The key
 * is kept apart from the configuration object, so describing or logging the configuration
 * cannot leak it.
 */
import { readFile } from 'node:fs/promises';

import { z } from 'zod';
import { ConfigurationMissingError, UsageError } from '../../core/index.js';
import { parseYaml } from '../../guard/index.js';
import type { BudgetSettings } from './incident-budget.js';
import type { LanguageModel } from './language-model.js';
import { createAnthropicModel } from './providers/anthropic.js';
import { createGgufModel } from './providers/gguf.js';
import { createOpenAICompatibleModel } from './providers/openai-compatible.js';

export const llmProviderSchema = z.enum(['openai-compatible', 'anthropic', 'gguf']);
export type LlmProvider = z.infer<typeof llmProviderSchema>;

const modelChoiceSchema = z.object({
  provider: llmProviderSchema.optional(),
  model: z.string().min(1),
  baseUrl: z.string().url().optional(),
});

export const llmConfigurationSchema = z
  .object({
    provider: llmProviderSchema,
    model: z.string().min(1),
    baseUrl: z.string().url().optional(),
    /** A different model per stage (e.g. a larger one for planning). */
    stageModels: z
      .object({ contextualise: modelChoiceSchema, correlate: modelChoiceSchema, plan: modelChoiceSchema })
      .partial()
      .default({}),
    /** GGUF: CPU threads and context size. */
    threads: z.number().int().min(1).max(256).optional(),
    contextSize: z.number().int().min(64).optional(),
    timeoutMs: z.number().int().positive().default(60_000),
    maxRetries: z.number().int().min(0).max(10).default(2),
    stream: z.boolean().default(true),
    /** Pseudonymise names and internal IPs, redact secrets. Default: on for remote providers. */
    pseudonymise: z.boolean().optional(),
    budget: z
      .object({
        maxTokensPerIncident: z.number().int().positive().optional(),
        maxCostPerIncident: z.number().nonnegative().optional(),
        pricePerMillion: z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }).optional(),
      })
      .default({}),
    maxOutputTokens: z
      .object({
        contextualise: z.number().int().positive(),
        correlate: z.number().int().positive(),
        plan: z.number().int().positive(),
      })
      .partial()
      .default({}),
  })
  .meta({ description: 'How Vigil reaches a language model' });
export type LlmConfiguration = z.infer<typeof llmConfigurationSchema>;

export interface LlmFlags {
  provider?: string | undefined;
  model?: string | undefined;
  baseUrl?: string | undefined;
}

async function readStructured(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ConfigurationMissingError(`cannot read ${path}`, { location: { file: path }, cause: error });
  });
  return parseYaml(text) as unknown;
}

/** The API key from the environment or the secrets file; undefined when neither has one. */
export async function loadLlmApiKey(environment: NodeJS.ProcessEnv): Promise<string | undefined> {
  if (environment.VIGIL_LLM_API_KEY) return environment.VIGIL_LLM_API_KEY;
  const file = environment.VIGIL_LLM_SECRETS_FILE;
  if (!file) return undefined;
  const text = (
    await readFile(file, 'utf8').catch((error: unknown) => {
      throw new ConfigurationMissingError(`cannot read the LLM secrets file ${file}`, { cause: error });
    })
  ).trim();
  if (!text.includes('\n') && !/^\s*[{a-z_]+\s*:/i.test(text)) return text;
  const parsed = parseYaml(text) as { apiKey?: unknown; api_key?: unknown } | null;
  const key = parsed?.apiKey ?? parsed?.api_key;
  return typeof key === 'string' && key !== '' ? key : undefined;
}

export async function resolveLlmConfiguration(
  flags: LlmFlags,
  environment: NodeJS.ProcessEnv,
): Promise<LlmConfiguration> {
  const fromFile = environment.VIGIL_LLM_CONFIG ? ((await readStructured(environment.VIGIL_LLM_CONFIG)) ?? {}) : {};
  const merged = {
    ...(fromFile as Record<string, unknown>),
    ...definedEntries({
      provider: flags.provider ?? environment.VIGIL_LLM_PROVIDER,
      model: flags.model ?? environment.VIGIL_LLM_MODEL,
      baseUrl: flags.baseUrl ?? environment.VIGIL_LLM_BASE_URL,
      threads: environment.VIGIL_LLM_THREADS ? Number(environment.VIGIL_LLM_THREADS) : undefined,
    }),
  };
  const parsed = llmConfigurationSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'configuration'}: ${issue.message}`);
    throw new UsageError(
      `LLM configuration is incomplete or invalid: ${issues.join('; ')} (set --llm-provider and --llm-model)`,
    );
  }
  return parsed.data;
}

function definedEntries(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== ''));
}

/** The configuration as one safe line (no key), for logs and `--json` output. */
export function describeLlmConfiguration(configuration: LlmConfiguration): string {
  return `${configuration.provider} ${configuration.model}${configuration.baseUrl ? ` at ${configuration.baseUrl}` : ''}`;
}

export function createLanguageModel(
  choice: { provider: LlmProvider; model: string; baseUrl?: string | undefined },
  configuration: LlmConfiguration,
  apiKey: string | undefined,
): LanguageModel {
  const http = { timeoutMs: configuration.timeoutMs, maxRetries: configuration.maxRetries };
  switch (choice.provider) {
    case 'gguf':
      return createGgufModel({
        modelPath: choice.model,
        ...(configuration.threads ? { threads: configuration.threads } : {}),
        ...(configuration.contextSize ? { contextSize: configuration.contextSize } : {}),
      });
    case 'anthropic':
      return createAnthropicModel(choice.model, {
        ...http,
        stream: configuration.stream,
        ...(choice.baseUrl ? { baseUrl: choice.baseUrl } : {}),
        ...(apiKey ? { apiKey } : {}),
      });
    case 'openai-compatible':
      if (!choice.baseUrl) throw new UsageError('the openai-compatible provider needs --llm-base-url (…/v1)');
      return createOpenAICompatibleModel(choice.model, {
        ...http,
        baseUrl: choice.baseUrl,
        stream: configuration.stream,
        ...(apiKey ? { apiKey } : {}),
      });
  }
}

export function budgetOf(configuration: LlmConfiguration): BudgetSettings {
  return configuration.budget as BudgetSettings;
}
