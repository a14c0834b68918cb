import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ExternalServiceError } from '../../../core/index.js';
import { type LoopbackServer, sendEvents, sendJson, startLoopbackServer } from '../__fixtures__/loopback-server.js';
import { generateObject } from '../generate-object.js';
import type { CallOptions } from '../language-model.js';
import { createOpenAICompatibleModel } from './openai-compatible.js';

const schema = z.object({ verdict: z.enum(['malicious', 'benign']), score: z.number().min(0).max(100) });
const options: CallOptions = {
  system: 'You are a careful analyst.',
  prompt: 'Judge the incident.',
  responseFormat: { name: 'verdict', schema: z.toJSONSchema(schema) as Record<string, unknown> },
  maxOutputTokens: 64,
};
const completion = (content: string, finish = 'stop') => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: finish }],
  usage: { prompt_tokens: 31, completion_tokens: 9, total_tokens: 40 },
});
const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: 'chatcmpl-2',
  object: 'chat.completion.chunk',
  choices: [{ index: 0, delta, finish_reason: finish }],
  usage: null,
});

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});
const noSleep = async () => {};

describe('OpenAI-compatible provider over loopback', () => {
  it('asks for strict json_schema output and reads content and usage', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, completion('{"verdict":"malicious","score":80}')),
    );
    const model = createOpenAICompatibleModel('gpt-test', {
      baseUrl: `${server.baseUrl}/v1`,
      apiKey: 'sk-secret',
      stream: false,
    });
    const result = await generateObject(model, schema, options);
    expect(result.valid).toBe(true);
    expect(result.value).toEqual({ verdict: 'malicious', score: 80 });
    expect(result.usage).toEqual({ inputTokens: 31, outputTokens: 9 });
    expect(result.mode).toBe('json-schema');
    const request = server.requests[0]!;
    expect(request.url).toBe('/v1/chat/completions');
    expect(request.headers.authorization).toBe('Bearer sk-secret');
    expect(request.body.response_format).toMatchObject({
      type: 'json_schema',
      json_schema: { name: 'verdict', strict: true },
    });
    expect(request.body.messages).toEqual([
      { role: 'system', content: options.system },
      { role: 'user', content: options.prompt },
    ]);
  });

  it('streams deltas split across chunks and takes usage from the final chunk', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendEvents(response, [
        chunk({ role: 'assistant', content: '' }),
        chunk({ content: '{"verdict":"be' }),
        chunk({ content: 'nign","score":é5}' }),
        chunk({}, 'stop'),
        {
          id: 'chatcmpl-2',
          object: 'chat.completion.chunk',
          choices: [],
          usage: { prompt_tokens: 12, completion_tokens: 7 },
        },
        '[DONE]',
      ]),
    );
    const model = createOpenAICompatibleModel('local', { baseUrl: `${server.baseUrl}/v1` });
    const result = await generateObject(model, schema, options);
    expect(result.text).toBe('{"verdict":"benign","score":é5}');
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatch(/not JSON/);
    expect(result.usage).toEqual({ inputTokens: 12, outputTokens: 7 });
    expect(server.requests[0]!.body.stream_options).toEqual({ include_usage: true });
  });

  it('falls back from json_schema to json_object to a forced tool call when the server refuses each', async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.body.response_format) {
        sendJson(response, 400, {
          error: {
            message: `response_format ${(request.body.response_format as { type: string }).type} is not supported`,
            type: 'invalid_request_error',
          },
        });
        return;
      }
      sendEvents(response, [
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'verdict', arguments: '' } }],
        }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '{"verdict":"malicious",' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '"score":99}' } }] }),
        chunk({}, 'tool_calls'),
        '[DONE]',
      ]);
    });
    const model = createOpenAICompatibleModel('old-server', { baseUrl: `${server.baseUrl}/v1` });
    const result = await generateObject(model, schema, options);
    expect(result.value).toEqual({ verdict: 'malicious', score: 99 });
    expect(result.mode).toBe('tool');
    expect(
      server.requests.map((request) => (request.body.response_format as { type?: string } | undefined)?.type ?? 'tool'),
    ).toEqual(['json_schema', 'json_object', 'tool']);
    const jsonObjectSystem = (server.requests[1]!.body.messages as Array<{ content: string }>)[0]!.content;
    expect(jsonObjectSystem).toContain('"verdict"');
    expect(server.requests[2]!.body.tool_choice).toEqual({ type: 'function', function: { name: 'verdict' } });
    // The form that worked is remembered.
    await generateObject(model, schema, options);
    expect(server.requests).toHaveLength(4);
    expect(server.requests[3]!.body.tools).toBeDefined();
  });

  it('retries 429 and 503 honouring Retry-After, then succeeds', async () => {
    const waits: number[] = [];
    server = await startLoopbackServer((_request, response, index) => {
      if (index === 0) sendJson(response, 429, { error: { message: 'rate limited' } }, { 'retry-after': '2' });
      else if (index === 1) sendJson(response, 503, { error: { message: 'overloaded' } });
      else sendJson(response, 200, completion('{"verdict":"benign","score":1}'));
    });
    const model = createOpenAICompatibleModel('m', {
      baseUrl: `${server.baseUrl}/v1`,
      stream: false,
      initialDelayMs: 100,
      sleep: async (milliseconds) => {
        waits.push(milliseconds);
      },
    });
    const result = await generateObject(model, schema, options);
    expect(result.valid).toBe(true);
    expect(waits).toEqual([2000, 200]);
  });

  it('gives up after the retries with a retryable ExternalServiceError that names no key', async () => {
    server = await startLoopbackServer((_request, response) => sendJson(response, 500, { error: { message: 'boom' } }));
    const model = createOpenAICompatibleModel('m', {
      baseUrl: `${server.baseUrl}/v1`,
      apiKey: 'sk-very-secret',
      maxRetries: 1,
      sleep: noSleep,
    });
    const error = await model.doGenerate(options).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ExternalServiceError);
    expect((error as ExternalServiceError).statusCode).toBe(500);
    expect((error as ExternalServiceError).retryable).toBe(true);
    expect(String((error as Error).message)).not.toContain('sk-very-secret');
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 401', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 401, { error: { message: 'Incorrect API key provided' } }),
    );
    const model = createOpenAICompatibleModel('m', { baseUrl: `${server.baseUrl}/v1`, sleep: noSleep });
    await expect(model.doGenerate(options)).rejects.toMatchObject({ statusCode: 401, retryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a server that never answers', async () => {
    server = await startLoopbackServer(() => {});
    const model = createOpenAICompatibleModel('m', { baseUrl: `${server.baseUrl}/v1`, timeoutMs: 150, maxRetries: 0 });
    await expect(model.doGenerate(options)).rejects.toThrow(/timed out/);
  });

  it('marks a reply cut at the token limit as invalid even when it parses', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, completion('{"verdict":"benign","score":1}', 'length')),
    );
    const model = createOpenAICompatibleModel('m', { baseUrl: `${server.baseUrl}/v1`, stream: false });
    const result = await generateObject(model, schema, options);
    expect(result.valid).toBe(false);
    expect(result.issues).toEqual(['reply truncated at the token limit']);
  });

  it('reports out-of-range numbers as schema issues', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, completion('{"verdict":"benign","score":250}')),
    );
    const model = createOpenAICompatibleModel('m', { baseUrl: `${server.baseUrl}/v1`, stream: false });
    const result = await generateObject(model, schema, options);
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatch(/^score: /);
  });
});
