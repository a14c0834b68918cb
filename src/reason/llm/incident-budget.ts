/**
 * Token and cost budget for one incident. Each call's usage is charged after it returns;
 * once the budget is spent, the stages still to run fall back to the built-in reasoner.
 */
import type { TokenUsage } from './language-model.js';

export interface BudgetSettings {
  /** Most input + output tokens per incident. Default 60 000. */
  maxTokensPerIncident?: number;
  /** Most cost per incident, in the currency of the prices. Default unlimited. */
  maxCostPerIncident?: number;
  /** Price per million input and output tokens. Default 0 (local models). */
  pricePerMillion?: { input: number; output: number };
}

export interface IncidentBudget {
  charge(usage: TokenUsage): void;
  /** Why no more calls may be made, or undefined while there is budget left. */
  exhausted(): string | undefined;
  readonly tokens: number;
  readonly cost: number;
}

export function createIncidentBudget(settings: BudgetSettings = {}): IncidentBudget {
  let tokens = 0;
  let cost = 0;
  const maxTokens = settings.maxTokensPerIncident ?? 60_000;
  const price = settings.pricePerMillion ?? { input: 0, output: 0 };
  return {
    charge(usage) {
      tokens += usage.inputTokens + usage.outputTokens;
      cost += (usage.inputTokens * price.input + usage.outputTokens * price.output) / 1_000_000;
    },
    exhausted() {
      if (tokens >= maxTokens) return `token budget of ${maxTokens} per incident spent (${tokens} used)`;
      if (settings.maxCostPerIncident !== undefined && cost >= settings.maxCostPerIncident) {
        return `cost budget of ${settings.maxCostPerIncident} per incident spent (${cost.toFixed(4)} used)`;
      }
      return undefined;
    },
    get tokens() {
      return tokens;
    },
    get cost() {
      return cost;
    },
  };
}
