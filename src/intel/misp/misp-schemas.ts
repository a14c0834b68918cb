import { z } from 'zod';

/** MISP writes booleans as true/false, "1"/"0" or 1/0 depending on version and endpoint. */
const mispBoolean = z
  .union([
    z.boolean(),
    z.literal('1'),
    z.literal('0'),
    z.literal(1),
    z.literal(0),
    z.literal('true'),
    z.literal('false'),
  ])
  .transform((value) => value === true || value === '1' || value === 1 || value === 'true');

/** Numbers that MISP sometimes writes as strings (timestamps, ids, levels). */
const mispNumber = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);

export const mispTagSchema = z.object({ name: z.string(), colour: z.string().optional() }).loose();
export type MispTag = z.infer<typeof mispTagSchema>;

/**
 * A list whose malformed entries are dropped instead of failing the event or attribute around
 * them (a tag `{"name": 5}` must not lose the event); `malformedEntries` reports what was dropped.
 */
function tolerantList<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .default([])
    .transform((items) =>
      items.flatMap((entry) => {
        const parsed = item.safeParse(entry);
        return parsed.success ? [parsed.data as z.output<T>] : [];
      }),
    );
}

/** Positions and reasons of the entries of `list` that `item` refuses. */
export function malformedEntries(
  list: unknown,
  item: z.ZodType,
  position: string,
): { position: string; reason: string }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry, index) => {
    const parsed = item.safeParse(entry);
    return parsed.success
      ? []
      : [
          {
            position: `${position}[${index}]`,
            reason: `ignored: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(entry)'}: ${issue.message}`).join('; ')}`,
          },
        ];
  });
}

export const mispSightingSchema = z
  .object({
    date_sighting: mispNumber.optional(),
    type: z.union([z.string(), z.number()]).optional(),
    source: z.string().optional(),
  })
  .loose();

export const mispGalaxyClusterSchema = z
  .object({
    value: z.string(),
    type: z.string().optional(),
    tag_name: z.string().optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .loose();

export const mispGalaxySchema = z
  .object({
    name: z.string().optional(),
    type: z.string().optional(),
    GalaxyCluster: tolerantList(mispGalaxyClusterSchema),
  })
  .loose();

export const mispAttributeSchema = z
  .object({
    uuid: z.string().optional(),
    type: z.string(),
    category: z.string().optional(),
    value: z.string(),
    to_ids: mispBoolean.default(false),
    comment: z.string().optional(),
    timestamp: mispNumber.optional(),
    first_seen: z.string().nullable().optional(),
    last_seen: z.string().nullable().optional(),
    deleted: mispBoolean.optional(),
    object_relation: z.string().nullable().optional(),
    distribution: z.union([z.string(), z.number()]).optional(),
    Tag: tolerantList(mispTagSchema),
    Sighting: tolerantList(mispSightingSchema),
    Galaxy: tolerantList(mispGalaxySchema),
  })
  .loose();
export type MispAttribute = z.infer<typeof mispAttributeSchema>;

export const mispObjectSchema = z
  .object({
    uuid: z.string().optional(),
    name: z.string(),
    'meta-category': z.string().optional(),
    template_uuid: z.string().optional(),
    template_version: z.union([z.string(), z.number()]).optional(),
    comment: z.string().optional(),
    timestamp: mispNumber.optional(),
    Attribute: z.array(z.unknown()).default([]),
  })
  .loose();
export type MispObject = z.infer<typeof mispObjectSchema>;

export const mispEventSchema = z
  .object({
    uuid: z.string().optional(),
    info: z.string().default(''),
    date: z.string().optional(),
    timestamp: mispNumber.optional(),
    publish_timestamp: mispNumber.optional(),
    published: mispBoolean.optional(),
    threat_level_id: mispNumber.optional(),
    analysis: mispNumber.optional(),
    distribution: z.union([z.string(), z.number()]).optional(),
    Orgc: z.object({ name: z.string().optional(), uuid: z.string().optional() }).loose().optional(),
    Org: z.object({ name: z.string().optional(), uuid: z.string().optional() }).loose().optional(),
    Tag: tolerantList(mispTagSchema),
    Galaxy: tolerantList(mispGalaxySchema),
    Attribute: z.array(z.unknown()).default([]),
    Object: z.array(z.unknown()).default([]),
  })
  .loose();
export type MispEvent = z.infer<typeof mispEventSchema>;

/** An entry of a MISP feed's manifest.json (keyed by event uuid). */
export const mispManifestEntrySchema = z
  .object({
    info: z.string().optional(),
    date: z.string().optional(),
    timestamp: mispNumber,
    threat_level_id: mispNumber.optional(),
    analysis: mispNumber.optional(),
    Orgc: z.object({ name: z.string().optional(), uuid: z.string().optional() }).loose().optional(),
    Tag: tolerantList(mispTagSchema),
  })
  .loose();
export const mispManifestSchema = z.record(z.string(), mispManifestEntrySchema);
export type MispManifest = z.infer<typeof mispManifestSchema>;
