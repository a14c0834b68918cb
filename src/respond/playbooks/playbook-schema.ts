/**
 * Playbooks in YAML. Steps run in plan order as `depends_on` allows; `args` and `target` may
 * hold `${{ expression }}` templates of the safe expression language. `for_each` expands a step
 * once per item of a list (its `if` then filters items at expansion, with `item` in scope);
 * on other steps `if` is checked when the step is about to run, with earlier steps' outputs.
 */
import { z } from 'zod';
import { actionTypeSchema, targetKindSchema, techniqueIdSchema } from '../../core/index.js';
import { durationSchema } from '../policy/duration.js';

export const playbookStepSchema = z
  .object({
    ref: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'write a ref in lower case letters, digits, - and _'),
    action: actionTypeSchema,
    description: z.string().optional(),
    target: z.object({ kind: targetKindSchema, value: z.string().min(1) }).strict(),
    args: z.record(z.string(), z.unknown()).default({}),
    depends_on: z.array(z.string()).default([]),
    if: z.string().min(1).optional(),
    for_each: z.string().min(1).optional(),
    on_failure: z.enum(['abort', 'continue', 'rollback']).default('abort'),
    /** `policy` leaves it to the policy; `required` and `two-person` can only make it stricter. */
    approval: z.enum(['policy', 'required', 'two-person']).default('policy'),
    timeout: durationSchema.optional(),
  })
  .strict();
export type PlaybookStep = z.infer<typeof playbookStepSchema>;

export const playbookSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    name: z.string().min(1),
    description: z.string().optional(),
    /** When this playbook applies: any listed technique (or a sub-technique of it), tactic or rule. */
    select: z
      .object({
        techniques: z.array(techniqueIdSchema).default([]),
        tactics: z.array(z.string()).default([]),
        rules: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    steps: z.array(playbookStepSchema).min(1),
  })
  .strict()
  .meta({ description: 'A response playbook' });
export type Playbook = z.infer<typeof playbookSchema>;
