/**
 * Zod schemas for the YAML documents of Sigma rules, correlation rules and filters (Sigma
 * specification v2). Unknown top-level keys are allowed, as the specification permits custom ones.
 */
import { z } from 'zod';
import { severitySchema } from '../../core/index.js';

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const text = z.union([z.string(), z.number()]).transform(String);

export const logSourceSchema = z
  .object({
    product: text.optional(),
    category: text.optional(),
    service: text.optional(),
    definition: z.unknown().optional(),
  })
  .meta({ description: 'Which kind of log a rule applies to' });
export type SigmaLogSource = z.infer<typeof logSourceSchema>;

/** A selection: a map of `field|modifiers` to values, a list of such maps, or keywords. */
export const selectionSchema = z.union([
  scalar,
  z.record(z.string(), z.union([scalar, z.array(scalar)])),
  z.array(z.union([scalar, z.record(z.string(), z.union([scalar, z.array(scalar)]))])),
]);

const commonFields = {
  title: z.string().min(1),
  id: z.string().optional(),
  name: z.string().optional(),
  status: z.string().optional(),
  description: z.string().optional(),
  level: severitySchema.optional(),
  tags: z.array(z.string()).default([]),
  falsepositives: z.union([z.array(z.unknown()), z.string()]).optional(),
  references: z.array(z.unknown()).optional(),
  author: z.string().optional(),
};

export const detectionRuleDocumentSchema = z
  .object({
    ...commonFields,
    logsource: logSourceSchema,
    detection: z.record(z.string(), z.unknown()).refine((detection) => 'condition' in detection, {
      message: 'detection has no condition',
    }),
    fields: z.array(z.string()).optional(),
  })
  .meta({ description: 'A Sigma detection rule' });
export type DetectionRuleDocument = z.infer<typeof detectionRuleDocumentSchema>;

const conditionOperators = z.object({
  gt: z.number().optional(),
  gte: z.number().optional(),
  lt: z.number().optional(),
  lte: z.number().optional(),
  eq: z.number().optional(),
  neq: z.number().optional(),
  field: z.union([z.string(), z.array(z.string())]).optional(),
  /** For value_percentile: which percentile (0-100) of the field's values the operator compares. */
  percentile: z.number().min(0).max(100).optional(),
});
export type CorrelationConditionDocument = z.infer<typeof conditionOperators>;

export const correlationTypeSchema = z.enum([
  'event_count',
  'value_count',
  'value_sum',
  'value_avg',
  'value_percentile',
  'temporal',
  'temporal_ordered',
]);

export const correlationRuleDocumentSchema = z
  .object({
    ...commonFields,
    correlation: z.object({
      type: z.string(),
      rules: z.union([z.string(), z.array(z.string())]).transform((rules) => (Array.isArray(rules) ? rules : [rules])),
      'group-by': z.union([z.string(), z.array(z.string())]).optional(),
      timespan: z.string().optional(),
      timeframe: z.string().optional(),
      condition: conditionOperators.optional(),
      aliases: z.record(z.string(), z.record(z.string(), z.string())).optional(),
      generate: z.boolean().optional(),
    }),
    generate: z.boolean().optional(),
  })
  .meta({ description: 'A Sigma correlation (meta) rule over the matches of other rules' });
export type CorrelationRuleDocument = z.infer<typeof correlationRuleDocumentSchema>;

export const filterRuleDocumentSchema = z
  .object({
    ...commonFields,
    logsource: logSourceSchema.optional(),
    filter: z.object({ rules: z.union([z.string(), z.array(z.string())]).optional() }).catchall(z.unknown()),
  })
  .meta({ description: 'A Sigma filter: extra conditions that exclude matches of named rules' });
export type FilterRuleDocument = z.infer<typeof filterRuleDocumentSchema>;
