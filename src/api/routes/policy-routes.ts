import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { z } from 'zod';
import { VigilError } from '../../core/index.js';
import { parsePolicy } from '../../respond/index.js';
import type { ApiApp, ApiContext } from '../api-context.js';
import { requireUser } from '../auth/authenticate.js';
import { contentErrorOf, contentErrorSchema, contentTextSchema } from '../content/content-check.js';
import type { ResponseDesk } from '../response/response-desk.js';

const policyViewSchema = z
  .object({
    /** The policy in force, as YAML. */
    text: z.string(),
    policy: z.record(z.string(), z.unknown()),
    /** Where an update is saved; null when this server cannot change its policy. */
    file: z.string().nullable(),
  })
  .meta({ description: 'The response policy in force' });

const checkResultSchema = z.object({ valid: z.boolean(), errors: z.array(contentErrorSchema) });

const digest = (text: string) => createHash('sha256').update(text).digest('hex');

/** The response policy: read (anyone signed in), check (anyone), update (admin only, audited). */
export function registerPolicyRoutes(
  app: ApiApp,
  context: ApiContext,
  desk: ResponseDesk,
  policyFile: string | undefined,
): void {
  let text = policyFile && existsSync(policyFile) ? readFileSync(policyFile, 'utf8') : stringify(desk.policy);

  app.get(
    '/policy',
    {
      config: { access: 'read' },
      schema: { tags: ['policy'], summary: 'The response policy in force', response: { 200: policyViewSchema } },
    },
    async () => ({ text, policy: desk.policy as Record<string, unknown>, file: policyFile ?? null }),
  );

  app.post(
    '/policy/check',
    {
      config: { access: 'read' },
      schema: {
        tags: ['policy'],
        summary: 'Validate a policy without applying it; errors name the line and the field',
        body: contentTextSchema,
        response: { 200: checkResultSchema },
      },
    },
    async (request) => {
      try {
        parsePolicy(request.body.text);
        return { valid: true, errors: [] };
      } catch (error) {
        return { valid: false, errors: [contentErrorOf(error)] };
      }
    },
  );

  app.put(
    '/policy',
    {
      config: { access: 'administer' },
      schema: {
        tags: ['policy'],
        summary: 'Replace the response policy (admin only; validated, saved, audited; new runs use it)',
        body: contentTextSchema,
        response: { 200: policyViewSchema },
      },
    },
    async (request) => {
      const user = requireUser(request);
      if (!policyFile) {
        throw new VigilError('configuration-missing', 'this server has no policy file to save an update to');
      }
      const policy = parsePolicy(request.body.text, policyFile);
      await writeFile(policyFile, request.body.text, { encoding: 'utf8', mode: 0o640 });
      const before = text;
      text = request.body.text;
      desk.replacePolicy(policy);
      await context.store.appendAudit({
        actor: user.name,
        action: 'policy-updated',
        subject: { kind: 'policy', id: policyFile },
        details: { role: user.role, before: digest(before), after: digest(text) },
      });
      context.live.publish({
        type: 'policy-updated',
        subjectId: policyFile,
        at: context.clock().toISOString(),
        data: { by: user.name },
      });
      return { text, policy: policy as Record<string, unknown>, file: policyFile };
    },
  );
}
