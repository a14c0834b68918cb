import { z } from 'zod';
import { evidenceRefSchema } from './evidence.js';

/** Built-in response action types; `other` for connector-specific actions. */
export const actionTypeSchema = z.enum([
  'block-ip',
  'block-domain',
  'block-url',
  'isolate-host',
  'release-host',
  'disable-account',
  'enable-account',
  'kill-process',
  'quarantine-file',
  'reset-credentials',
  'collect-artefacts',
  'open-ticket',
  'notify',
  'add-to-watchlist',
  'run-script',
  'other',
]);
export type ActionType = z.infer<typeof actionTypeSchema>;

export const targetKindSchema = z.enum([
  'ip',
  'cidr',
  'domain',
  'url',
  'host',
  'user',
  'process',
  'file',
  'hash',
  'incident',
  'other',
]);

export const riskSchema = z.enum(['low', 'medium', 'high', 'critical']);
export type Risk = z.infer<typeof riskSchema>;

/** A response action the planner proposes, with its target, risk and the evidence that justifies it. */
export const actionProposalSchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    actionType: actionTypeSchema,
    target: z.object({ kind: targetKindSchema, value: z.string().min(1) }),
    parameters: z.record(z.string(), z.unknown()).default({}),
    risk: riskSchema,
    reversible: z.boolean(),
    rationale: z.string().min(1),
    expectedEffect: z.string().optional(),
    /** At least one stored object that justifies the action. */
    evidence: z.array(evidenceRefSchema).min(1),
  })
  .meta({ description: 'A proposed response action with its evidence' });
export type ActionProposal = z.infer<typeof actionProposalSchema>;
