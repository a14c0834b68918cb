import type { StoredObject, StoredPage, TaxiiCollections } from './taxii-collections.js';
import { stixMediaType, type TaxiiError, type TaxiiObjectFilter, taxiiMediaType } from './taxii-media.js';

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
  /** Exactly the headers to send: the HTTP layer must not add a charset to the content type. */
  headers: Record<string, string>;
  body: string;
}

/** What a caller may do; undefined from `authorize` means unauthenticated (401). */
export interface TaxiiPermissions {
  canRead: boolean;
  canWrite: boolean;
}

export interface TaxiiServerOptions {
  collections: TaxiiCollections;
  title?: string;
  /** Base URL the server is reached at, used in discovery (e.g. `http://127.0.0.1:8080/taxii`). */
  baseUrl: string;
  /** Name of the single API root. Default `vigil`. */
  apiRoot?: string;
  /** Largest page returned. Default 100. */
  pageSize?: number;
  /** From request headers (Authorization) to permissions. Default: everyone may read, nobody may write. */
  authorize?: (
    headers: Record<string, string | undefined>,
  ) => TaxiiPermissions | undefined | Promise<TaxiiPermissions | undefined>;
  /** Largest accepted body, advertised as the API root's `max_content_length`. Default 10 MiB. */
  maxContentLength?: number;
  /** Called with what a POST added, after the status is stored (e.g. to index indicators). */
  onObjectsAdded?: (collectionId: string, objects: Record<string, unknown>[]) => Promise<void>;
}

export const defaultTaxiiMaxContentLength = 10 * 1024 * 1024;

/**
 * A framework-free TAXII 2.1 server: discovery, API root, collections, objects (GET with
 * added_after, limit, next and match[…]; POST envelopes; DELETE), single objects, object
 * versions, manifest and status, with the exact TAXII media type, X-TAXII-Date-Added-First/Last
 * headers and error envelopes. Mount it on node:http or any framework.
 */
export function createTaxiiHandler(options: TaxiiServerOptions): (request: TaxiiRequest) => Promise<TaxiiResponse> {
  const apiRoot = options.apiRoot ?? 'vigil';
  const pageSize = options.pageSize ?? 100;
  const maxContentLength = options.maxContentLength ?? defaultTaxiiMaxContentLength;
  const authorize = options.authorize ?? (() => ({ canRead: true, canWrite: false }));
  const base = options.baseUrl.replace(/\/$/, '');
  const collections = options.collections;

  return async (request) => {
    const accept = request.headers.accept;
    if (accept && !acceptsTaxii(accept)) return error(406, 'Not Acceptable', `use Accept: ${taxiiMediaType}`);
    const permissions = await authorize(request.headers);
    if (!permissions)
      return error(401, 'Unauthorized', 'valid credentials are required', {
        'WWW-Authenticate': 'Basic realm="TAXII", Bearer',
      });
    const segments = request.path.split('/').filter(Boolean);
    if (segments.length === 1 && segments[0] === 'taxii2') {
      if (request.method !== 'GET') return error(405, 'Method Not Allowed', 'discovery is read-only');
      return json(200, {
        title: options.title ?? 'Vigil TAXII server',
        default: `${base}/${apiRoot}/`,
        api_roots: [`${base}/${apiRoot}/`],
      });
    }
    if (segments[0] !== apiRoot) return error(404, 'Not Found', `no API root at ${request.path}`);
    const [, resource, collectionId, sub, objectId, objectSub] = segments;
    if (segments.length === 1) {
      if (request.method !== 'GET') return error(405, 'Method Not Allowed', 'the API root is read-only');
      return json(200, {
        title: options.title ?? 'Vigil',
        versions: [taxiiMediaType],
        max_content_length: maxContentLength,
      });
    }
    if (resource === 'status' && collectionId && segments.length === 3) {
      const status = await collections.status(collectionId);
      return status ? json(200, status) : error(404, 'Not Found', `no status ${collectionId}`);
    }
    if (resource !== 'collections' || segments.length > 6)
      return error(404, 'Not Found', `unknown resource ${request.path}`);
    if (!collectionId) {
      const list = await collections.collections();
      return json(200, list.length > 0 ? { collections: list.map((info) => withPermissions(info, permissions)) } : {});
    }
    const collection = await collections.collection(collectionId);
    if (!collection) return error(404, 'Not Found', `no collection ${collectionId}`);
    if (!sub) return json(200, withPermissions(collection, permissions));
    const canRead = permissions.canRead && collection.can_read;
    const canWrite = permissions.canWrite && collection.can_write;

    if (sub === 'objects' && !objectId && request.method === 'POST') {
      if (!canWrite) return error(403, 'Forbidden', 'these credentials may not write to the collection');
      const type = request.headers['content-type'];
      if (type && !isTaxiiMediaType(type))
        return error(415, 'Unsupported Media Type', `use Content-Type: ${taxiiMediaType}`);
      if (Buffer.byteLength(request.body ?? '') > maxContentLength)
        return error(413, 'Payload Too Large', `the limit is ${maxContentLength} bytes`);
      let envelope: { objects?: unknown };
      try {
        envelope = JSON.parse(request.body ?? '');
      } catch {
        return error(400, 'Bad Request', 'the body is not a JSON envelope');
      }
      if (!envelope || typeof envelope !== 'object' || !Array.isArray(envelope.objects))
        return error(400, 'Bad Request', 'the envelope has no objects array');
      const status = await collections.addObjects(collectionId, envelope.objects);
      const added = new Set(status.successes?.filter((item) => !item.message).map((item) => item.id));
      if (added.size > 0 && options.onObjectsAdded) {
        await options.onObjectsAdded(
          collectionId,
          (envelope.objects as Record<string, unknown>[]).filter((object) => added.has(String(object?.id))),
        );
      }
      return json(202, status);
    }
    if (request.method === 'DELETE' && sub === 'objects' && objectId && !objectSub) {
      if (!canRead || !canWrite) return error(403, 'Forbidden', 'these credentials may not delete from the collection');
      const versions = list(request.query, 'version');
      const removed = await collections.deleteObject(collectionId, objectId, versions);
      return removed > 0 ? json(200, {}) : error(404, 'Not Found', `no object ${objectId}`);
    }
    if (request.method !== 'GET') return error(405, 'Method Not Allowed', `${request.method} is not supported here`);
    if (!canRead) return error(403, 'Forbidden', 'these credentials may not read the collection');
    let filter: TaxiiObjectFilter;
    try {
      filter = parseFilter(request.query, objectId);
    } catch (problem) {
      return error(400, 'Bad Request', (problem as Error).message);
    }
    if (sub === 'manifest' && !objectId) {
      const page = await pageOrError(() => collections.query(collectionId, filter, pageSize));
      if ('status' in page) return page;
      const objects = page.items.map((item) => ({
        id: item.id,
        date_added: item.dateAdded,
        version: item.version,
        media_type: stixMediaType,
      }));
      return json(
        200,
        { more: page.more, ...(page.next ? { next: page.next } : {}), ...(objects.length > 0 ? { objects } : {}) },
        dateHeaders(page),
      );
    }
    if (sub === 'objects' && objectId && objectSub === 'versions' && segments.length === 6) {
      const page = await pageOrError(() =>
        collections.query(collectionId, { ...filter, match: { ...filter.match, version: ['all'] } }, pageSize),
      );
      if ('status' in page) return page;
      if (page.items.length === 0 && !filter.next) return error(404, 'Not Found', `no object ${objectId}`);
      const versions = page.items.map((item) => item.version);
      return json(200, { more: page.more, ...(page.next ? { next: page.next } : {}), versions }, dateHeaders(page));
    }
    if (sub === 'objects' && !objectSub && segments.length <= 5) {
      const page = await pageOrError(() => collections.query(collectionId, filter, pageSize));
      if ('status' in page) return page;
      if (objectId && page.items.length === 0 && !filter.next) return error(404, 'Not Found', `no object ${objectId}`);
      return envelopeResponse(page);
    }
    return error(404, 'Not Found', `unknown resource ${request.path}`);
  };
}

async function pageOrError(query: () => Promise<StoredPage>): Promise<StoredPage | TaxiiResponse> {
  try {
    return await query();
  } catch (problem) {
    if (problem instanceof RangeError) return error(400, 'Bad Request', problem.message);
    throw problem;
  }
}

/** The envelope written from the stored texts, so objects go out byte for byte as they came in. */
function envelopeResponse(page: StoredPage): TaxiiResponse {
  const head = `{"more":${page.more}${page.next ? `,"next":${JSON.stringify(page.next)}` : ''}`;
  const body =
    page.items.length > 0
      ? `${head},"objects":[${page.items.map((item: StoredObject) => item.body).join(',')}]}`
      : `${head}}`;
  return { status: 200, headers: { 'Content-Type': taxiiMediaType, ...dateHeaders(page) }, body };
}

/** True for `application/taxii+json;version=2.1` (parameters in any spacing), `application/taxii+json`, and wildcards. */
function acceptsTaxii(accept: string): boolean {
  return accept.split(',').some((range) => {
    const [type = '', ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = parameters.find((parameter) => parameter.startsWith('version='));
    return !version || version.replace(/^version=/, '').replace(/"/g, '') === '2.1';
  });
}

function isTaxiiMediaType(contentType: string): boolean {
  const [type = '', ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/taxii+json') return false;
  const version = parameters.find((parameter) => parameter.startsWith('version='));
  return !version || version.replace(/^version=/, '').replace(/"/g, '') === '2.1';
}

function list(query: URLSearchParams, name: string): string[] | undefined {
  return query
    .get(`match[${name}]`)
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseFilter(query: URLSearchParams, objectId: string | undefined): TaxiiObjectFilter {
  const addedAfter = query.get('added_after') ?? undefined;
  if (addedAfter !== undefined && Number.isNaN(Date.parse(addedAfter)))
    throw new Error('added_after is not a timestamp');
  const limitText = query.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new Error('limit must be a positive integer');
  const match = {
    id: objectId ? [objectId] : list(query, 'id'),
    type: list(query, 'type'),
    version: list(query, 'version'),
    spec_version: list(query, 'spec_version'),
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
  const dates = page.items.map((item) => item.dateAdded).sort();
  const first = dates[0];
  const last = dates.at(-1);
  return first && last ? { 'X-TAXII-Date-Added-First': first, 'X-TAXII-Date-Added-Last': last } : {};
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): TaxiiResponse {
  return { status, headers: { 'Content-Type': taxiiMediaType, ...headers }, body: JSON.stringify(body) };
}

function error(
  status: number,
  title: string,
  description: string,
  headers: Record<string, string> = {},
): TaxiiResponse {
  const body: TaxiiError = { title, description, http_status: String(status) };
  return json(status, body, headers);
}
