/**
 * A LanguageModel for tests: answers each call with what a script returns, defaulting to the
 * smallest instance of the requested JSON Schema (first enum value, minimum array length),
 * and records every call it received.
 */
import type { CallOptions, GenerateResult, LanguageModel } from '../language-model.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function minimalInstance(schema: Record<string, unknown>): Json {
  if (Array.isArray(schema.enum)) return schema.enum[0] as Json;
  if ('const' in schema) return schema.const as Json;
  const variants = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
  if (variants?.[0]) return minimalInstance(variants[0]);
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      return Object.fromEntries(Object.entries(properties).map(([key, inner]) => [key, minimalInstance(inner)]));
    }
    case 'array': {
      const count = (schema.minItems as number | undefined) ?? 0;
      const items = (schema.items ?? {}) as Record<string, unknown>;
      return Array.from({ length: count }, () => minimalInstance(items));
    }
    case 'number':
    case 'integer':
      return (schema.minimum as number | undefined) ?? 0;
    case 'boolean':
      return false;
    case 'string':
      return (schema.minLength as number | undefined) ? 'x'.repeat(schema.minLength as number) : 'text';
    default:
      return null;
  }
}

export type Script = (options: CallOptions, callIndex: number) => Partial<GenerateResult> | Json | undefined;

export interface ScriptedModel extends LanguageModel {
  calls: CallOptions[];
}

/** `script` returns a full result, a JSON value to send as text, or undefined for the minimal instance. */
export function createScriptedModel(script: Script = () => undefined, provider = 'scripted'): ScriptedModel {
  const calls: CallOptions[] = [];
  return {
    provider,
    modelId: 'test-model',
    calls,
    async doGenerate(options) {
      calls.push(options);
      const answer = script(options, calls.length - 1);
      const base: GenerateResult = {
        text: '',
        finishReason: 'stop',
        usage: { inputTokens: Math.ceil(options.prompt.length / 4), outputTokens: 50 },
        mode: 'json-schema',
      };
      if (answer && typeof answer === 'object' && !Array.isArray(answer) && 'finishReason' in answer) {
        return { ...base, ...(answer as Partial<GenerateResult>) };
      }
      const value = answer === undefined ? minimalInstance(options.responseFormat.schema) : answer;
      return { ...base, text: JSON.stringify(value) };
    },
  };
}
