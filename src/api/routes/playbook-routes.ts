import { z } from 'zod';
import { loadPlaybooks, parsePlaybook } from '../../respond/index.js';
import type { ApiApp } from '../api-context.js';
import { contentErrorOf, contentErrorSchema, contentTextSchema } from '../content/content-check.js';

const playbookSummarySchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  steps: z.array(z.object({ ref: z.string(), action: z.string() })),
  file: z.string(),
});

/** Response playbooks: list the folders' playbooks (and those that fail), check one. */
export function registerPlaybookRoutes(app: ApiApp, folders: readonly string[]): void {
  app.get(
    '/playbooks',
    {
      config: { access: 'read' },
      schema: {
        tags: ['playbooks'],
        summary: 'Playbooks this server knows, and the files that fail validation with why',
        response: {
          200: z.object({
            items: z.array(playbookSummarySchema),
            failed: z.array(z.object({ file: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    async () => {
      const items: z.infer<typeof playbookSummarySchema>[] = [];
      const failed: { file: string; reason: string }[] = [];
      for (const folder of folders) {
        const loaded = await loadPlaybooks(folder).catch((error: Error) => ({
          playbooks: [],
          failed: [{ file: folder, reason: error.message }],
        }));
        failed.push(...loaded.failed);
        for (const playbook of loaded.playbooks) {
          items.push({
            id: playbook.id,
            ...(playbook.name ? { name: playbook.name } : {}),
            ...(playbook.description ? { description: playbook.description } : {}),
            steps: playbook.steps.map((step) => ({ ref: step.ref, action: step.action })),
            file: folder,
          });
        }
      }
      return { items, failed };
    },
  );

  app.post(
    '/playbooks/check',
    {
      config: { access: 'read' },
      schema: {
        tags: ['playbooks'],
        summary: 'Validate playbook YAML without saving it; errors name the step and the line',
        body: contentTextSchema,
        response: { 200: z.object({ valid: z.boolean(), errors: z.array(contentErrorSchema) }) },
      },
    },
    async (request) => {
      try {
        parsePlaybook(request.body.text);
        return { valid: true, errors: [] };
      } catch (error) {
        return { valid: false, errors: [contentErrorOf(error)] };
      }
    },
  );
}
