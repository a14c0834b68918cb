import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from './api-client';

/** Loads `path` and reloads it when `version` changes (live updates bump it). */
export function useApi<T>(client: ApiClient, path: string, version = 0) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const load = useCallback(async () => {
    try {
      setData(await client.get<T>(path));
      setError(undefined);
    } catch (caught) {
      setError((caught as Error).message);
    }
  }, [client, path]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the reload trigger
  useEffect(() => {
    void load();
  }, [load, version]);
  return { data, error, reload: load };
}
