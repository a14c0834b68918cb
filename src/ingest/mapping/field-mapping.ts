import { readFile } from 'node:fs/promises';

import { z } from 'zod';
import { eventCategorySchema, InputInvalidError, InputUnreadableError } from '../../core/index.js';
import { parseYaml } from '../../guard/index.js';

/** Normalised fields a mapping may fill, by their dotted ECS-style path in the Event. */
export const mappableTargets = [
  'message',
  'action',
  'outcome',
  'code',
  'provider',
  'host.name',
  'host.ip',
  'user.name',
  'user.domain',
  'user.id',
  'targetUser.name',
  'process.pid',
  'process.name',
  'process.executable',
  'process.commandLine',
  'process.parent.pid',
  'process.parent.executable',
  'process.parent.commandLine',
  'process.hashes.md5',
  'process.hashes.sha1',
  'process.hashes.sha256',
  'file.path',
  'file.name',
  'file.hashes.md5',
  'file.hashes.sha1',
  'file.hashes.sha256',
  'registry.key',
  'registry.data',
  'source.ip',
  'source.port',
  'source.domain',
  'destination.ip',
  'destination.port',
  'destination.domain',
  'network.transport',
  'network.protocol',
  'network.bytes',
  'dns.question.name',
  'url.full',
  'url.domain',
  'url.path',
  'http.method',
  'http.statusCode',
  'http.userAgent',
  'tls.serverName',
  'auth.logonType',
  'auth.method',
] as const;
export type MappableTarget = (typeof mappableTargets)[number];

/**
 * A declarative description of a JSON-lines or CSV source, so a user adds a source without code.
 * `fields` maps a normalised target (`source.ip`) to the source's field name (`src`), or to a list
 * of names tried in order.
 */
export const fieldMappingSchema = z
  .object({
    /** Name of the source, written to `origin.dataset`. */
    dataset: z.string().min(1).optional(),
    /** Source field holding the time; tried in order. */
    timestamp: z.union([z.string(), z.array(z.string())]).optional(),
    category: z.array(eventCategorySchema).optional(),
    fields: z.partialRecord(z.enum(mappableTargets), z.union([z.string(), z.array(z.string()).min(1)])).default({}),
    /** CSV only: the column delimiter (default `,`). */
    delimiter: z.string().length(1).optional(),
    /** CSV only: column names when the file has no header line. */
    columns: z.array(z.string()).optional(),
  })
  .strict()
  .meta({ description: 'Field mapping for a generic JSON-lines or CSV source' });
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

/** Reads and validates a mapping file (YAML or JSON). */
export async function loadFieldMapping(path: string): Promise<FieldMapping> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read field mapping: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new InputInvalidError(`field mapping is not valid YAML or JSON: ${(error as Error).message}`, {
      location: { file: path },
      cause: error,
    });
  }
  const parsed = fieldMappingSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputInvalidError(`invalid field mapping: ${issue?.message ?? 'unknown problem'}`, {
      location: { file: path, field: issue?.path.join('.') },
    });
  }
  return parsed.data;
}
