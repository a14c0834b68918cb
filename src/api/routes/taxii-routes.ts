/**
 * The TAXII 2.1 server of the intel module, mounted at `/taxii`: discovery at `/taxii/taxii2/`,
 * one API root `vigil` with the collections `vigil-indicators` (the store's indicators as STIX,
 * TLP up to amber, plus what analysts' tools POST there, served as received) and
 * `vigil-shared-incidents` (incidents published after a second analyst approved them).
 * Collections live in the database, so they survive a restart.
 *
 * Credentials are Vigil API tokens, in any of the schemes TAXII clients send:
 * `Authorization: Bearer <token>`, `Token <token>`, or HTTP Basic with the token's user name
 * and the token as password. Any role reads; roles that may decide (analyst and up) write.
 * POSTed objects are validated one by one (failures are in the status); indicators among them
 * go to the store, so the next investigation matches them.
 */
import {
  createTaxiiHandler,
  defaultTaxiiMaxContentLength,
  indicatorToStix,
  type StixObject,
  stixToIndicators,
  TaxiiCollections,
  type TaxiiPermissions,
  vigilExtensionDefinition,
} from '../../intel/index.js';
import { storeNewIndicators } from '../../knowledge/index.js';
import type { TaxiiStore } from '../../store/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { verifyApiToken } from '../auth/api-tokens.js';
import { roleMay } from '../auth/permissions.js';

export const taxiiPrefix = '/taxii';
export const indicatorCollectionId = 'vigil-indicators';
export const sharedCollectionId = 'vigil-shared-incidents';
/** Largest TAXII request body, and what the API root advertises as `max_content_length`. */
export const taxiiMaxContentLength = defaultTaxiiMaxContentLength;
const mediaType = 'application/taxii+json';
const stixMediaType = 'application/stix+json;version=2.1';
const servedTlp = new Set(['clear', 'white', 'green', 'amber']);

/** Vigil's own collections over the database's TAXII tables; created on first use, kept afterwards. */
export async function openTaxiiCollections(store: TaxiiStore, now?: () => Date): Promise<TaxiiCollections> {
  const collections = new TaxiiCollections({ store, ...(now ? { now } : {}) });
  await collections.ensureCollection({
    id: indicatorCollectionId,
    title: 'Vigil indicators',
    description: "Indicators of this Vigil's store (TLP up to amber) and those posted here",
    can_read: true,
    can_write: true,
    media_types: [stixMediaType],
  });
  await collections.ensureCollection({
    id: sharedCollectionId,
    title: 'Vigil shared incidents',
    description: 'Incidents published after a second analyst approved them, within the sharing TLP ceiling',
    can_read: true,
    can_write: false,
    media_types: [stixMediaType],
  });
  return collections;
}

/** The user behind TAXII credentials (Bearer, Token or Basic), or undefined. */
async function userOf(context: ApiContext, authorization: string | undefined) {
  const [scheme = '', credentials = ''] = (authorization ?? '').trim().split(/\s+/, 2);
  if (/^(bearer|token)$/i.test(scheme)) return verifyApiToken(context.tokens, credentials, context.clock());
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator < 0) return undefined;
    const user = await verifyApiToken(context.tokens, decoded.slice(separator + 1), context.clock());
    return user && user.name === decoded.slice(0, separator) ? user : undefined;
  }
  return undefined;
}

export function registerTaxiiRoutes(app: ApiApp, context: ApiContext): void {
  const collections = context.taxii;
  let served: Set<string> | undefined;
  /** Adds the store's indicators not yet in the collection (posted ones are there as received). */
  const refresh = async () => {
    if (!served) {
      const page = await collections.query(indicatorCollectionId, { match: { version: ['all'] } }, 10_000_000);
      served = new Set(page.items.map((item) => item.id));
      if (!served.has(vigilExtensionDefinition.id))
        await collections.addObjects(indicatorCollectionId, [vigilExtensionDefinition]);
      served.add(vigilExtensionDefinition.id);
    }
    const fresh: StixObject[] = [];
    for (const indicator of await context.store.listIndicators({ limit: 100_000 })) {
      if (!servedTlp.has(indicator.tlp) || served.has(indicator.id)) continue;
      const object = indicatorToStix(indicator, indicator.validFrom ?? '1970-01-01T00:00:00.000Z');
      served.add(indicator.id);
      if (object) fresh.push(object);
    }
    if (fresh.length > 0) await collections.addObjects(indicatorCollectionId, fresh);
  };

  app.addContentTypeParser(mediaType, { parseAs: 'string', bodyLimit: taxiiMaxContentLength }, (_request, body, done) =>
    done(null, body),
  );
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: `${taxiiPrefix}/*`,
    bodyLimit: taxiiMaxContentLength,
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const user = await userOf(context, request.headers.authorization);
      if (request.method === 'GET' && user) await refresh();
      const host = request.headers.host ?? '127.0.0.1';
      const handler = createTaxiiHandler({
        collections,
        baseUrl: `${request.protocol}://${host}${taxiiPrefix}`,
        apiRoot: 'vigil',
        title: 'Vigil TAXII 2.1',
        maxContentLength: taxiiMaxContentLength,
        authorize: (): TaxiiPermissions | undefined =>
          user ? { canRead: roleMay(user.role, 'read'), canWrite: roleMay(user.role, 'decide') } : undefined,
        onObjectsAdded: async (collectionId, objects) => {
          const { indicators } = stixToIndicators(objects as StixObject[], `taxii:${collectionId}`);
          for (const indicator of indicators) served?.add(indicator.id);
          if (indicators.length > 0) await storeNewIndicators(context.store, indicators);
        },
      });
      const url = new URL(request.url, 'http://vigil');
      const response = await handler({
        method: request.method,
        path: url.pathname.slice(taxiiPrefix.length) || '/',
        query: url.searchParams,
        headers: request.headers as Record<string, string | undefined>,
        ...(typeof request.body === 'string' ? { body: request.body } : {}),
      });
      if (user && request.method !== 'GET' && response.status < 300) {
        await context.store.appendAudit({
          actor: user.name,
          action: request.method === 'POST' ? 'taxii-objects-added' : 'taxii-object-deleted',
          subject: { kind: 'taxii-collection', id: url.pathname },
          details: { status: response.status },
        });
      }
      // Written as a raw header and body so nothing appends a charset to the TAXII media type.
      return reply
        .status(response.status)
        .headers(response.headers)
        .serializer((payload) => payload as string)
        .send(response.body);
    },
  });
}
