import { z } from 'zod';
import { type AuditEntry, auditEntrySchema } from '../../core/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { roleMay } from '../auth/permissions.js';

/**
 * Token ids are the public half of a credential and the key an attacker needs to aim at someone's
 * token: only administrators see them in the audit view; for others they read `redacted`.
 * (The chain's hashes are over the stored entries; `/audit/verify` checks them server-side.)
 */
export function redactTokenIds(entry: AuditEntry): AuditEntry {
  if (entry.subject.kind !== 'api-token' && !('tokenId' in entry.details)) return entry;
  const { tokenId: _tokenId, ...details } = entry.details;
  return {
    ...entry,
    subject: entry.subject.kind === 'api-token' ? { kind: 'api-token', id: 'redacted' } : entry.subject,
    details,
  };
}

export function registerAuditRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/audit',
    {
      config: { access: 'read-audit' },
      schema: {
        tags: ['audit'],
        summary: 'Audit chain entries in order, optionally for one subject',
        querystring: z.strictObject({
          subjectId: z.string().max(200).optional(),
          limit: z.coerce.number().int().min(1).max(5000).default(500),
        }),
        response: { 200: z.object({ items: z.array(auditEntrySchema) }) },
      },
    },
    async (request) => {
      const { subjectId, limit } = request.query;
      const items = await context.store.listAudit({ limit, ...(subjectId ? { subjectId } : {}) });
      return { items: roleMay(requireUser(request).role, 'administer') ? items : items.map(redactTokenIds) };
    },
  );

  app.get(
    '/audit/verify',
    {
      config: { access: 'read-audit' },
      schema: {
        tags: ['audit'],
        summary:
          'Recompute every hash of the audit chain, check every incident has its "incident-created" entry and every note and assignment its audit entry',
        response: {
          200: z.object({
            valid: z.boolean(),
            entries: z.number().int(),
            brokenAt: z.number().int().optional(),
            /** Stored incidents without their `incident-created` entry. */
            incidentsWithoutEntry: z.array(z.string()).optional(),
            /** Notes and assignments whose audit entry is missing or says something else. */
            caseEntriesWithoutEntry: z.array(z.string()).optional(),
          }),
        },
      },
    },
    async () => context.store.verifyAudit(),
  );

  app.get(
    '/rejections',
    {
      config: { access: 'read-audit' },
      schema: {
        tags: ['events'],
        summary: 'Records that ingestion could not read, with file, line and reason',
        querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(5000).default(500) }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                file: z.string(),
                line: z.number().int().optional(),
                reason: z.string(),
                recordedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await context.store.listRejections({ limit: request.query.limit }) }),
  );
}
