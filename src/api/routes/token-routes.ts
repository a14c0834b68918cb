import { z } from 'zod';
import { NotFoundError } from '../../core/index.js';
import { apiRoles } from '../../store/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { createApiToken } from '../auth/api-tokens.js';
import { requireUser } from '../auth/authenticate.js';
import { permissionsByRole } from '../auth/permissions.js';

const roleSchema = z.enum(apiRoles);

const tokenViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
});

export function registerTokenRoutes(app: ApiApp, context: ApiContext): void {
  app.get(
    '/session',
    {
      config: { access: 'read' },
      schema: {
        tags: ['tokens'],
        summary: 'Who the presented token belongs to, and what its role may do',
        response: { 200: z.object({ name: z.string(), role: roleSchema, permissions: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      return { name: user.name, role: user.role, permissions: [...permissionsByRole[user.role]] };
    },
  );

  app.get(
    '/tokens',
    {
      config: { access: 'administer' },
      schema: {
        tags: ['tokens'],
        summary: 'List API tokens (never their secrets)',
        response: { 200: z.object({ items: z.array(tokenViewSchema) }) },
      },
    },
    async () => ({
      items: (await context.tokens.listTokens()).map(({ secretHash: _secretHash, ...token }) => token),
    }),
  );

  app.post(
    '/tokens',
    {
      config: { access: 'administer' },
      schema: {
        tags: ['tokens'],
        summary: 'Create an API token; the response holds the token, shown only this once',
        body: z.strictObject({ name: z.string().min(1).max(64), role: roleSchema }),
        response: { 201: z.object({ token: z.string(), tokenInfo: tokenViewSchema }) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const created = await createApiToken(context.tokens, {
        name: request.body.name,
        role: request.body.role,
        createdBy: user.name,
        now: context.clock(),
      });
      await context.store.appendAudit({
        actor: user.name,
        action: 'token-created',
        subject: { kind: 'api-token', id: created.stored.id },
        details: { name: created.stored.name, role: created.stored.role },
      });
      const { secretHash: _secretHash, ...tokenInfo } = created.stored;
      return reply.status(201).send({ token: created.token, tokenInfo });
    },
  );

  app.delete(
    '/tokens/:id',
    {
      config: { access: 'administer' },
      schema: {
        tags: ['tokens'],
        summary: 'Revoke an API token',
        params: z.strictObject({ id: z.string().regex(/^[0-9a-f]{12}$/) }),
        response: { 200: z.object({ revoked: z.literal(true) }) },
      },
    },
    async (request) => {
      const user = requireUser(request);
      const revoked = await context.tokens.revokeToken(request.params.id, context.clock().toISOString());
      if (!revoked)
        throw new NotFoundError(`no token ${request.params.id}`, { location: { objectId: request.params.id } });
      await context.store.appendAudit({
        actor: user.name,
        action: 'token-revoked',
        subject: { kind: 'api-token', id: request.params.id },
        details: {},
      });
      return { revoked: true as const };
    },
  );
}
