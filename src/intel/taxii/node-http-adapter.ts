import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TaxiiRequest, TaxiiResponse } from './taxii-server.js';

/** Wraps a TAXII handler as a node:http request listener. */
export function toNodeListener(handler: (request: TaxiiRequest) => Promise<TaxiiResponse>) {
  return async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? '/', 'http://localhost');
    const headers = Object.fromEntries(
      Object.entries(incoming.headers).map(([name, value]) => [
        name.toLowerCase(),
        Array.isArray(value) ? value.join(', ') : value,
      ]),
    );
    const response = await handler({
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks).toString('utf8') } : {}),
    });
    outgoing.writeHead(response.status, response.headers);
    outgoing.end(response.body);
  };
}
