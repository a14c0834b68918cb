/**
 * The language-model extension point (after vercel/ai's LanguageModel spec). A provider turns
 * one structured-output request into one model reply. Methods carry a `do` prefix: callers
 * never use them directly but go through `generateObject`, which validates what comes back.
 * Providers only ever see JSON Schema; zod stays on Vigil's side.
 */

/** Token counts of one call, as the provider reported them (0 when it reported none). */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** How the provider asked for structured output. Recorded with each call. */
export type StructuredOutputMode = 'json-schema' | 'json-object' | 'tool' | 'grammar';

/**
 * Why generation stopped. `length` means the reply was cut by the token limit: such a reply
 * is invalid even when it happens to parse.
 */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'other';

export interface CallOptions {
  /** Trusted instructions (the system prompt). Never contains log-derived text. */
  system: string;
  /** The user turn: task text plus the data blocks that hold untrusted evidence. */
  prompt: string;
  /** The output's JSON Schema and a short name (`[a-zA-Z0-9_-]{1,64}`, used as tool or schema name). */
  responseFormat: { schema: Record<string, unknown>; name: string; description?: string };
  /** Most tokens the reply may use. */
  maxOutputTokens: number;
  /** Sampling temperature; 0 for the most repeatable output. */
  temperature?: number;
  /** Aborts the call (budget exhausted, pipeline stopping). */
  abortSignal?: AbortSignal;
  /** Told each piece of reply text as it is generated, by providers that stream. */
  onTextDelta?: (text: string) => void;
}

export interface GenerateResult {
  /** The raw reply: JSON text (or the tool call's arguments), unparsed. */
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage;
  mode: StructuredOutputMode;
}

export interface LanguageModel {
  /** Provider family, e.g. `openai-compatible`, `anthropic`, `gguf`. */
  readonly provider: string;
  /** Model name or file as configured. */
  readonly modelId: string;
  /** One structured-output call. Throws ExternalServiceError for transport and HTTP failures. */
  doGenerate(options: CallOptions): Promise<GenerateResult>;
  /** Frees local resources (an in-process model); remote providers need nothing. */
  close?(): Promise<void>;
}

/**
 * `location.field` of the error a provider throws when a prompt does not fit the model's
 * context: the caller may try again with less evidence.
 */
export const contextOverflowField = 'prompt-length';
