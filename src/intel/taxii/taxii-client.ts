import { ExternalServiceError } from '../../core/index.js';
import {
  type TaxiiCollection,
  type TaxiiEnvelope,
  type TaxiiObjectFilter,
  type TaxiiStatus,
  taxiiMediaType,
} from './taxii-media.js';

export type TaxiiAuthentication =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'bearer'; token: string };

export interface TaxiiClientOptions {
  fetch?: typeof fetch;
  authentication?: TaxiiAuthentication;
  /** Per-request timeout. Default 30 s. */
  timeoutMilliseconds?: number;
  /** Retries for timeouts, network errors, 429 and 5xx. Default 3. */
  retries?: number;
  /** First back-off delay, doubled each retry. Default 500 ms. */
  backoffMilliseconds?: number;
}

/** One page of objects with the server's date headers. */
export interface TaxiiObjectPage {
  envelope: TaxiiEnvelope;
  dateAddedFirst?: string;
  dateAddedLast?: string;
}

/** Where incremental polling got to, per collection URL. */
export type TaxiiPollState = Record<string, string>;

/** Objects per request when the caller names no limit: every request sends one (some servers fail `next` without it). */
export const defaultTaxiiPageSize = 100;

/** What a poll fetched; `error` when it stopped part-way (what came before it is kept, and the state points after it). */
export interface TaxiiPollResult {
  objects: Record<string, unknown>[];
  state: TaxiiPollState;
  pages: number;
  error?: ExternalServiceError;
}

/**
 * A TAXII 2.1 client on fetch: discovery, API roots, collections, objects and
 * manifests with added_after / match / limit / next, POST of envelopes and status
 * polling, basic or bearer auth, timeouts and retries with exponential back-off.
 * TLS verification is whatever fetch does (on by default). Non-TAXII answers
 * (HTML error pages, wrong content type) fail with ExternalServiceError.
 */
export class TaxiiClient {
  readonly #fetch: typeof fetch;
  readonly #options: TaxiiClientOptions;

  constructor(options: TaxiiClientOptions = {}) {
    this.#fetch = options.fetch ?? fetch;
    this.#options = options;
  }

  discovery(serverUrl: string): Promise<{ title: string; default?: string; api_roots?: string[] }> {
    return this.#json(new URL('taxii2/', withSlash(serverUrl)).toString());
  }

  apiRoot(apiRootUrl: string): Promise<{ title: string; versions: string[]; max_content_length: number }> {
    return this.#json(withSlash(apiRootUrl));
  }

  async collections(apiRootUrl: string): Promise<TaxiiCollection[]> {
    const body = await this.#json<{ collections?: TaxiiCollection[] }>(
      new URL('collections/', withSlash(apiRootUrl)).toString(),
    );
    return body.collections ?? [];
  }

  collection(collectionUrl: string): Promise<TaxiiCollection> {
    return this.#json(withSlash(collectionUrl));
  }

  /** One page of objects (with `limit`, the default page size when none is given). */
  async objects(collectionUrl: string, filter: TaxiiObjectFilter = {}): Promise<TaxiiObjectPage> {
    const url = withQuery(new URL('objects/', withSlash(collectionUrl)), { limit: defaultTaxiiPageSize, ...filter });
    const response = await this.#request(url);
    return pageOf(response, envelopeOf(url, await this.#parse(response)));
  }

  /** Every page, following `next` until `more` is false. */
  async *allObjects(
    collectionUrl: string,
    filter: Omit<TaxiiObjectFilter, 'next'> = {},
  ): AsyncGenerator<TaxiiObjectPage> {
    let next: string | undefined;
    do {
      const page = await this.objects(collectionUrl, { ...filter, ...(next ? { next } : {}) });
      yield page;
      next = page.envelope.more ? page.envelope.next : undefined;
      if (page.envelope.more && !next && (page.envelope.objects ?? []).length > 0 && page.dateAddedLast) {
        // a server that says "more" without a next token is continued with added_after
        yield* this.allObjects(collectionUrl, { ...filter, addedAfter: page.dateAddedLast });
        return;
      }
    } while (next);
  }

  async manifest(
    collectionUrl: string,
    filter: TaxiiObjectFilter = {},
  ): Promise<{
    more?: boolean;
    next?: string;
    objects?: { id: string; date_added: string; version: string; media_type?: string }[];
  }> {
    const response = await this.#request(withQuery(new URL('manifest/', withSlash(collectionUrl)), filter));
    return (await this.#parse(response)) as never;
  }

  /** POSTs an envelope; returns the status resource (poll it with `status`). */
  async addObjects(collectionUrl: string, objects: readonly unknown[]): Promise<TaxiiStatus> {
    const response = await this.#request(new URL('objects/', withSlash(collectionUrl)).toString(), {
      method: 'POST',
      body: JSON.stringify({ objects }),
      headers: { 'Content-Type': taxiiMediaType },
    });
    return (await this.#parse(response)) as TaxiiStatus;
  }

  status(apiRootUrl: string, statusId: string): Promise<TaxiiStatus> {
    return this.#json(new URL(`status/${encodeURIComponent(statusId)}/`, withSlash(apiRootUrl)).toString());
  }

  /**
   * Fetches what was added since the last poll of this collection (all pages) and returns the
   * objects with the new state (the latest X-TAXII-Date-Added-Last seen, else the latest
   * `date_added` the manifest gives). When a page fails after retries, the poll stops there:
   * the objects of the good pages are returned with the state after the last good page and the
   * error, so the next poll resumes from that page.
   */
  async poll(
    collectionUrl: string,
    state: TaxiiPollState,
    filter: Omit<TaxiiObjectFilter, 'next' | 'addedAfter'> = {},
  ): Promise<TaxiiPollResult> {
    const key = withSlash(collectionUrl);
    const objects: Record<string, unknown>[] = [];
    let last = state[key];
    let pages = 0;
    try {
      for await (const page of this.allObjects(collectionUrl, { ...filter, ...(last ? { addedAfter: last } : {}) })) {
        pages += 1;
        objects.push(...(page.envelope.objects ?? []));
        if (page.dateAddedLast && (!last || Date.parse(page.dateAddedLast) > Date.parse(last)))
          last = page.dateAddedLast;
      }
    } catch (error) {
      const failure =
        error instanceof ExternalServiceError
          ? error
          : new ExternalServiceError(`${key}: ${(error as Error).message}`, { cause: error });
      return { objects, state: { ...state, ...(last ? { [key]: last } : {}) }, pages, error: failure };
    }
    return { objects, state: { ...state, ...(last ? { [key]: last } : {}) }, pages };
  }

  async #json<T>(url: string): Promise<T> {
    return (await this.#parse(await this.#request(url))) as T;
  }

  async #parse(response: Response): Promise<unknown> {
    const type = response.headers.get('content-type') ?? '';
    const text = await response.text();
    if (!/json/i.test(type) || /^\s*</.test(text)) {
      throw new ExternalServiceError(
        `${response.url || 'TAXII server'} answered ${type || 'no content type'}, not TAXII JSON`,
        { statusCode: response.status },
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new ExternalServiceError(`${response.url || 'TAXII server'} sent invalid JSON`, {
        statusCode: response.status,
      });
    }
  }

  async #request(url: string, init: RequestInit = {}): Promise<Response> {
    const retries = this.#options.retries ?? 3;
    let delay = this.#options.backoffMilliseconds ?? 500;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await this.#fetch(url, {
          ...init,
          headers: {
            Accept: taxiiMediaType,
            ...authorization(this.#options.authentication),
            ...(init.headers as Record<string, string>),
          },
          signal: AbortSignal.timeout(this.#options.timeoutMilliseconds ?? 30_000),
        });
      } catch (error) {
        failure = error;
      }
      const retryable = !response || response.status === 429 || response.status >= 500;
      if (response && (response.ok || !retryable)) {
        if (response.ok) return response;
        const text = await response.text();
        throw new ExternalServiceError(`${url} answered ${response.status}: ${describeError(text)}`, {
          statusCode: response.status,
        });
      }
      if (attempt >= retries) {
        const reason = response ? `status ${response.status}` : describeFailure(failure);
        throw new ExternalServiceError(`${url} failed after ${attempt + 1} attempts: ${reason}`, {
          retryable: true,
          ...(response ? { statusCode: response.status } : {}),
          cause: failure,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }
}

function authorization(authentication: TaxiiAuthentication | undefined): Record<string, string> {
  if (!authentication) return {};
  if (authentication.kind === 'bearer') return { Authorization: `Bearer ${authentication.token}` };
  return {
    Authorization: `Basic ${Buffer.from(`${authentication.username}:${authentication.password}`).toString('base64')}`,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function withQuery(url: URL, filter: TaxiiObjectFilter): string {
  if (filter.addedAfter) url.searchParams.set('added_after', filter.addedAfter);
  if (filter.limit) url.searchParams.set('limit', String(filter.limit));
  if (filter.next) url.searchParams.set('next', filter.next);
  for (const [name, values] of Object.entries(filter.match ?? {})) {
    if (values && values.length > 0) url.searchParams.set(`match[${name}]`, values.join(','));
  }
  return url.toString();
}

function pageOf(response: Response, envelope: TaxiiEnvelope): TaxiiObjectPage {
  const first = response.headers.get('x-taxii-date-added-first');
  const last = response.headers.get('x-taxii-date-added-last');
  return { envelope, ...(first ? { dateAddedFirst: first } : {}), ...(last ? { dateAddedLast: last } : {}) };
}

/** A fetch failure with its cause: `fetch failed (CERT_HAS_EXPIRED: certificate has expired)`. */
function describeFailure(failure: unknown): string {
  const error = failure as Error & { cause?: { code?: string; message?: string } };
  const cause = error?.cause;
  return cause
    ? `${error.message} (${[cause.code, cause.message].filter(Boolean).join(': ')})`
    : String(error?.message ?? failure);
}

/** The page as a TAXII envelope, or an error naming what is wrong with it. */
function envelopeOf(url: string, body: unknown): TaxiiEnvelope {
  const problem =
    body === null || typeof body !== 'object' || Array.isArray(body)
      ? 'is not a JSON object'
      : 'objects' in body && !Array.isArray((body as TaxiiEnvelope).objects)
        ? 'has "objects" that is not a list'
        : 'more' in body && typeof (body as TaxiiEnvelope).more !== 'boolean'
          ? 'has "more" that is not true or false'
          : 'next' in body && typeof (body as TaxiiEnvelope).next !== 'string'
            ? 'has "next" that is not a string'
            : undefined;
  if (problem) throw new ExternalServiceError(`${url} sent a malformed TAXII envelope: it ${problem}`);
  const objects = (body as TaxiiEnvelope).objects ?? [];
  const notObject = objects.findIndex((item) => item === null || typeof item !== 'object' || Array.isArray(item));
  if (notObject >= 0)
    throw new ExternalServiceError(`${url} sent a malformed TAXII envelope: objects[${notObject}] is not an object`);
  return body as TaxiiEnvelope;
}

function describeError(text: string): string {
  try {
    const body = JSON.parse(text) as { title?: string; description?: string };
    return [body.title, body.description].filter(Boolean).join(': ') || text.slice(0, 200);
  } catch {
    return /^\s*</.test(text) ? 'an HTML page' : text.slice(0, 200);
  }
}
