import { ExternalServiceError } from '../../core/index.js';
import { type MispAttribute, mispAttributeSchema } from './misp-schemas.js';

export interface MispClientOptions {
  /** MISP base URL, e.g. `https://misp.example.org`. */
  baseUrl: string;
  /** The user's automation key, sent as the Authorization header. */
  apiKey: string;
  fetch?: typeof fetch;
  timeoutMilliseconds?: number;
}

/** Filters common to restSearch (MISP automation API). */
export interface MispSearch {
  value?: string | string[];
  type?: string | string[];
  tags?: string | string[];
  eventid?: string | string[];
  to_ids?: boolean;
  /** `1d`, `7d` or a timestamp. */
  last?: string;
  timestamp?: string | number;
  limit?: number;
  page?: number;
}

/**
 * Client for the MISP REST API: events/restSearch, attributes/restSearch,
 * sightings/add, events/add and events/edit, with the automation key in the
 * Authorization header and JSON bodies as MISP documents them.
 */
export class MispClient {
  readonly #options: MispClientOptions;
  readonly #fetch: typeof fetch;

  constructor(options: MispClientOptions) {
    this.#options = options;
    this.#fetch = options.fetch ?? fetch;
  }

  /** Events matching the search, as `{Event: …}` documents. */
  async searchEvents(search: MispSearch = {}): Promise<{ Event: Record<string, unknown> }[]> {
    const body = await this.#post<{ response?: { Event: Record<string, unknown> }[] }>('events/restSearch', {
      returnFormat: 'json',
      ...search,
    });
    return body.response ?? [];
  }

  /** Attributes matching the search. */
  async searchAttributes(search: MispSearch = {}): Promise<MispAttribute[]> {
    const body = await this.#post<{ response?: { Attribute?: unknown[] } }>('attributes/restSearch', {
      returnFormat: 'json',
      ...search,
    });
    return (body.response?.Attribute ?? []).flatMap((attribute) => {
      const parsed = mispAttributeSchema.safeParse(attribute);
      return parsed.success ? [parsed.data] : [];
    });
  }

  /** Reports a sighting (type 0), false positive (1) or expiration (2) of a value or attribute. */
  addSighting(sighting: {
    value?: string;
    uuid?: string;
    id?: string;
    source?: string;
    type?: 0 | 1 | 2;
    timestamp?: number;
  }): Promise<Record<string, unknown>> {
    const { type, ...rest } = sighting;
    return this.#post('sightings/add', { ...rest, ...(type !== undefined ? { type: String(type) } : {}) });
  }

  /** Creates an event; returns it as MISP stored it. */
  addEvent(event: Record<string, unknown>): Promise<{ Event: Record<string, unknown> }> {
    return this.#post('events/add', { Event: event });
  }

  /** Edits an event by id or uuid. */
  editEvent(eventId: string, event: Record<string, unknown>): Promise<{ Event: Record<string, unknown> }> {
    return this.#post(`events/edit/${encodeURIComponent(eventId)}`, { Event: event });
  }

  async #post<T>(path: string, body: unknown): Promise<T> {
    const url = new URL(
      path,
      this.#options.baseUrl.endsWith('/') ? this.#options.baseUrl : `${this.#options.baseUrl}/`,
    ).toString();
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'POST',
        headers: {
          Authorization: this.#options.apiKey,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#options.timeoutMilliseconds ?? 60_000),
      });
    } catch (error) {
      throw new ExternalServiceError(`MISP ${path} unreachable: ${(error as Error).message}`, {
        retryable: true,
        cause: error,
      });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new ExternalServiceError(`MISP ${path} answered ${response.status} with non-JSON`, {
        statusCode: response.status,
      });
    }
    if (!response.ok) {
      const message =
        (parsed as { message?: string; errors?: unknown }).message ??
        JSON.stringify((parsed as { errors?: unknown }).errors ?? parsed);
      throw new ExternalServiceError(`MISP ${path} answered ${response.status}: ${message}`, {
        statusCode: response.status,
        retryable: response.status >= 500,
      });
    }
    return parsed as T;
  }
}
