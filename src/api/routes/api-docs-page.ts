/** A small browsable page of the OpenAPI document: every operation with its summary. No scripts. */
import type { OpenApiDocument } from './system-routes.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

export function renderApiDocs(document: OpenApiDocument): string {
  const rows: string[] = [];
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(operations)) {
      rows.push(
        `<tr><td class="m">${escapeHtml(method.toUpperCase())}</td><td><code>${escapeHtml(path)}</code></td>` +
          `<td>${escapeHtml(operation.tags?.join(', ') ?? '')}</td><td>${escapeHtml(operation.summary ?? '')}` +
          `${operation.description ? `<br><small>${escapeHtml(operation.description)}</small>` : ''}</td></tr>`,
      );
    }
  }
  const title = escapeHtml(`${document.info?.title ?? 'API'} ${document.info?.version ?? ''}`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color-scheme:light dark}td{padding:.3rem .6rem;vertical-align:top;border-bottom:1px solid #8884}.m{font-weight:600}</style>
</head><body><h1>${title}</h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3). Authenticate with <code>Authorization: Bearer vgl_…</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>Tags</th><th>Summary</th></tr></thead><tbody>${rows.join('')}</tbody></table></body></html>`;
}
