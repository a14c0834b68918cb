/** From a stored incident to run step drafts: its plan's proposals, or a playbook expanded over the plan. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  type ActionProposal,
  type Incident,
  InputInvalidError,
  InputUnreadableError,
  NotFoundError,
} from '../core/index.js';
import type { Store } from '../store/index.js';
import { draftsFromProposals, type StepDraft } from './orchestrator/build-steps.js';
import { expandPlaybook } from './playbooks/expand-playbook.js';
import type { Json } from './playbooks/expression.js';
import type { Playbook } from './playbooks/playbook-schema.js';
import type { PolicyAsset } from './policy/decide.js';

export interface IncidentResponseInput {
  incident: Incident;
  proposals: ActionProposal[];
  /** The reasoning's confidence in the attack sequence, when it was stored. */
  confidence: number | undefined;
  drafts: StepDraft[];
}

export async function draftsForIncident(
  store: Store,
  incidentId: string,
  playbook?: Playbook,
): Promise<IncidentResponseInput> {
  const stored = await store.getIncident(incidentId);
  if (!stored)
    throw new NotFoundError(`no incident ${incidentId} in the store`, { location: { objectId: incidentId } });
  const proposals = await store.listProposals(incidentId);
  const confidence = stored.artifacts.sequence?.confidence;
  const drafts = playbook
    ? expandPlaybook(playbook, {
        incident: stored.incident as unknown as Json,
        plan: { actions: proposals as unknown as Json },
      })
    : draftsFromProposals(proposals);
  return { incident: stored.incident, proposals, confidence, drafts };
}

/**
 * The asset inventory file (the YAML the reasoner reads too). Kept here rather than imported
 * from reason so that reason can use this folder's action catalogue without an import cycle.
 */
const assetInventoryFileSchema = z.object({
  assets: z.array(
    z
      .object({
        host: z.string().min(1),
        criticality: z.enum(['low', 'medium', 'high', 'critical']),
        role: z.string().optional(),
      })
      .loose(),
  ),
});

/** Reads the asset inventory as policy assets, roles included. */
export async function loadPolicyAssets(file: string): Promise<PolicyAsset[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the asset inventory: ${(error as Error).message}`, {
      location: { file },
      cause: error,
    });
  }
  const parsed = assetInventoryFileSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputInvalidError(`invalid asset inventory: ${issue.message}`, {
      location: { file, field: issue.path.join('.') },
    });
  }
  return parsed.data.assets;
}
