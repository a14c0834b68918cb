import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { ApiApp } from '../api-context.js';

const missingConsole = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil</title></head>
<body style="font:15px system-ui;margin:3rem"><h1>Vigil API is running</h1>
<p>The console has not been built. Run <code>npm run build:web</code> (or restart <code>vigil serve</code>, which builds it), then reload.</p>
<p>API documentation: <a href="/docs">/docs</a>, <a href="/openapi.json">/openapi.json</a>.</p></body></html>`;

/** Serves the built console (hash-routed single page): `/` and `/assets/*`. Public: it holds no data. */
export async function registerConsoleRoutes(app: ApiApp, root: string | undefined): Promise<void> {
  const built = root !== undefined && existsSync(join(root, 'index.html'));
  if (!built) {
    app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(missingConsole),
    );
    return;
  }
  await app.register(fastifyStatic, { root, serve: false, index: false });
  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.header('cache-control', 'no-cache').sendFile('index.html'),
  );
  app.get<{ Params: { '*': string } }>(
    '/assets/*',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) =>
      reply
        .header('cache-control', 'public, max-age=31536000, immutable')
        .sendFile(join('assets', request.params['*'])),
  );
  app.get('/favicon.svg', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) =>
    reply.sendFile('favicon.svg'),
  );
}
