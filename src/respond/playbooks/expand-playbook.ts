/** Playbook → run step drafts for one incident, and selection of the playbooks that fit an incident. */
import { InputInvalidError } from '../../core/index.js';
import type { StepDraft } from '../orchestrator/build-steps.js';
import { compileExpression, evaluateCondition, expandTemplates, type Json } from './expression.js';
import type { Playbook } from './playbook-schema.js';

/** What a playbook can see when it is expanded: the incident, its plan, anything else given. */
export type ExpansionScope = Record<string, Json>;

export function expandPlaybook(playbook: Playbook, scope: ExpansionScope): StepDraft[] {
  const drafts: StepDraft[] = [];
  const expandedRefs = new Map<string, string[]>();
  for (const step of playbook.steps) {
    const dependsOn = step.depends_on.flatMap((ref) => expandedRefs.get(ref) ?? []);
    const base = {
      actionType: step.action,
      dependsOn,
      onFailure: step.on_failure,
      approval: step.approval,
      ...(step.timeout !== undefined ? { timeoutMs: step.timeout } : {}),
      rationale: step.description ?? `playbook ${playbook.id}, step ${step.ref}`,
    };
    const render = (itemScope: ExpansionScope) => {
      const rendered = expandTemplates(step.target, itemScope);
      if (rendered.templates.length > 0)
        throw new InputInvalidError(`step ${step.ref}: the target can only read the incident, the plan and the item`, {
          location: { objectId: step.ref, field: 'target.value' },
        });
      const target = rendered.value as { kind: StepDraft['target']['kind']; value: Json };
      if (typeof target.value !== 'string' || target.value.length === 0) {
        throw new InputInvalidError(
          `step ${step.ref}: the target renders to ${JSON.stringify(target.value)}, not a value`,
          { location: { objectId: step.ref, field: 'target.value' } },
        );
      }
      const parameters = expandTemplates(step.args, itemScope);
      return {
        target: { kind: target.kind, value: target.value },
        parameters: parameters.value as Record<string, unknown>,
        ...(parameters.templates.length > 0 ? { templates: parameters.templates } : {}),
      };
    };
    if (!step.for_each) {
      drafts.push({ ref: step.ref, ...base, ...render(scope), ...(step.if ? { condition: step.if } : {}) });
      expandedRefs.set(step.ref, [step.ref]);
      continue;
    }
    const items = compileExpression(step.for_each).evaluate(scope);
    if (!Array.isArray(items))
      throw new InputInvalidError(`step ${step.ref}: for_each must give a list`, {
        location: { objectId: step.ref, field: 'for_each' },
      });
    const refs: string[] = [];
    items.forEach((item, index) => {
      const itemScope = { ...scope, item, index };
      if (step.if && !evaluateCondition(step.if, itemScope)) return;
      const ref = `${step.ref}-${index + 1}`;
      drafts.push({ ref, ...base, ...render(itemScope) });
      refs.push(ref);
    });
    expandedRefs.set(step.ref, refs);
  }
  return drafts;
}

export interface IncidentSignature {
  techniques: readonly string[];
  tactics: readonly string[];
  rules: readonly string[];
}

/** Playbooks whose `select` names one of the incident's techniques (or a parent), tactics or rules. */
export function selectPlaybooks(playbooks: readonly Playbook[], incident: IncidentSignature): Playbook[] {
  return playbooks.filter(({ select }) => {
    const technique = select.techniques.some((wanted) =>
      incident.techniques.some((seen) => seen === wanted || seen.startsWith(`${wanted}.`)),
    );
    return (
      technique ||
      select.tactics.some((tactic) => incident.tactics.includes(tactic)) ||
      select.rules.some((rule) => incident.rules.includes(rule))
    );
  });
}
