/**
 * The `--reasoner` and `--llm-*` options, shared by the commands that reason (investigate, eval).
 * Configuration and the API key are resolved here, at the CLI edge, once.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/index.js';
import {
  createLlmReasonerFromConfiguration,
  type LlmConfiguration,
  type LlmReasoner,
  loadLlmApiKey,
  resolveLlmConfiguration,
} from '../reason/index.js';

export interface ReasonerFlags {
  reasoner?: string;
  llmProvider?: string;
  llmModel?: string;
  llmBaseUrl?: string;
}

export function addReasonerOptions(command: Command): Command {
  return command
    .option('--reasoner <name>', 'builtin (rule-based, default) or llm')
    .option('--llm-provider <name>', 'openai-compatible, anthropic or gguf (default $VIGIL_LLM_PROVIDER)')
    .option('--llm-model <name>', 'model name, or the .gguf file for gguf (default $VIGIL_LLM_MODEL)')
    .option('--llm-base-url <url>', 'API base URL, e.g. http://127.0.0.1:8080/v1 (default $VIGIL_LLM_BASE_URL)');
}

/** The LLM reasoner the flags ask for, or undefined for the built-in one. */
export async function llmReasonerFromFlags(
  flags: ReasonerFlags,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<{ reasoner: LlmReasoner; configuration: LlmConfiguration } | undefined> {
  const name = flags.reasoner ?? 'builtin';
  if (name === 'builtin') return undefined;
  if (name !== 'llm') throw new UsageError(`unknown reasoner ${name} (builtin or llm)`);
  const configuration = await resolveLlmConfiguration(
    { provider: flags.llmProvider, model: flags.llmModel, baseUrl: flags.llmBaseUrl },
    environment,
  );
  return {
    reasoner: createLlmReasonerFromConfiguration(configuration, await loadLlmApiKey(environment)),
    configuration,
  };
}
