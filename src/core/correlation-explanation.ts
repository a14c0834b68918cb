/**
 * Why alerts were merged into one incident, or kept apart: every union and every refused
 * link is recorded with its rule, so an analyst can read how an incident was formed.
 */
import { z } from 'zod';

export const mergeRuleSchema = z.enum([
  /** Two alerts' events share an entity (host, user, address, domain, hash, process, logon) within the window. */
  'shared-entity',
  /** The alert happened in a logon session that came from an entity of the other alert. */
  'logon-session',
  /** The alert happened in a process tree holding an entity of the other alert. */
  'process-tree',
  /** Both alerts involve the same threat-intelligence indicator value (strong: longer window, no hub limit). */
  'threat-intel',
  /** One of the alerts is a Sigma correlation result over the shared entity (strong: longer window). */
  'correlation-rule',
]);
export type MergeRule = z.infer<typeof mergeRuleSchema>;

export const splitRuleSchema = z.enum([
  /** The entity linked more distinct hosts than the fan-out limit: a hub, no longer linking. */
  'hub-entity',
  /** The entity was last seen longer ago than the window allows. */
  'outside-window',
]);
export type SplitRule = z.infer<typeof splitRuleSchema>;

export const correlationExplanationSchema = z.object({
  merges: z.array(
    z.object({
      rule: mergeRuleSchema,
      key: z.string(),
      alertId: z.string(),
      joinedAlertId: z.string(),
      at: z.iso.datetime({ offset: true }),
      /** The context event (logon, process creation) that showed an indirect link. */
      eventId: z.string().optional(),
      reason: z.string(),
    }),
  ),
  splits: z.array(
    z.object({
      rule: splitRuleSchema,
      key: z.string(),
      alertId: z.string(),
      at: z.iso.datetime({ offset: true }),
      reason: z.string(),
    }),
  ),
  /** Merges and splits beyond the kept ones (only the first are listed for large incidents). */
  omitted: z.number().int().min(0),
});
export type CorrelationExplanation = z.infer<typeof correlationExplanationSchema>;
export type MergeExplanation = CorrelationExplanation['merges'][number];
export type SplitExplanation = CorrelationExplanation['splits'][number];
