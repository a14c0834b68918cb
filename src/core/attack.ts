import { z } from 'zod';

/** ATT&CK Enterprise tactics in kill-chain order, by their x_mitre_shortname. */
export const tacticOrder = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;

/** An ATT&CK tactic short name; `other` covers ICS/Mobile tactics, `unknown` when not known. */
export const tacticSchema = z
  .enum([...tacticOrder, 'other', 'unknown'])
  .meta({ description: 'ATT&CK tactic short name (kill-chain phase)' });
export type Tactic = z.infer<typeof tacticSchema>;

/** ATT&CK tactic external ids (TA00xx) by short name. */
export const tacticIds: Record<(typeof tacticOrder)[number], string> = {
  reconnaissance: 'TA0043',
  'resource-development': 'TA0042',
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  collection: 'TA0009',
  'command-and-control': 'TA0011',
  exfiltration: 'TA0010',
  impact: 'TA0040',
};

/** Position of a tactic on the kill chain; other/unknown sort last. */
export function tacticRank(tactic: Tactic): number {
  const index = (tacticOrder as readonly string[]).indexOf(tactic);
  return index === -1 ? tacticOrder.length : index;
}

/** An ATT&CK technique id such as T1059 or T1059.001. */
export const techniqueIdSchema = z
  .string()
  .regex(/^T\d{4}(\.\d{3})?$/)
  .meta({ description: 'ATT&CK technique or sub-technique id' });

/** A reference to an ATT&CK technique with the tactics it serves. */
export const techniqueRefSchema = z
  .object({
    id: techniqueIdSchema,
    name: z.string().optional(),
    tactics: z.array(tacticSchema).default([]),
  })
  .meta({ description: 'Reference to an ATT&CK technique' });
export type TechniqueRef = z.infer<typeof techniqueRefSchema>;
