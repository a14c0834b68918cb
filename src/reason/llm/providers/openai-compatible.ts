/**
 * OpenAI-compatible `/v1/chat/completions` (OpenAI, Azure OpenAI, vLLM, Ollama, llama.cpp's
 * server, LM Studio). Structured output is asked for in the strongest form the server takes:
 * `response_format: json_schema` (strict), then `json_object` with the schema in the system
 * prompt, then a forced function call whose parameters are the schema. A server that refuses
 * a form (HTTP 400/404/422 naming it) is asked again in the next one, and the model
 * remembers the form that worked.
 */
import { ExternalServiceError } from '../../../core/index.js';
import { type HttpSettings, postJson } from '../http/fetch-with-retry.js';
import { readServerSentEvents } from '../http/server-sent-events.js';
import type {
  CallOptions,
  FinishReason,
  GenerateResult,
  LanguageModel,
  StructuredOutputMode,
  TokenUsage,
} from '../language-model.js';

export interface OpenAICompatibleSettings extends HttpSettings {
  /** Base URL up to and including `/v1`, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. Never logged. */
  apiKey?: string;
  /** Stream the reply (server-sent events). Default true. */
  stream?: boolean;
  /** Structured-output forms to try, in order. Default json-schema, json-object, tool. */
  modes?: readonly Exclude<StructuredOutputMode, 'grammar'>[];
  /** Extra headers (Azure `api-key`, organisation). */
  headers?: Record<string, string>;
}

type RemoteMode = Exclude<StructuredOutputMode, 'grammar'>;

interface ChoiceMessage {
  content?: string | null;
  refusal?: string | null;
  tool_calls?: Array<{ index?: number; function?: { name?: string; arguments?: string } }>;
}
interface CompletionBody {
  choices?: Array<{ message?: ChoiceMessage; delta?: ChoiceMessage; finish_reason?: string | null }> | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

const finishReasons: Record<string, FinishReason> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool-calls',
  function_call: 'tool-calls',
  content_filter: 'content-filter',
};

/** Whether an HTTP error says the server does not take this structured-output form. */
function refusesMode(error: unknown): boolean {
  if (!(error instanceof ExternalServiceError)) return false;
  if (error.statusCode === undefined || ![400, 404, 422, 501].includes(error.statusCode)) return false;
  return /response_format|json_schema|json_object|schema|tool|function|not supported|unsupported/i.test(error.message);
}

function requestBody(modelId: string, options: CallOptions, mode: RemoteMode, stream: boolean) {
  const { schema, name, description } = options.responseFormat;
  const system =
    mode === 'json-object'
      ? `${options.system}\n\nAnswer with one JSON object that conforms to this JSON Schema:\n${JSON.stringify(schema)}`
      : options.system;
  const body: Record<string, unknown> = {
    model: modelId,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: options.prompt },
    ],
    max_tokens: options.maxOutputTokens,
    temperature: options.temperature ?? 0,
    stream,
  };
  if (stream) body.stream_options = { include_usage: true };
  if (mode === 'json-schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name, ...(description ? { description } : {}), schema, strict: true },
    };
  } else if (mode === 'json-object') {
    body.response_format = { type: 'json_object' };
  } else {
    body.tools = [
      { type: 'function', function: { name, ...(description ? { description } : {}), parameters: schema } },
    ];
    body.tool_choice = { type: 'function', function: { name } };
  }
  return body;
}

/** Accumulates a reply from whole (non-streamed) or delta (streamed) bodies. */
class ReplyAccumulator {
  content = '';
  toolArguments = '';
  refusal = '';
  finishReason: FinishReason = 'other';
  usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };

  private readonly onTextDelta: ((text: string) => void) | undefined;

  constructor(onTextDelta?: (text: string) => void) {
    this.onTextDelta = onTextDelta;
  }

  add(body: CompletionBody): void {
    for (const choice of body.choices ?? []) {
      const message = choice.message ?? choice.delta;
      if (message?.content) {
        this.content += message.content;
        this.onTextDelta?.(message.content);
      }
      if (message?.refusal) this.refusal += message.refusal;
      for (const call of message?.tool_calls ?? []) {
        if ((call.index ?? 0) === 0 && call.function?.arguments) {
          this.toolArguments += call.function.arguments;
          this.onTextDelta?.(call.function.arguments);
        }
      }
      if (choice.finish_reason) this.finishReason = finishReasons[choice.finish_reason] ?? 'other';
    }
    if (body.usage) {
      this.usage = {
        inputTokens: body.usage.prompt_tokens ?? 0,
        outputTokens: body.usage.completion_tokens ?? 0,
      };
    }
  }

  result(mode: RemoteMode): GenerateResult {
    const refused = this.refusal !== '' && this.content === '' && this.toolArguments === '';
    return {
      text: mode === 'tool' ? this.toolArguments : this.content,
      finishReason: refused ? 'content-filter' : this.finishReason,
      usage: this.usage,
      mode,
    };
  }
}

function parseBody(text: string, url: string): CompletionBody {
  try {
    return JSON.parse(text) as CompletionBody;
  } catch (error) {
    throw new ExternalServiceError(`${url} answered with a body that is not JSON`, { cause: error });
  }
}

export function createOpenAICompatibleModel(modelId: string, settings: OpenAICompatibleSettings): LanguageModel {
  const url = `${settings.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const stream = settings.stream ?? true;
  const modes = [...(settings.modes ?? (['json-schema', 'json-object', 'tool'] as const))];
  const headers: Record<string, string> = {
    ...(settings.apiKey ? { authorization: `Bearer ${settings.apiKey}` } : {}),
    ...(stream ? { accept: 'text/event-stream' } : {}),
    ...settings.headers,
  };

  async function call(options: CallOptions, mode: RemoteMode): Promise<GenerateResult> {
    const { response } = await postJson(
      url,
      headers,
      requestBody(modelId, options, mode, stream),
      settings,
      options.abortSignal,
    );
    const accumulator = new ReplyAccumulator(options.onTextDelta);
    const isEventStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    if (stream && isEventStream && response.body) {
      for await (const event of readServerSentEvents(response.body)) {
        if (event.data === '[DONE]') break;
        const body = parseBody(event.data, url) as CompletionBody & { error?: { message?: string } };
        if (body.error) throw new ExternalServiceError(`${url} streamed an error: ${body.error.message ?? 'unknown'}`);
        accumulator.add(body);
      }
    } else {
      accumulator.add(parseBody(await response.text(), url));
    }
    return accumulator.result(mode);
  }

  return {
    provider: 'openai-compatible',
    modelId,
    async doGenerate(options) {
      for (;;) {
        const mode = modes[0];
        if (!mode) throw new ExternalServiceError(`${url} takes none of the structured-output forms Vigil uses`);
        try {
          return await call(options, mode);
        } catch (error) {
          if (!refusesMode(error) || modes.length === 1) throw error;
          modes.shift();
        }
      }
    },
  };
}
