import { z } from 'zod';
import { tacticSchema, techniqueIdSchema } from './attack.js';
import { observableTypeSchema } from './observable.js';
import { tlpSchema } from './severity.js';

/** Pattern languages an indicator may be written in (STIX pattern_type vocabulary). */
export const patternTypeSchema = z.enum(['stix', 'sigma', 'snort', 'suricata', 'yara', 'pcre', 'other']);

/** Who or what an indicator is attributed to: an actor, a malware family, a tool or a campaign. */
export const attributionSchema = z.object({
  kind: z.enum(['intrusion-set', 'threat-actor', 'malware', 'tool', 'campaign']),
  name: z.string().min(1).max(200),
  /** ATT&CK id (G0007, S0154, C0012) when the source names one. */
  attackId: z
    .string()
    .regex(/^[GSC]\d{4}$/)
    .optional(),
  /** Where the attribution was read: a STIX relationship or a MISP galaxy. */
  via: z.string().max(300),
  /**
   * Techniques the source says this actor, malware, tool or campaign uses (STIX `uses` relationships
   * to attack-patterns): what it is known to do, not what was seen.
   */
  techniques: z.array(techniqueIdSchema).max(1000).optional(),
  /**
   * The tactics the source itself places some of those techniques in (a STIX attack-pattern's
   * kill-chain phases), so they can be placed without an ATT&CK catalogue.
   */
  techniqueTactics: z.record(techniqueIdSchema, z.array(tacticSchema).max(20)).optional(),
});
export type Attribution = z.infer<typeof attributionSchema>;

/** Something known to signal malicious activity: a single value or a pattern, with its lifecycle. */
export const indicatorSchema = z
  .object({
    /** STIX-style id (`indicator--<uuid>`) or a source-qualified id. */
    id: z.string(),
    /** Observable type for value indicators; absent for pattern-only indicators. */
    type: observableTypeSchema.optional(),
    value: z.string().optional(),
    pattern: z.string().optional(),
    patternType: patternTypeSchema.optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    /** 0–100, as in STIX confidence. */
    confidence: z.number().min(0).max(100).default(50),
    validFrom: z.iso.datetime({ offset: true }).optional(),
    validUntil: z.iso.datetime({ offset: true }).optional(),
    revoked: z.boolean().default(false),
    /** Where it came from: feed name, MISP event, TAXII collection, incident id. */
    source: z.string(),
    tlp: tlpSchema.default('clear'),
    labels: z.array(z.string()).default([]),
    techniques: z.array(techniqueIdSchema).default([]),
    /**
     * Tactics the source names for the indicator itself (STIX `kill_chain_phases`, a MISP category, a
     * feed's threat type such as `botnet_cc`), for when no ATT&CK catalogue gives its techniques' tactics.
     */
    tactics: z.array(tacticSchema).optional(),
    /** Actors, malware, tools and campaigns the source attributes the indicator to. */
    attribution: z.array(attributionSchema).optional(),
    /**
     * What STIX relationships gave the indicator beyond its own fields (the techniques, tactics and
     * attributions, by kind and name, of the relationship walk): computed again from the context
     * known at each join, so a relationship revoked or replaced later takes back what it gave.
     */
    fromRelationships: z
      .object({
        techniques: z.array(techniqueIdSchema).max(1000),
        tactics: z.array(tacticSchema).max(20),
        attributions: z.array(z.string().max(300)).max(20),
      })
      .optional(),
  })
  .refine((indicator) => indicator.value !== undefined || indicator.pattern !== undefined, {
    message: 'an indicator needs a value or a pattern',
  })
  .meta({ description: 'A value or pattern that signals malicious activity' });
export type Indicator = z.infer<typeof indicatorSchema>;
