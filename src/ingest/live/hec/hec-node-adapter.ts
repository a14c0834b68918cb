import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HecHandler } from './hec-handler.js';
import { jsonReply } from './hec-protocol.js';

export interface HecRequestListenerOptions {
  /** Largest request body accepted as sent (default 16 MiB); larger ones get 413 before being read. */
  maxContentLength?: number;
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

function send(
  response: ServerResponse,
  reply: { status: number; headers: Record<string, string>; body: string },
): void {
  response.writeHead(reply.status, reply.headers);
  response.end(reply.body);
}

/** Mounts an HEC handler on node:http: reads the body (bounded), hands it over, writes the reply. */
export function createHecRequestListener(
  handler: HecHandler,
  options: HecRequestListenerOptions = {},
): RequestListener {
  const limit = options.maxContentLength ?? 16 * 1024 * 1024;
  return (request, response) => {
    const tooLarge = () =>
      send(response, jsonReply(413, { text: `Content-Length too large (maximum is ${limit})`, code: 413 }));
    if (Number(request.headers['content-length'] ?? 0) > limit) {
      tooLarge();
      request.resume();
      return;
    }
    readBody(request, limit)
      .then(async (body) => {
        if (!body) {
          tooLarge();
          request.destroy();
          return;
        }
        send(
          response,
          await handler({ method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body }),
        );
      })
      .catch(() => {
        if (!response.headersSent) send(response, jsonReply(500, { text: 'Internal server error', code: 8 }));
        else response.destroy();
      });
  };
}

/** A plain HTTP server for the handler (put TLS in front, or pass `createServer` options of node:https yourself). */
export async function startHecServer(
  handler: HecHandler,
  address: { port: number; host?: string },
  options: HecRequestListenerOptions = {},
): Promise<{ server: Server; address: AddressInfo; close(): Promise<void> }> {
  const server = createServer(createHecRequestListener(handler, options));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    server,
    address: server.address() as AddressInfo,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
