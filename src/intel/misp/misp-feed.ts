import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExternalServiceError, InputInvalidError, InputUnreadableError, type Tlp } from '../../core/index.js';
import { emptyIntelImport, type IntelImport, mergeIntelImport } from '../import/intel-import.js';
import { importMispDocument } from './import-misp.js';
import { mispManifestSchema } from './misp-schemas.js';

/** What a feed sync remembers: the timestamp of each event it has imported. */
export interface MispFeedState {
  events: Record<string, number>;
}

export interface MispFeedOptions {
  /** Previous state: events whose manifest timestamp has not moved are skipped. */
  state?: MispFeedState;
  fetch?: typeof fetch;
  /** Name used in indicator sources; defaults to the location. */
  name?: string;
  /** TLP of events with no `tlp:` tag (default amber). */
  unmarkedTlp?: Tlp;
}

export interface MispFeedSync {
  result: IntelImport;
  state: MispFeedState;
  eventsFetched: number;
  eventsUnchanged: number;
}

/**
 * Reads a MISP feed (a directory or URL holding manifest.json and one
 * `<uuid>.json` per event) and imports the events that are new or changed since
 * `state`. A failing event is rejected on its own; the state only advances for
 * events that were imported.
 */
export async function syncMispFeed(location: string, options: MispFeedOptions = {}): Promise<MispFeedSync> {
  const read = createReader(location, options.fetch ?? fetch);
  const manifestText = await read('manifest.json');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch (error) {
    throw new InputInvalidError(`manifest.json is not JSON: ${(error as Error).message}`, {
      location: { file: location },
    });
  }
  const manifest = mispManifestSchema.safeParse(manifestJson);
  if (!manifest.success) {
    throw new InputInvalidError(`manifest.json is not a MISP feed manifest: ${manifest.error.issues[0]?.message}`, {
      location: { file: location },
    });
  }
  const previous = options.state?.events ?? {};
  const state: MispFeedState = { events: { ...previous } };
  const result = emptyIntelImport();
  let eventsFetched = 0;
  let eventsUnchanged = 0;
  for (const [uuid, entry] of Object.entries(manifest.data).sort(([left], [right]) => left.localeCompare(right))) {
    if (!/^[0-9a-f-]{36}$/i.test(uuid)) {
      result.rejected.push({
        source: location,
        objectId: uuid,
        position: 'manifest.json',
        reason: 'manifest key is not an event uuid',
      });
      continue;
    }
    if ((previous[uuid] ?? -1) >= entry.timestamp) {
      eventsUnchanged += 1;
      continue;
    }
    const file = `${uuid}.json`;
    try {
      const document = JSON.parse(await read(file));
      const batch = importMispDocument(
        document,
        `${location.replace(/\/$/, '')}/${file}`,
        options.name ?? location,
        options.unmarkedTlp ? { unmarkedTlp: options.unmarkedTlp } : {},
      );
      mergeIntelImport(result, batch);
      state.events[uuid] = entry.timestamp;
      eventsFetched += 1;
    } catch (error) {
      result.rejected.push({
        source: location,
        objectId: uuid,
        position: file,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { result, state, eventsFetched, eventsUnchanged };
}

function createReader(location: string, fetchImplementation: typeof fetch): (name: string) => Promise<string> {
  if (/^https?:\/\//i.test(location)) {
    const base = location.endsWith('/') ? location : `${location}/`;
    return async (name) => {
      const url = new URL(name, base).toString();
      let response: Response;
      try {
        response = await fetchImplementation(url, { signal: AbortSignal.timeout(60_000) });
      } catch (error) {
        throw new ExternalServiceError(`MISP feed ${url} unreachable: ${(error as Error).message}`, {
          retryable: true,
          cause: error,
        });
      }
      if (!response.ok)
        throw new ExternalServiceError(`MISP feed ${url} answered ${response.status}`, {
          statusCode: response.status,
          retryable: response.status >= 500,
        });
      return response.text();
    };
  }
  return async (name) => {
    try {
      return await readFile(join(location, name), 'utf8');
    } catch (error) {
      throw new InputUnreadableError(`cannot read ${join(location, name)}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
}
