import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../core/index.js';
import { reasoningScenario } from './__fixtures__/reasoning-scenario.js';
import { createScriptedModel } from './__fixtures__/scripted-model.js';
import { contextOverflowField } from './language-model.js';
import { describeLlmConfiguration, loadLlmApiKey, resolveLlmConfiguration } from './llm-configuration.js';
import { createLlmReasoner } from './llm-reasoner.js';
import { createLlmReasonerFromConfiguration, llmAuditEntries } from './reasoner-from-configuration.js';

const directory = mkdtempSync(join(tmpdir(), 'vigil-llm-config-'));

describe('LLM configuration', () => {
  it('takes flags over the environment over the configuration file', async () => {
    const file = join(directory, 'llm.yaml');
    writeFileSync(
      file,
      'provider: anthropic\nmodel: from-file\nbudget:\n  maxTokensPerIncident: 5000\nstageModels:\n  plan:\n    model: bigger\n',
    );
    const configuration = await resolveLlmConfiguration(
      { model: 'from-flag' },
      { VIGIL_LLM_CONFIG: file, VIGIL_LLM_MODEL: 'from-env', VIGIL_LLM_THREADS: '1' },
    );
    expect(configuration).toMatchObject({
      provider: 'anthropic',
      model: 'from-flag',
      threads: 1,
      budget: { maxTokensPerIncident: 5000 },
    });
    expect(configuration.stageModels.plan).toEqual({ model: 'bigger' });
  });

  it('says what is missing', async () => {
    await expect(resolveLlmConfiguration({ provider: 'gguf' }, {})).rejects.toMatchObject({ code: 'usage' });
    await expect(resolveLlmConfiguration({ provider: 'nope', model: 'x' }, {})).rejects.toThrow(/provider/);
  });

  it('reads the key from the environment or a secrets file and never describes it', async () => {
    expect(await loadLlmApiKey({ VIGIL_LLM_API_KEY: 'sk-env' })).toBe('sk-env');
    const plain = join(directory, 'key');
    writeFileSync(plain, 'sk-plain\n');
    expect(await loadLlmApiKey({ VIGIL_LLM_SECRETS_FILE: plain })).toBe('sk-plain');
    const yaml = join(directory, 'secrets.yaml');
    writeFileSync(yaml, 'apiKey: sk-yaml\n');
    expect(await loadLlmApiKey({ VIGIL_LLM_SECRETS_FILE: yaml })).toBe('sk-yaml');
    expect(await loadLlmApiKey({})).toBeUndefined();
    const configuration = await resolveLlmConfiguration(
      { provider: 'openai-compatible', model: 'm', baseUrl: 'http://127.0.0.1:9/v1' },
      { VIGIL_LLM_API_KEY: 'sk-env' },
    );
    expect(JSON.stringify(configuration) + describeLlmConfiguration(configuration)).not.toContain('sk-env');
    const reasoner = createLlmReasonerFromConfiguration(configuration, 'sk-env');
    expect(reasoner.name).toBe('llm:openai-compatible:m');
  });

  it('turns records into audit entries', () => {
    const entries = llmAuditEntries([{ kind: 'stage-fallback', incidentId: 'i1', stage: 'plan', reason: 'truncated' }]);
    expect(entries).toEqual([
      {
        action: 'stage-fell-back',
        subject: { kind: 'incident', id: 'i1' },
        details: { stage: 'plan', reason: 'truncated' },
      },
    ]);
  });
});

describe('prompts that do not fit', () => {
  it('are sent again with less evidence before the stage falls back', async () => {
    const model = createScriptedModel((options, index) => {
      if (index < 2)
        throw new UnsupportedError(`prompt of ${options.prompt.length} characters does not fit`, {
          location: { field: contextOverflowField },
        });
      return undefined;
    });
    const reasoner = createLlmReasoner({ model });
    const context = await reasoner.contextualise(reasoningScenario());
    expect(context.reasoner).toBe('llm:scripted:test-model');
    expect(model.calls).toHaveLength(3);
    expect(model.calls[2]!.prompt.length).toBeLessThan(model.calls[0]!.prompt.length);
  });
});
