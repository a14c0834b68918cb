/**
 * `generateObject`: one structured call to a model, parsed and validated. A reply cut by the
 * token limit is invalid even when it parses (it may have lost array items); a reply that is
 * not JSON or fails the schema is invalid with the issues listed, ready for a repair prompt.
 * Transport failures throw (ExternalServiceError); invalid output never throws.
 */
import type { CallOptions, FinishReason, LanguageModel, StructuredOutputMode, TokenUsage } from './language-model.js';

/** Anything with zod's `safeParse` shape. */
export interface ParseableSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } };
}

export interface ObjectGeneration<T> {
  /** The validated object, when valid. */
  value: T | undefined;
  valid: boolean;
  /** Why the reply is invalid: one line each, path first. Empty when valid. */
  issues: string[];
  /** The raw reply text. */
  text: string;
  finishReason: FinishReason;
  usage: TokenUsage;
  mode: StructuredOutputMode;
  latencyMs: number;
}

/**
 * Takes the JSON out of a reply: the whole text, or a fenced ```json block a chatty model added
 * (what `/```(?:json)?\s*([\s\S]*?)```/i` finds, read in one pass: that form backtracks over a run of
 * white space after an unclosed fence, quadratic in a reply that repeats log text).
 */
export function extractJsonText(text: string): string {
  const open = text.indexOf('```');
  if (open === -1) return text.trim();
  let start = open + 3;
  if (/^json/i.test(text.slice(start, start + 4))) start += 4;
  const close = text.indexOf('```', start);
  return (close === -1 ? text : text.slice(start, close)).trim();
}

export function parseModelOutput<T>(
  text: string,
  finishReason: FinishReason,
  schema: ParseableSchema<T>,
): { value: T | undefined; issues: string[] } {
  if (finishReason === 'length') return { value: undefined, issues: ['reply truncated at the token limit'] };
  if (finishReason === 'content-filter') return { value: undefined, issues: ['the model refused to answer'] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(extractJsonText(text));
  } catch (error) {
    return { value: undefined, issues: [`reply is not JSON: ${(error as Error).message}`] };
  }
  const result = schema.safeParse(parsed);
  if (result.success) return { value: result.data, issues: [] };
  return {
    value: undefined,
    issues: result.error.issues.map((issue) => `${issue.path.map(String).join('/') || '(root)'}: ${issue.message}`),
  };
}

export async function generateObject<T>(
  model: LanguageModel,
  schema: ParseableSchema<T>,
  options: CallOptions,
  now: () => number = () => performance.now(),
): Promise<ObjectGeneration<T>> {
  const started = now();
  const result = await model.doGenerate(options);
  const latencyMs = Math.round((now() - started) * 10) / 10;
  const { value, issues } = parseModelOutput(result.text, result.finishReason, schema);
  return {
    value,
    valid: value !== undefined,
    issues,
    text: result.text,
    finishReason: result.finishReason,
    usage: result.usage,
    mode: result.mode,
    latencyMs,
  };
}
