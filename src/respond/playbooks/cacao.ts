/**
 * OASIS CACAO 2.0 import and export for the subset that maps.
 * Export: a linear workflow start → (if-condition →) action … → end in dependency order;
 * each action step keeps the full Vigil step in a Vigil extension, so a round trip is exact.
 * Import: Vigil's extension when present; otherwise each action step becomes an `other`
 * step carrying its CACAO commands (which the default policy refuses until someone maps it).
 * Not mapped: parallel, while, switch and playbook-action steps, variables, agents, targets.
 */
import { createHash } from 'node:crypto';
import { InputInvalidError } from '../../core/index.js';
import { checkPlaybook } from './load-playbook.js';
import { type Playbook, type PlaybookStep, playbookSchema, playbookStepSchema } from './playbook-schema.js';

export const vigilExtensionId = 'extension-definition--6c8a5d2e-2f4b-5b7e-9a3c-7d0e1f2a3b4c';

/** A stable UUID-shaped identifier derived from text. */
function stableUuid(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface CacaoStep {
  type: string;
  name?: string;
  description?: string;
  on_completion?: string;
  on_success?: string;
  on_failure?: string;
  on_true?: string;
  on_false?: string;
  condition?: string;
  commands?: Array<{ type: string; command?: string; description?: string }>;
  extensions?: Record<string, unknown>;
}

export interface CacaoPlaybook {
  type: 'playbook';
  spec_version: 'cacao-2.0';
  id: string;
  name: string;
  description?: string;
  playbook_types?: string[];
  created_by: string;
  created: string;
  modified: string;
  workflow_start: string;
  workflow: Record<string, CacaoStep>;
  extension_definitions?: Record<string, unknown>;
  playbook_extensions?: Record<string, unknown>;
}

export function toCacao(playbook: Playbook, now = new Date('2024-01-01T00:00:00Z')): CacaoPlaybook {
  const stepId = (kind: string, name: string) => `${kind}--${stableUuid(`${playbook.id}/${kind}/${name}`)}`;
  const start = stepId('start', 'start');
  const end = stepId('end', 'end');
  const workflow: Record<string, CacaoStep> = {};
  const entries = playbook.steps.map((step) => ({
    step,
    action: stepId('action', step.ref),
    gate: step.if && !step.for_each ? stepId('if-condition', step.ref) : undefined,
  }));
  const entryOf = (index: number) => (index < entries.length ? (entries[index]!.gate ?? entries[index]!.action) : end);
  workflow[start] = { type: 'start', on_completion: entryOf(0) };
  entries.forEach(({ step, action, gate }, index) => {
    const next = entryOf(index + 1);
    if (gate)
      workflow[gate] = {
        type: 'if-condition',
        name: `${step.ref}?`,
        condition: step.if!,
        on_true: action,
        on_false: next,
      };
    workflow[action] = {
      type: 'action',
      name: step.ref,
      ...(step.description ? { description: step.description } : {}),
      commands: [
        {
          type: 'manual',
          command: `vigil ${step.action} ${step.target.kind}:${step.target.value}`,
          description: step.description ?? step.action,
        },
      ],
      on_completion: next,
      on_failure: step.on_failure === 'continue' ? next : end,
      extensions: { [vigilExtensionId]: { ...step } },
    };
  });
  workflow[end] = { type: 'end' };
  return {
    type: 'playbook',
    spec_version: 'cacao-2.0',
    id: `playbook--${stableUuid(playbook.id)}`,
    name: playbook.name,
    ...(playbook.description ? { description: playbook.description } : {}),
    playbook_types: ['mitigation'],
    created_by: `identity--${stableUuid('vigil')}`,
    created: now.toISOString(),
    modified: now.toISOString(),
    workflow_start: start,
    workflow,
    playbook_extensions: { [vigilExtensionId]: { id: playbook.id, select: playbook.select } },
    extension_definitions: {
      [vigilExtensionId]: {
        type: 'extension-definition',
        name: 'vigil-step',
        description: 'The Vigil playbook step this action step was exported from',
        created_by: `identity--${stableUuid('vigil')}`,
        schema: 'https://vigil.invalid/schemas/playbook-step',
        version: '1.0.0',
      },
    },
  };
}

const slug = (text: string, fallback: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '') || fallback;

export function fromCacao(document: unknown, source = '<cacao>'): Playbook {
  const cacao = document as Partial<CacaoPlaybook>;
  if (cacao?.type !== 'playbook' || cacao.spec_version !== 'cacao-2.0' || !cacao.workflow || !cacao.workflow_start) {
    throw new InputInvalidError('not a CACAO 2.0 playbook (type, spec_version, workflow, workflow_start)', {
      location: { file: source },
    });
  }
  const workflow = cacao.workflow;
  const steps: PlaybookStep[] = [];
  const seen = new Set<string>();
  let current: string | undefined = cacao.workflow_start;
  let previous: string | undefined;
  while (current && !seen.has(current)) {
    seen.add(current);
    const step: CacaoStep | undefined = workflow[current];
    if (!step)
      throw new InputInvalidError(`workflow step ${current} is referenced but not defined`, {
        location: { file: source, objectId: current },
      });
    if (step.type === 'start') current = step.on_completion;
    else if (step.type === 'end') break;
    else if (step.type === 'if-condition') current = step.on_true;
    else if (step.type === 'action') {
      const extension = step.extensions?.[vigilExtensionId];
      const parsed = extension ? playbookStepSchema.safeParse(extension) : undefined;
      if (parsed?.success) steps.push(parsed.data);
      else {
        let ref = slug(step.name ?? '', `step-${steps.length + 1}`);
        while (steps.some((existing) => existing.ref === ref)) ref = `${ref}-${steps.length + 1}`;
        steps.push(
          playbookStepSchema.parse({
            ref,
            action: 'other',
            ...(step.description ? { description: step.description } : {}),
            target: { kind: 'other', value: step.name ?? current },
            args: { cacaoStep: current, commands: step.commands ?? [] },
            depends_on: previous ? [previous] : [],
            approval: 'required',
          }),
        );
      }
      previous = steps[steps.length - 1]!.ref;
      current = step.on_completion ?? step.on_success;
    } else {
      throw new InputInvalidError(`CACAO step type ${step.type} is not supported yet (${current})`, {
        location: { file: source, objectId: current },
      });
    }
  }
  const vigil = (cacao.playbook_extensions?.[vigilExtensionId] ?? {}) as { id?: unknown; select?: unknown };
  const playbook = playbookSchema.parse({
    id: typeof vigil.id === 'string' ? vigil.id : slug(cacao.name ?? cacao.id ?? 'imported', 'imported'),
    ...(vigil.select ? { select: vigil.select } : {}),
    name: cacao.name ?? 'imported CACAO playbook',
    ...(cacao.description ? { description: cacao.description } : {}),
    steps,
  });
  return checkPlaybook(playbook, source);
}
