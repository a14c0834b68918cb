/** What the orchestrator checks of a run's drafts before it creates the run, and the summary its audit entries give. */
import { InputInvalidError, type Run } from '../../core/index.js';
import type { StepDraft } from './build-steps.js';

/** How many steps of the run are in each status, with the run's status. */
export function summary(run: Run): Record<string, unknown> {
  const counts: Record<string, number> = {};
  for (const step of run.steps) counts[step.status] = (counts[step.status] ?? 0) + 1;
  return { status: run.status, steps: counts };
}
/** Refs unique, dependencies known and acyclic; errors name the step. */
export function checkDrafts(drafts: readonly StepDraft[]): void {
  const refs = new Set<string>();
  for (const draft of drafts) {
    if (refs.has(draft.ref))
      throw new InputInvalidError(`step ${draft.ref} appears twice`, {
        location: { objectId: draft.ref, field: 'ref' },
      });
    refs.add(draft.ref);
  }
  const byRef = new Map(drafts.map((draft) => [draft.ref, draft]));
  for (const draft of drafts) {
    for (const dependency of draft.dependsOn ?? []) {
      if (!refs.has(dependency)) {
        throw new InputInvalidError(`step ${draft.ref} depends on unknown step ${dependency}`, {
          location: { objectId: draft.ref, field: 'depends_on' },
        });
      }
    }
  }
  const visiting = new Set<string>();
  const done = new Set<string>();
  const visit = (ref: string) => {
    if (done.has(ref)) return;
    if (visiting.has(ref))
      throw new InputInvalidError(`step ${ref} is part of a dependency cycle`, {
        location: { objectId: ref, field: 'depends_on' },
      });
    visiting.add(ref);
    for (const dependency of byRef.get(ref)?.dependsOn ?? []) visit(dependency);
    visiting.delete(ref);
    done.add(ref);
  };
  for (const ref of refs) visit(ref);
}
