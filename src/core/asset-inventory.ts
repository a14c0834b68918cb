/** The user's asset inventory (YAML or JSON): each host's criticality and role. */
import { z } from 'zod';
import { riskSchema } from './action-proposal.js';

export const assetSchema = z
  .object({
    host: z.string().min(1),
    /** How much the organisation loses if the host is hit: impact scoring and policy protections. */
    criticality: riskSchema,
    /** What the host is, e.g. `domain controller`; response policies protect by role. */
    role: z.string().optional(),
  })
  .loose();

export const assetInventorySchema = z.object({ assets: z.array(assetSchema) });

export type Asset = z.infer<typeof assetSchema>;
