/** Shapes shared by the content routes (policy, rules, playbooks): YAML text in, a verdict with located errors out. */
import { z } from 'zod';
import { VigilError } from '../../core/index.js';

export const contentTextSchema = z.strictObject({
  text: z
    .string()
    .min(1, 'send the YAML text')
    .max(512 * 1024),
});

export const contentErrorSchema = z.object({
  message: z.string(),
  line: z.number().int().optional(),
  field: z.string().optional(),
  file: z.string().optional(),
});
export type ContentError = z.infer<typeof contentErrorSchema>;

/** A thrown VigilError (parse or schema failure) as a located content error. */
export function contentErrorOf(error: unknown): ContentError {
  if (VigilError.isInstance(error)) {
    const location = error.location ?? {};
    return {
      message: error.message,
      ...(typeof location.line === 'number' ? { line: location.line } : {}),
      ...(location.field ? { field: String(location.field) } : {}),
    };
  }
  return { message: (error as Error).message };
}
