/**
 * The scenario format of `vigil eval` (one folder, `scenario.yaml` and its files). Written by
 * anyone: paths are relative to the scenario folder and may not leave it; unknown keys are kept
 * out (strict) so a typo is reported instead of silently ignored.
 */
import { z } from 'zod';
import { actionTypeSchema } from '../core/index.js';

const relativePath = z
  .string()
  .min(1)
  .refine((path) => !path.startsWith('/') && !/^[a-z]:[\\/]/i.test(path) && !path.split(/[\\/]/).includes('..'), {
    message: 'paths are relative to the scenario folder and stay inside it',
  });

/** An action the truth accepts or forbids; without a target, any target of that type. */
export const truthActionSchema = z.object({ type: actionTypeSchema, target: z.string().min(1).optional() }).strict();
export type TruthAction = z.infer<typeof truthActionSchema>;

const techniqueId = z.string().regex(/^T\d{4}(\.\d{3})?$/, 'an ATT&CK technique id such as T1003.001');
const tacticId = z.string().regex(/^TA\d{4}$/, 'an ATT&CK tactic id such as TA0006');

export const scenarioSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().default(''),
    kind: z.enum(['attack', 'benign']),
    logs: z.array(z.object({ path: relativePath, format: z.string().default('auto') }).strict()).min(1),
    intel: z.array(z.object({ path: relativePath }).strict()).default([]),
    /** The organisation's asset inventory for this scenario (hosts, and who the administrators are). */
    assets: z.object({ path: relativePath }).strict().optional(),
    truth: z
      .object({
        techniques: z.array(techniqueId).default([]),
        tactics: z.array(tacticId).default([]),
        entities: z
          .object({
            hosts: z.array(z.string()).default([]),
            users: z.array(z.string()).default([]),
            ips: z.array(z.string()).default([]),
          })
          .strict()
          .prefault({}),
        indicators: z.array(z.string()).default([]),
        actions: z.array(truthActionSchema).optional(),
        forbidden_actions: z.array(truthActionSchema).default([]),
      })
      .strict()
      .prefault({}),
    /** Optional: a campaign this scenario belongs to (repeated-campaign sequences). */
    campaign: z.string().optional(),
  })
  .strict()
  .meta({ description: 'One evaluation scenario: logs, optional intelligence, and the truth' });
export type Scenario = z.infer<typeof scenarioSchema>;

/** A scenario as loaded: its folder and absolute file paths. */
export interface LoadedScenario {
  scenario: Scenario;
  folder: string;
  logPaths: { path: string; format: string }[];
  intelPaths: string[];
  /** The scenario's asset inventory, when it has one (it replaces the command's `--assets`). */
  assetsPath?: string | undefined;
}
