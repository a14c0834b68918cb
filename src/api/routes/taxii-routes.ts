/**
 * The TAXII 2.1 server of the intel module, mounted at `/taxii`: discovery at
 * `/taxii/taxii2/`, one API root `vigil` with the collection `vigil-indicators` holding the
 * store's indicators as STIX (refreshed on each request) and `vigil-shared-incidents` holding
 * the incidents published after a second analyst approved them. Bearer tokens as for the API: any
 * role reads, roles that may decide (analyst and up) may add objects. Indicators with a
 * TLP above amber are not served.
 */
import { createTaxiiHandler, indicatorToStix, TaxiiMemoryStore } from '../../intel/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { verifyApiToken } from '../auth/api-tokens.js';
import { roleMay } from '../auth/permissions.js';

export const taxiiPrefix = '/taxii';
export const indicatorCollectionId = 'vigil-indicators';
const mediaType = 'application/taxii+json';
const servedTlp = new Set(['clear', 'white', 'green', 'amber']);

export const sharedCollectionId = 'vigil-shared-incidents';

/** Vigil's own collections: its indicators, and the incidents analysts approved for sharing. */
export function createTaxiiCollections(): TaxiiMemoryStore {
  const collections = new TaxiiMemoryStore();
  collections.addCollection({
    id: indicatorCollectionId,
    title: 'Vigil indicators',
    description: "Indicators of this Vigil's store (TLP up to amber)",
    can_read: true,
    can_write: true,
    media_types: [`${mediaType};version=2.1`],
  });
  collections.addCollection({
    id: sharedCollectionId,
    title: 'Vigil shared incidents',
    description: 'Incidents published after a second analyst approved them, within the sharing TLP ceiling',
    can_read: true,
    can_write: false,
    media_types: [`${mediaType};version=2.1`],
  });
  return collections;
}

export function registerTaxiiRoutes(app: ApiApp, context: ApiContext): void {
  const collections = context.taxii;
  const served = new Set<string>();
  const refresh = async () => {
    const fresh = [];
    for (const indicator of await context.store.listIndicators({ limit: 100_000 })) {
      if (!servedTlp.has(indicator.tlp)) continue;
      const object = indicatorToStix(
        indicator,
        indicator.validFrom ?? indicator.validUntil ?? '1970-01-01T00:00:00.000Z',
      );
      const key = `${object.id}|${String(object.modified)}|${indicator.revoked}`;
      if (served.has(key)) continue;
      served.add(key);
      fresh.push(object);
    }
    if (fresh.length > 0) collections.addObjects(indicatorCollectionId, fresh);
  };

  app.addContentTypeParser(mediaType, { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.route({
    method: ['GET', 'POST', 'DELETE'],
    url: `${taxiiPrefix}/*`,
    config: { access: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const header = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
      const user = header ? await verifyApiToken(context.tokens, header, context.clock()) : undefined;
      if (request.method === 'GET') await refresh();
      const host = request.headers.host ?? '127.0.0.1';
      const handler = createTaxiiHandler({
        store: collections,
        baseUrl: `${request.protocol}://${host}${taxiiPrefix}`,
        apiRoot: 'vigil',
        title: 'Vigil TAXII 2.1',
        authorize: () =>
          user ? { canRead: roleMay(user.role, 'read'), canWrite: roleMay(user.role, 'decide') } : undefined,
      });
      const url = new URL(request.url, 'http://vigil');
      const response = await handler({
        method: request.method,
        path: url.pathname.slice(taxiiPrefix.length) || '/',
        query: url.searchParams,
        headers: request.headers as Record<string, string | undefined>,
        ...(typeof request.body === 'string' ? { body: request.body } : {}),
      });
      if (user && request.method === 'POST' && response.status < 300) {
        await context.store.appendAudit({
          actor: user.name,
          action: 'taxii-objects-added',
          subject: { kind: 'taxii-collection', id: url.pathname },
          details: { status: response.status },
        });
      }
      return reply.status(response.status).headers(response.headers).send(response.body);
    },
  });
}
