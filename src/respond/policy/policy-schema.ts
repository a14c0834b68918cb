/**
 * The response policy, as the CERT writes it (YAML). It decides per proposal whether an
 * action runs at once, waits for one or two analysts, or is refused. Nothing a reasoner or
 * a log line says can change it: it is read from the CERT's file only.
 */
import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { actionTypeSchema, riskSchema } from '../../core/index.js';
import { durationSchema } from './duration.js';

const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'write a time of day as HH:MM');

const timeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, 'unknown time zone');

const addressOrRange = z
  .string()
  .refine((value) => ipaddr.isValid(value) || isRange(value), 'not an IP address or CIDR range');

function isRange(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

export const protectedAssetSchema = z
  .object({
    /** Host name (short or fully qualified, case-insensitive). */
    host: z.string().min(1).optional(),
    /** Role from the asset inventory, e.g. `domain controller`. */
    role: z.string().min(1).optional(),
    criticality: riskSchema.optional(),
    /** Actions never allowed on a matching asset. */
    refuse: z.array(actionTypeSchema).default([]),
    /** Whether every other action on it needs an analyst. */
    noAuto: z.boolean().default(true),
  })
  .strict()
  .refine((asset) => asset.host || asset.role || asset.criticality, 'name a host, a role or a criticality');

export const policySchema = z
  .object({
    version: z.literal(1),
    /** Decision for anything that is neither refused nor allowed to run automatically. */
    defaultDecision: z.enum(['approval', 'refuse']).default('approval'),
    approval: z
      .object({
        /** Risks that need two distinct analysts. */
        twoPersonRisk: z.array(riskSchema).default(['high', 'critical']),
        timeout: durationSchema.default(4 * 3_600_000),
        /** What a request decides when nobody answers in time. */
        onTimeout: z.enum(['deny', 'approve']).default('deny'),
        escalateAfter: durationSchema.optional(),
        escalateTo: z.string().min(1).optional(),
      })
      .strict()
      .prefault({}),
    auto: z
      .object({
        actions: z.array(actionTypeSchema).default([]),
        maxRisk: riskSchema.default('low'),
        minConfidence: z.number().min(0).max(1).default(0.8),
        /** Automatic actions only between these times (wraps past midnight when `from` > `to`). */
        hours: z
          .object({ from: clockTime, to: clockTime, timeZone: timeZone.default('UTC') })
          .strict()
          .optional(),
        /** Automatic only when analysts approved this action type often enough before. */
        trackRecord: z
          .object({
            minDecisions: z.number().int().nonnegative().default(3),
            maxRejectionRate: z.number().min(0).max(1).default(0.2),
          })
          .strict()
          .optional(),
      })
      .strict()
      .prefault({}),
    refuse: z
      .object({ actions: z.array(actionTypeSchema).default([]) })
      .strict()
      .prefault({}),
    protectedAssets: z.array(protectedAssetSchema).default([]),
    /** Targets Vigil must never block, isolate or disable: own DNS resolvers, gateways, key accounts. */
    allowList: z
      .object({
        addresses: z.array(addressOrRange).default([]),
        domains: z.array(z.string().min(1)).default([]),
        hosts: z.array(z.string().min(1)).default([]),
        users: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .meta({ description: 'The response policy: auto, approval or refuse per proposed action' });
export type Policy = z.infer<typeof policySchema>;
export type ProtectedAsset = z.infer<typeof protectedAssetSchema>;
