/**
 * Anthropic Messages API (`POST /v1/messages`). Structured output by forcing one tool whose
 * `input_schema` is the stage schema (`tool_choice: {type: "tool", name}`): the reply's
 * `tool_use` block carries the object. Streams `input_json_delta` events when asked.
 */
import { ExternalServiceError } from '../../../core/index.js';
import { type HttpSettings, postJson } from '../http/fetch-with-retry.js';
import { readServerSentEvents } from '../http/server-sent-events.js';
import type { CallOptions, FinishReason, GenerateResult, LanguageModel, TokenUsage } from '../language-model.js';

export interface AnthropicSettings extends HttpSettings {
  /** Default `https://api.anthropic.com`; the client appends `/v1/messages`. */
  baseUrl?: string;
  /** Sent as `x-api-key`. Never logged. */
  apiKey?: string;
  /** Stream the reply. Default true. */
  stream?: boolean;
  /** `anthropic-version` header. Default `2023-06-01`. */
  version?: string;
}

const stopReasons: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  tool_use: 'tool-calls',
  max_tokens: 'length',
  refusal: 'content-filter',
};

interface ContentBlock {
  type: string;
  name?: string;
  input?: unknown;
  text?: string;
}
interface Usage {
  input_tokens?: number;
  output_tokens?: number;
}
interface MessageBody {
  content?: ContentBlock[];
  stop_reason?: string | null;
  usage?: Usage;
}
interface StreamEvent {
  type: string;
  index?: number;
  message?: MessageBody;
  content_block?: ContentBlock;
  delta?: { type?: string; partial_json?: string; text?: string; stop_reason?: string | null };
  usage?: Usage;
  error?: { type?: string; message?: string };
}

function parse<T>(text: string, url: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new ExternalServiceError(`${url} answered with a body that is not JSON`, { cause: error });
  }
}

export function createAnthropicModel(modelId: string, settings: AnthropicSettings = {}): LanguageModel {
  const url = `${(settings.baseUrl ?? 'https://api.anthropic.com').replace(/\/+$/, '')}/v1/messages`;
  const stream = settings.stream ?? true;
  const headers: Record<string, string> = {
    'anthropic-version': settings.version ?? '2023-06-01',
    ...(settings.apiKey ? { 'x-api-key': settings.apiKey } : {}),
  };

  return {
    provider: 'anthropic',
    modelId,
    async doGenerate(options: CallOptions): Promise<GenerateResult> {
      const { name, description, schema } = options.responseFormat;
      const body = {
        model: modelId,
        max_tokens: options.maxOutputTokens,
        temperature: options.temperature ?? 0,
        system: options.system,
        messages: [{ role: 'user', content: options.prompt }],
        tools: [{ name, ...(description ? { description } : {}), input_schema: schema }],
        tool_choice: { type: 'tool', name },
        stream,
      };
      const { response } = await postJson(url, headers, body, settings, options.abortSignal);
      const usage: TokenUsage = { inputTokens: 0, outputTokens: 0 };
      let finishReason: FinishReason = 'other';
      const isEventStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
      if (!(stream && isEventStream && response.body)) {
        const message = parse<MessageBody>(await response.text(), url);
        const tool = message.content?.find((block) => block.type === 'tool_use' && block.name === name);
        return {
          text: tool ? JSON.stringify(tool.input) : '',
          finishReason: stopReasons[message.stop_reason ?? ''] ?? 'other',
          usage: { inputTokens: message.usage?.input_tokens ?? 0, outputTokens: message.usage?.output_tokens ?? 0 },
          mode: 'tool',
        };
      }
      let toolIndex: number | undefined;
      let text = '';
      for await (const event of readServerSentEvents(response.body)) {
        const data = parse<StreamEvent>(event.data, url);
        switch (data.type) {
          case 'message_start':
            usage.inputTokens = data.message?.usage?.input_tokens ?? 0;
            usage.outputTokens = data.message?.usage?.output_tokens ?? 0;
            break;
          case 'content_block_start':
            if (data.content_block?.type === 'tool_use' && data.content_block.name === name) toolIndex = data.index;
            break;
          case 'content_block_delta':
            if (data.index === toolIndex && data.delta?.type === 'input_json_delta') {
              text += data.delta.partial_json ?? '';
              options.onTextDelta?.(data.delta.partial_json ?? '');
            }
            break;
          case 'message_delta':
            if (data.delta?.stop_reason) finishReason = stopReasons[data.delta.stop_reason] ?? 'other';
            if (data.usage?.output_tokens !== undefined) usage.outputTokens = data.usage.output_tokens;
            if (data.usage?.input_tokens !== undefined) usage.inputTokens = data.usage.input_tokens;
            break;
          case 'error':
            throw new ExternalServiceError(
              `${url} streamed ${data.error?.type ?? 'an error'}: ${data.error?.message ?? 'unknown'}`,
              { retryable: data.error?.type === 'overloaded_error' },
            );
          default:
            break;
        }
      }
      return { text: text === '' && toolIndex !== undefined ? '{}' : text, finishReason, usage, mode: 'tool' };
    },
  };
}
