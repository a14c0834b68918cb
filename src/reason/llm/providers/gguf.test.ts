import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { describeWithAddon, ggufAddon } from '../../../../test/optional-addon.js';
import { describeWithShared, sharedPath } from '../../../../test/shared-data.js';
import { startGgufOpenAIServer } from '../__fixtures__/gguf-openai-server.js';
import { generateObject } from '../generate-object.js';
import type { CallOptions, LanguageModel } from '../language-model.js';
import { createGgufModel } from './gguf.js';
import { createOpenAICompatibleModel } from './openai-compatible.js';

const schema = z.object({
  tactic: z.enum(['execution', 'persistence', 'impact']),
  confidence: z.number().min(0).max(1),
  note: z.string().max(40),
});
const request = (overrides: Partial<CallOptions> = {}): CallOptions => ({
  system: 'Answer in JSON.',
  prompt: 'Once upon a time',
  responseFormat: { name: 'step', schema: z.toJSONSchema(schema) as Record<string, unknown> },
  maxOutputTokens: 60,
  ...overrides,
});

describeWithShared('GGUF provider with the tiny models', () => {
  describeWithAddon(ggufAddon, 'node-llama-cpp runs the tiny models', () => {
    let stories: LanguageModel;
    let random: LanguageModel;
    beforeAll(() => {
      stories = createGgufModel({ modelPath: sharedPath('..', 'models', 'stories260K.gguf'), threads: 1 });
      random = createGgufModel({ modelPath: sharedPath('..', 'models', 'llama-2-tiny-random.gguf'), threads: 1 });
    });
    afterAll(async () => {
      await stories.close?.();
      await random.close?.();
    });

    it('loads the model and produces grammar-shaped JSON, range-checked afterwards', async () => {
      const result = await generateObject(stories, schema, request());
      expect(result.mode).toBe('grammar');
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      if (result.finishReason === 'stop') {
        const parsed = JSON.parse(result.text) as { tactic: string; confidence: number };
        // The grammar enforces the enum; numeric bounds only the schema check does.
        expect(['execution', 'persistence', 'impact']).toContain(parsed.tactic);
        expect(result.valid).toBe(parsed.confidence >= 0 && parsed.confidence <= 1 && result.issues.length === 0);
      } else {
        expect(result.valid).toBe(false);
      }
    });

    it('treats a reply cut by the token limit as invalid', async () => {
      const result = await generateObject(random, schema, request({ maxOutputTokens: 4 }));
      expect(result.finishReason).toBe('length');
      expect(result.valid).toBe(false);
      expect(result.issues).toEqual(['reply truncated at the token limit']);
    });

    it('refuses a prompt that does not fit the context instead of cutting it', async () => {
      await expect(stories.doGenerate(request({ prompt: 'evidence '.repeat(400) }))).rejects.toMatchObject({
        code: 'unsupported',
      });
    });

    it('serves the OpenAI-compatible client end to end over loopback (json_schema refused → forced tool)', async () => {
      const server = await startGgufOpenAIServer(random, { refuseJsonSchema: true });
      try {
        const client = createOpenAICompatibleModel('llama-2-tiny-random', { baseUrl: `${server.baseUrl}/v1` });
        const deltas: string[] = [];
        const result = await generateObject(
          client,
          schema,
          request({ maxOutputTokens: 120, onTextDelta: (text) => deltas.push(text) }),
        );
        expect(result.mode).toBe('tool');
        expect(deltas.length).toBeGreaterThan(1);
        expect(deltas.join('')).toBe(result.text);
        expect(result.usage.outputTokens).toBeGreaterThan(0);
        if (result.finishReason !== 'length') {
          expect(['execution', 'persistence', 'impact']).toContain(
            (JSON.parse(result.text) as { tactic: string }).tactic,
          );
        }
        expect(
          server.requests.map((entry) => (entry.body.response_format as { type?: string } | undefined)?.type ?? 'tool'),
        ).toEqual(['json_schema', 'json_object', 'tool']);
      } finally {
        await server.close();
      }
    });
  });
});
