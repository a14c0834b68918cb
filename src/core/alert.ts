import { z } from 'zod';
import { tacticSchema, techniqueIdSchema } from './attack.js';
import { severitySchema } from './severity.js';

/** What produced an alert. */
export const alertSourceSchema = z.enum([
  'sigma',
  'sigma-correlation',
  'indicator',
  'sensor',
  'stix-pattern',
  'analytic',
  /** Evidence inference: behaviour no rule fired on, nearest to a known attack procedure or command. */
  'inference',
  'other',
]);

/** A detection that fired: which rule or indicator, on which events, with its ATT&CK meaning. */
export const alertSchema = z
  .object({
    /** Deterministic: the same rule on the same events gives the same id. */
    id: z.string(),
    source: alertSourceSchema,
    ruleId: z.string(),
    ruleTitle: z.string(),
    severity: severitySchema,
    timestamp: z.iso.datetime({ offset: true }),
    eventIds: z.array(z.string()).min(1),
    techniques: z.array(techniqueIdSchema).default([]),
    tactics: z.array(tacticSchema).default([]),
    cves: z.array(z.string()).default([]),
    /** For indicator matches: which indicator and which event field matched. */
    match: z
      .object({ indicatorId: z.string(), field: z.string(), value: z.string(), indicatorSource: z.string() })
      .optional(),
    description: z.string().optional(),
    /** How sure the detection is, 0..1, where it can say (behaviour analytics); absent for rule matches. */
    confidence: z.number().min(0).max(1).optional(),
  })
  .meta({ description: 'A detection that fired on one or more events' });
export type Alert = z.infer<typeof alertSchema>;
