/**
 * Detection rules an admin switched off, kept as a ledger in the audit chain (subject
 * `rule-states`): the rules disabled now are the fold of its entries. Rule files stay as they
 * are; the next investigation leaves the disabled rules out (`withoutDisabledRules`).
 */
import type { RuleSet } from '../detect/index.js';
import type { Store } from '../store/index.js';

export const ruleStateLedgerId = 'rule-states';

export interface DisabledRule {
  ruleId: string;
  author: string;
  at: string;
  reason: string;
}

export async function listDisabledRules(store: Store): Promise<Map<string, DisabledRule>> {
  const disabled = new Map<string, DisabledRule>();
  for (const entry of await store.listAudit({ subjectId: ruleStateLedgerId })) {
    const ruleId = entry.details.ruleId;
    if (typeof ruleId !== 'string') continue;
    if (entry.action === 'rule-enabled') disabled.delete(ruleId);
    else if (entry.action === 'rule-disabled')
      disabled.set(ruleId, {
        ruleId,
        author: entry.actor,
        at: entry.timestamp,
        reason: typeof entry.details.reason === 'string' ? entry.details.reason : '',
      });
  }
  return disabled;
}

/** Records the change when it is one (disabling a disabled rule adds nothing); returns whether it changed. */
export async function setRuleEnabled(
  store: Store,
  input: { ruleId: string; enabled: boolean; author: string; reason: string },
): Promise<boolean> {
  const disabled = await listDisabledRules(store);
  if (disabled.has(input.ruleId) !== input.enabled) return false;
  await store.appendAudit({
    actor: input.author,
    action: input.enabled ? 'rule-enabled' : 'rule-disabled',
    subject: { kind: 'rule-state', id: ruleStateLedgerId },
    details: { ruleId: input.ruleId, reason: input.reason },
  });
  return true;
}

/** The rule set without the disabled detection, correlation and filter rules. */
export function withoutDisabledRules(set: RuleSet, disabled: ReadonlySet<string>): RuleSet {
  if (disabled.size === 0) return set;
  return {
    ...set,
    rules: set.rules.filter((rule) => !disabled.has(rule.id)),
    correlations: set.correlations.filter((rule) => !disabled.has(rule.id)),
    filters: set.filters.filter((rule) => !disabled.has(rule.id)),
  };
}
