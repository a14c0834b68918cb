import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type LoopbackServer, sendEvents, sendJson, startLoopbackServer } from '../__fixtures__/loopback-server.js';
import { generateObject } from '../generate-object.js';
import type { CallOptions } from '../language-model.js';
import { createAnthropicModel } from './anthropic.js';

const schema = z.object({ tactic: z.string(), confidence: z.number().min(0).max(1) });
const options: CallOptions = {
  system: 'System instructions.',
  prompt: 'Correlate.',
  responseFormat: {
    name: 'attack_sequence',
    description: 'the stage',
    schema: z.toJSONSchema(schema) as Record<string, unknown>,
  },
  maxOutputTokens: 128,
};

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Anthropic Messages provider over loopback', () => {
  it('forces a single tool whose input schema is the stage schema and reads the tool_use block', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-test',
        content: [
          { type: 'text', text: 'Here you go.' },
          { type: 'tool_use', id: 'toolu_1', name: 'attack_sequence', input: { tactic: 'execution', confidence: 0.7 } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 120, output_tokens: 30 },
      }),
    );
    const model = createAnthropicModel('claude-test', { baseUrl: server.baseUrl, apiKey: 'ant-key', stream: false });
    const result = await generateObject(model, schema, options);
    expect(result.value).toEqual({ tactic: 'execution', confidence: 0.7 });
    expect(result.usage).toEqual({ inputTokens: 120, outputTokens: 30 });
    const request = server.requests[0]!;
    expect(request.url).toBe('/v1/messages');
    expect(request.headers['x-api-key']).toBe('ant-key');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body).toMatchObject({
      model: 'claude-test',
      max_tokens: 128,
      system: 'System instructions.',
      messages: [{ role: 'user', content: 'Correlate.' }],
      tool_choice: { type: 'tool', name: 'attack_sequence' },
    });
    expect((request.body.tools as Array<{ input_schema: unknown }>)[0]!.input_schema).toEqual(
      options.responseFormat.schema,
    );
  });

  it('streams input_json_delta events and the usage of message_start and message_delta', async () => {
    const events = [
      { type: 'message_start', message: { id: 'msg_2', content: [], usage: { input_tokens: 55, output_tokens: 1 } } },
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_2', name: 'attack_sequence', input: {} },
      },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"tactic": "impa' } },
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: 'ct", "confidence": 1.5}' },
      },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 21 } },
      { type: 'message_stop' },
    ];
    server = await startLoopbackServer((_request, response) =>
      sendEvents(
        response,
        events,
        events.map((event) => event.type),
      ),
    );
    const model = createAnthropicModel('claude-test', { baseUrl: server.baseUrl });
    const result = await generateObject(model, schema, options);
    expect(result.text).toBe('{"tactic": "impact", "confidence": 1.5}');
    expect(result.valid).toBe(false);
    expect(result.issues[0]).toMatch(/^confidence: /);
    expect(result.usage).toEqual({ inputTokens: 55, outputTokens: 21 });
  });

  it('treats stop_reason max_tokens as truncation', async () => {
    server = await startLoopbackServer((_request, response) =>
      sendJson(response, 200, {
        content: [{ type: 'tool_use', name: 'attack_sequence', input: { tactic: 'execution', confidence: 0.1 } }],
        stop_reason: 'max_tokens',
        usage: { input_tokens: 1, output_tokens: 128 },
      }),
    );
    const model = createAnthropicModel('claude-test', { baseUrl: server.baseUrl, stream: false });
    expect((await generateObject(model, schema, options)).issues).toEqual(['reply truncated at the token limit']);
  });

  it('retries 529 overloaded_error and surfaces a streamed error event', async () => {
    server = await startLoopbackServer((_request, response, index) => {
      if (index === 0)
        sendJson(response, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      else
        sendEvents(
          response,
          [{ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }],
          ['error'],
        );
    });
    const model = createAnthropicModel('claude-test', { baseUrl: server.baseUrl, sleep: async () => {} });
    await expect(model.doGenerate(options)).rejects.toMatchObject({ code: 'external-service-failed', retryable: true });
    expect(server.requests).toHaveLength(2);
  });
});
