import { stixMediaType, type TaxiiError, type TaxiiObjectFilter, taxiiMediaType } from './taxii-media.js';
import type { StoredPage, TaxiiMemoryStore } from './taxii-memory-store.js';

/** A request as any HTTP layer can hand it over. */
export interface TaxiiRequest {
  method: string;
  /** Path without query, e.g. `/api1/collections/abc/objects/`. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body?: string;
}

export interface TaxiiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What a caller may do; undefined from `authorize` means unauthenticated (401). */
export interface TaxiiPermissions {
  canRead: boolean;
  canWrite: boolean;
}

export interface TaxiiServerOptions {
  store: TaxiiMemoryStore;
  title?: string;
  /** Base URL the server is reached at, used in discovery (e.g. `http://127.0.0.1:8080`). */
  baseUrl: string;
  /** Name of the single API root. Default `vigil`. */
  apiRoot?: string;
  /** Largest page returned. Default 100. */
  pageSize?: number;
  /** From request headers (Authorization) to permissions. Default: everyone may read, nobody may write. */
  authorize?: (headers: Record<string, string | undefined>) => TaxiiPermissions | undefined;
  maxContentLength?: number;
}

/**
 * A framework-free TAXII 2.1 server: discovery, API root, collections, objects
 * (GET with added_after, limit, next and match[…]; POST envelopes), manifest,
 * single objects and status, with TAXII media types, X-TAXII-Date-Added-First/Last
 * headers and error envelopes. Mount it on node:http or any framework.
 */
export function createTaxiiHandler(options: TaxiiServerOptions): (request: TaxiiRequest) => Promise<TaxiiResponse> {
  const apiRoot = options.apiRoot ?? 'vigil';
  const pageSize = options.pageSize ?? 100;
  const maxContentLength = options.maxContentLength ?? 10 * 1024 * 1024;
  const authorize = options.authorize ?? (() => ({ canRead: true, canWrite: false }));
  const base = options.baseUrl.replace(/\/$/, '');

  return async (request) => {
    const accept = request.headers.accept ?? request.headers.Accept;
    if (accept && !/application\/taxii\+json|\*\/\*|application\/\*/.test(accept)) {
      return error(406, 'Not Acceptable', `use Accept: ${taxiiMediaType}`);
    }
    const permissions = authorize(request.headers);
    if (!permissions) return error(401, 'Unauthorized', 'valid credentials are required');
    const segments = request.path.split('/').filter(Boolean);
    if (segments.length === 1 && segments[0] === 'taxii2' && request.method === 'GET') {
      return json(200, {
        title: options.title ?? 'Vigil TAXII server',
        default: `${base}/${apiRoot}/`,
        api_roots: [`${base}/${apiRoot}/`],
      });
    }
    if (segments[0] !== apiRoot) return error(404, 'Not Found', `no API root at ${request.path}`);
    const [, resource, collectionId, sub, objectId, objectSub] = segments;
    if (segments.length === 1 && request.method === 'GET') {
      return json(200, {
        title: options.title ?? 'Vigil',
        versions: [taxiiMediaType],
        max_content_length: maxContentLength,
      });
    }
    if (resource === 'status' && collectionId && segments.length === 3) {
      const status = options.store.status(collectionId);
      return status ? json(200, status) : error(404, 'Not Found', `no status ${collectionId}`);
    }
    if (resource !== 'collections') return error(404, 'Not Found', `unknown resource ${request.path}`);
    if (!collectionId)
      return json(200, { collections: options.store.collections().map((info) => withPermissions(info, permissions)) });
    const collection = options.store.collection(collectionId);
    if (!collection) return error(404, 'Not Found', `no collection ${collectionId}`);
    if (!sub) return json(200, withPermissions(collection, permissions));
    if (sub === 'objects' && request.method === 'POST' && !objectId) {
      if (!permissions.canWrite || !collection.can_write)
        return error(403, 'Forbidden', 'this token may not write to the collection');
      if ((request.body?.length ?? 0) > maxContentLength)
        return error(413, 'Payload Too Large', `limit is ${maxContentLength} bytes`);
      let envelope: { objects?: unknown };
      try {
        envelope = JSON.parse(request.body ?? '');
      } catch {
        return error(400, 'Bad Request', 'the body is not a JSON envelope');
      }
      if (!Array.isArray(envelope.objects)) return error(400, 'Bad Request', 'the envelope has no objects array');
      return json(202, options.store.addObjects(collectionId, envelope.objects));
    }
    if (request.method !== 'GET') return error(405, 'Method Not Allowed', `${request.method} is not supported here`);
    if (!permissions.canRead || !collection.can_read)
      return error(403, 'Forbidden', 'this token may not read the collection');
    let filter: TaxiiObjectFilter;
    try {
      filter = parseFilter(request.query, objectId);
    } catch (problem) {
      return error(400, 'Bad Request', (problem as Error).message);
    }
    let page: StoredPage;
    try {
      page = options.store.query(collectionId, filter, pageSize);
    } catch (problem) {
      return error(400, 'Bad Request', (problem as Error).message);
    }
    const headers = dateHeaders(page);
    if (sub === 'manifest' && !objectId) {
      const objects = page.items.map((item) => ({
        id: item.id,
        date_added: item.dateAdded,
        version: item.version,
        media_type: stixMediaType,
      }));
      return json(200, { more: page.more, ...(page.next ? { next: page.next } : {}), objects }, headers);
    }
    if (sub === 'objects' && (!objectId || (objectId && !objectSub))) {
      if (objectId && page.items.length === 0) return error(404, 'Not Found', `no object ${objectId}`);
      return json(
        200,
        { more: page.more, ...(page.next ? { next: page.next } : {}), objects: page.items.map((item) => item.object) },
        headers,
      );
    }
    return error(404, 'Not Found', `unknown resource ${request.path}`);
  };
}

function parseFilter(query: URLSearchParams, objectId: string | undefined): TaxiiObjectFilter {
  const addedAfter = query.get('added_after') ?? undefined;
  if (addedAfter !== undefined && Number.isNaN(Date.parse(addedAfter)))
    throw new Error('added_after is not a timestamp');
  const limitText = query.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new Error('limit must be a positive integer');
  const list = (name: string) =>
    query
      .get(`match[${name}]`)
      ?.split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const match = {
    id: objectId ? [objectId] : list('id'),
    type: list('type'),
    version: list('version'),
    spec_version: list('spec_version'),
  };
  const cleaned = Object.fromEntries(Object.entries(match).filter(([, value]) => value !== undefined));
  const next = query.get('next') ?? undefined;
  return {
    ...(addedAfter ? { addedAfter } : {}),
    ...(limit ? { limit } : {}),
    ...(next ? { next } : {}),
    match: cleaned,
  };
}

function withPermissions<T extends { can_read: boolean; can_write: boolean }>(
  info: T,
  permissions: TaxiiPermissions,
): T {
  return { ...info, can_read: info.can_read && permissions.canRead, can_write: info.can_write && permissions.canWrite };
}

function dateHeaders(page: StoredPage): Record<string, string> {
  const first = page.items[0];
  const last = page.items.at(-1);
  return first && last
    ? { 'X-TAXII-Date-Added-First': first.dateAdded, 'X-TAXII-Date-Added-Last': last.dateAdded }
    : {};
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): TaxiiResponse {
  return { status, headers: { 'Content-Type': taxiiMediaType, ...headers }, body: JSON.stringify(body) };
}

function error(status: number, title: string, description: string): TaxiiResponse {
  const body: TaxiiError = { title, description, http_status: String(status) };
  return json(status, body);
}
