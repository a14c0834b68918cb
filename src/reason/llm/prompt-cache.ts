/**
 * A cache of valid model answers keyed by prompt hash (which covers model, prompt versions,
 * evidence and schema). In memory, bounded, least recently used first out. Only valid
 * answers are kept: an invalid one is retried, not replayed.
 */
export interface PromptCache {
  get(key: string): string | undefined;
  set(key: string, text: string): void;
}

export function createPromptCache(maxEntries = 500): PromptCache {
  const entries = new Map<string, string>();
  return {
    get(key) {
      const text = entries.get(key);
      if (text !== undefined) {
        entries.delete(key);
        entries.set(key, text);
      }
      return text;
    },
    set(key, text) {
      entries.delete(key);
      entries.set(key, text);
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
