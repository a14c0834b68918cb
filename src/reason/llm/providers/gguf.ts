/**
 * In-process GGUF models through node-llama-cpp 3.x, an optional dependency imported only
 * when this provider is configured. Prebuilt binaries only (`build: "never"`: no compiler,
 * no download at run time) and an explicit thread count (the library's default is far too
 * many on a 2-core machine). Output is constrained by a grammar compiled from the JSON
 * Schema, so it is always syntactically valid JSON of the right shape, unless cut by the
 * token limit, which the caller treats as invalid.
 */
import { availableParallelism } from 'node:os';
import { UnsupportedError } from '../../../core/index.js';
import {
  type CallOptions,
  contextOverflowField,
  type FinishReason,
  type GenerateResult,
  type LanguageModel,
} from '../language-model.js';
import { toGrammarSchema } from './grammar-schema.js';

export interface GgufSettings {
  /** Path of the .gguf file. */
  modelPath: string;
  /**
   * CPU threads for generation. Default: one less than the cores, at most 2 (so 1 on a
   * 2-core machine). Measured here on 2 busy cores: 60 tokens of stories260K took 18 ms with
   * 1 thread and 4 to 11 s with 2, because llama.cpp's spinning threads starve each other.
   */
  threads?: number;
  /** Context size in tokens, capped by the model's training context. Default 4096. */
  contextSize?: number;
  /** Sampling seed, for repeatable output. Default 1. */
  seed?: number;
}

/** The small part of node-llama-cpp's API used here (typed locally: the package is optional). */
interface Grammar {
  readonly _brand?: 'grammar';
}
interface Token {
  readonly _brand?: 'token';
}
interface LlamaModel {
  readonly trainContextSize: number;
  tokenize(text: string): Token[];
  createContext(options: { contextSize: number; threads: number; sequences?: number }): Promise<LlamaContext>;
  dispose(): Promise<void>;
}
interface LlamaContext {
  readonly contextSize: number;
  getSequence(): unknown;
  dispose(): Promise<void>;
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<LlamaModel>;
  createGrammarForJsonSchema(schema: unknown): Promise<Grammar>;
  dispose(): Promise<void>;
}
interface LlamaCompletionInstance {
  generateCompletionWithMeta(
    input: string,
    options: {
      grammar?: Grammar;
      maxTokens?: number;
      temperature?: number;
      seed?: number;
      signal?: AbortSignal;
      onToken?: (tokens: Token[]) => void;
      onTextChunk?: (text: string) => void;
    },
  ): Promise<{ response: string; metadata: { stopReason: string } }>;
}
interface NodeLlamaCpp {
  getLlama(options: { build: 'never'; gpu: false; logLevel?: string }): Promise<Llama>;
  LlamaCompletion: new (options: { contextSequence: unknown }) => LlamaCompletionInstance;
}

/** Imports node-llama-cpp; a clear error when it is not installed. */
export async function importNodeLlamaCpp(): Promise<NodeLlamaCpp> {
  const name = 'node-llama-cpp';
  try {
    return (await import(name)) as NodeLlamaCpp;
  } catch (error) {
    throw new UnsupportedError(
      'the gguf provider needs the optional add-on node-llama-cpp: install it with `npm run addon:gguf`',
      { cause: error },
    );
  }
}

export const defaultThreads = (): number => Math.max(1, Math.min(2, availableParallelism() - 1));

const stopReasons: Record<string, FinishReason> = {
  eogToken: 'stop',
  stopGenerationTrigger: 'stop',
  maxTokens: 'length',
  abort: 'other',
};

interface Loaded {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  completion: LlamaCompletionInstance;
  grammars: Map<string, Promise<Grammar>>;
}

/** Renders system and user turns as plain text: tiny models have no chat template worth using. */
export function renderPrompt(options: Pick<CallOptions, 'system' | 'prompt'>): string {
  return `${options.system}\n\n${options.prompt}\n\nJSON answer:\n`;
}

export function createGgufModel(settings: GgufSettings): LanguageModel {
  let loading: Promise<Loaded> | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function load(): Promise<Loaded> {
    const { getLlama, LlamaCompletion } = await importNodeLlamaCpp();
    const llama = await getLlama({ build: 'never', gpu: false, logLevel: 'error' });
    const model = await llama.loadModel({ modelPath: settings.modelPath });
    const context = await model.createContext({
      contextSize: Math.min(settings.contextSize ?? 4096, model.trainContextSize),
      threads: settings.threads ?? defaultThreads(),
    });
    const completion = new LlamaCompletion({ contextSequence: context.getSequence() });
    return { llama, model, context, completion, grammars: new Map() };
  }

  async function generate(options: CallOptions): Promise<GenerateResult> {
    loading ??= load();
    const loaded = await loading;
    const prompt = renderPrompt(options);
    const inputTokens = loaded.model.tokenize(prompt).length;
    const room = loaded.context.contextSize - inputTokens;
    if (room < 8) {
      throw new UnsupportedError(
        `prompt of ${inputTokens} tokens does not fit the model's context of ${loaded.context.contextSize} tokens`,
        { location: { file: settings.modelPath, field: contextOverflowField } },
      );
    }
    const key = JSON.stringify(options.responseFormat.schema);
    let grammar = loaded.grammars.get(key);
    if (!grammar) {
      grammar = loaded.llama.createGrammarForJsonSchema(toGrammarSchema(options.responseFormat.schema));
      loaded.grammars.set(key, grammar);
    }
    let outputTokens = 0;
    const { response, metadata } = await loaded.completion.generateCompletionWithMeta(prompt, {
      grammar: await grammar,
      maxTokens: Math.min(options.maxOutputTokens, room),
      temperature: options.temperature ?? 0,
      seed: settings.seed ?? 1,
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
      onToken: (tokens) => {
        outputTokens += tokens.length;
      },
      ...(options.onTextDelta ? { onTextChunk: options.onTextDelta } : {}),
    });
    return {
      text: response,
      finishReason: stopReasons[metadata.stopReason] ?? 'other',
      usage: { inputTokens, outputTokens },
      mode: 'grammar',
    };
  }

  return {
    provider: 'gguf',
    modelId: settings.modelPath,
    doGenerate(options) {
      // One context sequence: calls run one at a time.
      const result = queue.then(() => generate(options));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (!loading) return;
      const loaded = await loading.catch(() => undefined);
      loading = undefined;
      if (!loaded) return;
      await loaded.context.dispose();
      await loaded.model.dispose();
      await loaded.llama.dispose();
    },
  };
}
