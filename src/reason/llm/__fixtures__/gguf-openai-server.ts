/**
 * An OpenAI-compatible `/v1/chat/completions` server on 127.0.0.1 backed by an in-process
 * GGUF model: real tokens and real grammar-constrained JSON, streamed as they are generated.
 * Takes `response_format: json_schema` and forced function calls; refuses `json_object` when
 * told to, so the client's fallback is exercised against a real model.
 */
import type { ServerResponse } from 'node:http';
import type { LanguageModel } from '../language-model.js';
import { type LoopbackServer, sendJson, startLoopbackServer } from './loopback-server.js';

interface ChatBody {
  model?: string;
  messages?: Array<{ role: string; content: string }>;
  max_tokens?: number;
  stream?: boolean;
  response_format?: { type: string; json_schema?: { name: string; schema: Record<string, unknown> } };
  tools?: Array<{ function: { name: string; parameters: Record<string, unknown> } }>;
}

function writeChunk(response: ServerResponse, body: unknown) {
  response.write(`data: ${JSON.stringify(body)}\n\n`);
}

export function startGgufOpenAIServer(
  model: LanguageModel,
  options: { refuseJsonSchema?: boolean } = {},
): Promise<LoopbackServer> {
  return startLoopbackServer(async (request, response) => {
    const body = request.body as ChatBody;
    const format = body.response_format;
    if (format && (format.type !== 'json_schema' || options.refuseJsonSchema)) {
      sendJson(response, 400, {
        error: { message: `response_format ${format.type} is not supported`, type: 'invalid_request_error' },
      });
      return;
    }
    const tool = body.tools?.[0]?.function;
    const schema = format?.json_schema?.schema ?? tool?.parameters;
    if (!schema) {
      sendJson(response, 400, { error: { message: 'this server only answers structured requests' } });
      return;
    }
    const system = body.messages?.find((message) => message.role === 'system')?.content ?? '';
    const prompt = body.messages?.find((message) => message.role === 'user')?.content ?? '';
    const toDelta = (text: string) =>
      tool ? { tool_calls: [{ index: 0, function: { arguments: text } }] } : { content: text };
    if (body.stream) response.writeHead(200, { 'content-type': 'text/event-stream' });
    const result = await model.doGenerate({
      system,
      prompt,
      responseFormat: { name: format?.json_schema?.name ?? tool?.name ?? 'output', schema },
      maxOutputTokens: body.max_tokens ?? 256,
      ...(body.stream
        ? {
            onTextDelta: (text: string) =>
              writeChunk(response, {
                object: 'chat.completion.chunk',
                choices: [{ index: 0, delta: toDelta(text), finish_reason: null }],
              }),
          }
        : {}),
    });
    const finish = result.finishReason === 'length' ? 'length' : tool ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: result.usage.inputTokens, completion_tokens: result.usage.outputTokens };
    if (!body.stream) {
      const message = tool
        ? {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: 'call_0', type: 'function', function: { name: tool.name, arguments: result.text } }],
          }
        : { role: 'assistant', content: result.text };
      sendJson(response, 200, {
        object: 'chat.completion',
        model: body.model,
        choices: [{ index: 0, message, finish_reason: finish }],
        usage,
      });
      return;
    }
    writeChunk(response, {
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: {}, finish_reason: finish }],
    });
    writeChunk(response, { object: 'chat.completion.chunk', choices: [], usage });
    response.end('data: [DONE]\n\n');
  });
}
