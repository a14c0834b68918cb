/**
 * The LLM reasoner: the three stages written by a language model under guardrails, in the
 * same artifacts as the built-in reasoner. Per stage: evidence digest in a random-boundary
 * data block (pseudonymised for remote models), a draft schema narrowed to the evidence,
 * validation (schema, ranges, evidence, observables), one repair with the issues, then the
 * built-in reasoner's output for that stage with the reason recorded. Every call is recorded.
 */
import { basename } from 'node:path';
import {
  type AttackSequence,
  attackSequenceSchema,
  type IncidentContext,
  incidentContextSchema,
  responsePlanSchema,
} from '../../core/index.js';
import { createBuiltinReasoner } from '../builtin/builtin-reasoner.js';
import { evidenceSetOf } from '../evidence-validator.js';
import type { Reasoner, ReasoningInput } from '../reasoner.js';
import type { InjectionRecord, LlmRecord } from './call-record.js';
import { type BudgetSettings, createIncidentBudget, type IncidentBudget } from './incident-budget.js';
import type { LanguageModel } from './language-model.js';
import type { Alert } from './llm-imports.js';
import { createPromptCache, type PromptCache } from './prompt-cache.js';
import type { StageName } from './prompts/stage-prompts.js';
import { runStage, type StageRunner } from './run-stage.js';
import { detectInjectionAttempts, injectionAlerts } from './secure/injection-detector.js';
import { createPseudonymiser, type Pseudonymiser, type PseudonymiserOptions } from './secure/pseudonymiser.js';
import { allowedValues, type TechniqueResolver } from './stages/allowed-values.js';
import { completeContext, completePlan, completeSequence } from './stages/complete-drafts.js';
import { buildEvidenceDigest, type DigestLimits, type EvidenceDigest } from './stages/evidence-digest.js';
import { contextDraftSchema, planDraftSchema, sequenceDraftSchema } from './stages/stage-drafts.js';

export interface LlmReasonerOptions {
  /** The model for every stage unless `stageModels` names another. */
  model: LanguageModel;
  stageModels?: Partial<Record<StageName, LanguageModel>>;
  /** Used for baselines and fallbacks. Default the built-in reasoner. */
  fallback?: Reasoner;
  budget?: BudgetSettings;
  /** Prompt-hash cache; `false` for none. Default an in-memory cache. */
  cache?: PromptCache | false;
  /** Pseudonymise user names, host names and internal IPs (and redact secrets). Default false. */
  pseudonymise?: boolean | PseudonymiserOptions['kinds'];
  /** Most output tokens per stage. Default 1 500, 1 500, 2 000. */
  maxOutputTokens?: Partial<Record<StageName, number>>;
  /** ATT&CK catalogue, to correct revoked technique ids. */
  techniques?: TechniqueResolver;
  digestLimits?: DigestLimits;
  /** Told every record as it is made. */
  onRecord?: (record: LlmRecord) => void;
}

export interface LlmReasoner extends Reasoner {
  /** Every record so far (model calls, fallbacks, injection attempts). */
  records(): readonly LlmRecord[];
  /** Alerts for instruction-like text found in the incident's events (an injection attempt is attacker activity). */
  injectionAlerts(incidentId: string): Alert[];
  close(): Promise<void>;
}

interface IncidentState {
  budget: IncidentBudget;
  /** Evidence digests from fullest to smallest. */
  digests: [EvidenceDigest, EvidenceDigest, EvidenceDigest];
  pseudonymiser: Pseudonymiser | undefined;
  baselineContext: IncidentContext;
  baselineSequence?: AttackSequence;
  injection: InjectionRecord[];
  alerts: Alert[];
}

const defaultOutputTokens: Record<StageName, number> = { contextualise: 1500, correlate: 1500, plan: 2000 };

export function createLlmReasoner(options: LlmReasonerOptions): LlmReasoner {
  const fallback = options.fallback ?? createBuiltinReasoner();
  const name = `llm:${options.model.provider}:${basename(options.model.modelId)}`;
  const cache = options.cache === false ? undefined : (options.cache ?? createPromptCache());
  const records: LlmRecord[] = [];
  const record = (entry: LlmRecord) => {
    records.push(entry);
    options.onRecord?.(entry);
  };
  const states = new Map<string, IncidentState>();

  async function stateOf(input: ReasoningInput): Promise<IncidentState> {
    const existing = states.get(input.incident.id);
    if (existing) return existing;
    const findings = detectInjectionAttempts(input.events.values());
    const injection: InjectionRecord[] = findings.map((finding) => ({
      kind: 'injection-attempt',
      incidentId: input.incident.id,
      eventId: finding.eventId,
      field: finding.field,
      technique: finding.technique,
    }));
    for (const entry of injection) record(entry);
    const kinds = options.pseudonymise === true ? undefined : options.pseudonymise || undefined;
    const entities = input.incident.entities;
    const state: IncidentState = {
      budget: createIncidentBudget(options.budget),
      digests: [
        buildEvidenceDigest(input, options.digestLimits),
        buildEvidenceDigest(input, { maxEvents: 12, maxAlerts: 12, maxHits: 10 }),
        buildEvidenceDigest(input, { maxEvents: 4, maxAlerts: 4, maxHits: 3 }),
      ],
      pseudonymiser: options.pseudonymise
        ? createPseudonymiser({
            users: entities.users,
            hosts: entities.hosts,
            ips: entities.ips,
            ...(kinds ? { kinds } : {}),
          })
        : undefined,
      baselineContext: await fallback.contextualise(input),
      injection,
      alerts: injectionAlerts(findings, input.events),
    };
    states.set(input.incident.id, state);
    return state;
  }

  function runner(stage: StageName, input: ReasoningInput, state: IncidentState): StageRunner {
    const model = options.stageModels?.[stage] ?? options.model;
    return {
      stage,
      model,
      reasonerName: name,
      fallbackName: fallback.name,
      incidentId: input.incident.id,
      known: evidenceSetOf(input),
      budget: state.budget,
      cache,
      pseudonymiser: state.pseudonymiser,
      maxOutputTokens: options.maxOutputTokens?.[stage] ?? defaultOutputTokens[stage],
      injectionNote: state.injection.map((entry) => `event:${entry.eventId} (${entry.technique})`),
      record,
    };
  }

  const correctTechniques = (value: unknown, input: ReasoningInput): unknown => {
    const resolver = options.techniques ?? input.attack;
    if (!resolver || !value || typeof value !== 'object') return value;
    const steps = (value as { steps?: unknown }).steps;
    if (!Array.isArray(steps)) return value;
    return {
      ...value,
      steps: steps.map((step: { techniques?: unknown }) =>
        step && Array.isArray(step.techniques)
          ? { ...step, techniques: step.techniques.map((id) => (typeof id === 'string' ? resolver.resolve(id) : id)) }
          : step,
      ),
    };
  };

  return {
    name,
    records: () => records,
    injectionAlerts: (incidentId) => states.get(incidentId)?.alerts ?? [],
    async close() {
      const models = new Set([options.model, ...Object.values(options.stageModels ?? {})]);
      for (const model of models) await model?.close?.();
    },

    async contextualise(input) {
      const state = await stateOf(input);
      const allowed = allowedValues(input, state.digests[0]);
      return runStage(runner('contextualise', input, state), {
        dataLevels: [
          { evidence: state.digests[0], baseline: state.baselineContext },
          { evidence: state.digests[1], baseline: state.baselineContext },
          { evidence: state.digests[2] },
        ],
        draftSchema: contextDraftSchema(allowed),
        complete: (draft) => completeContext(draft, input, allowed, state.baselineContext, name),
        finalSchema: incidentContextSchema,
        fallback: async () => state.baselineContext,
      });
    },

    async correlate(input, context) {
      const state = await stateOf(input);
      state.baselineSequence ??= await fallback.correlate(input, state.baselineContext);
      const baseline = state.baselineSequence;
      const allowed = allowedValues(input, state.digests[0], { sequence: baseline });
      return runStage(runner('correlate', input, state), {
        dataLevels: [
          { evidence: state.digests[0], context, baseline },
          { evidence: state.digests[1], baseline },
          { evidence: state.digests[2] },
        ],
        draftSchema: sequenceDraftSchema(allowed),
        preprocess: (value) => correctTechniques(value, input),
        complete: (draft) => completeSequence(draft, input, allowed, baseline, name),
        finalSchema: attackSequenceSchema,
        fallback: async () => fallback.correlate(input, context),
      });
    },

    async plan(input, context, sequence) {
      const state = await stateOf(input);
      state.baselineSequence ??= await fallback.correlate(input, state.baselineContext);
      // The baseline comes from the built-in stages only, so no model answer can shrink it.
      const baseline = await fallback.plan(input, state.baselineContext, state.baselineSequence);
      const allowed = allowedValues(input, state.digests[0], { sequence: state.baselineSequence, plan: baseline });
      return runStage(runner('plan', input, state), {
        dataLevels: [
          { evidence: state.digests[0], context, sequence, baseline },
          { evidence: state.digests[1], sequence },
          { evidence: state.digests[2] },
        ],
        draftSchema: planDraftSchema(allowed),
        complete: (draft) => completePlan(draft, input, baseline, name),
        finalSchema: responsePlanSchema,
        fallback: async () => {
          const plan = await fallback.plan(input, context, sequence);
          const ids = new Set(plan.actions.map((action) => action.id));
          return { ...plan, actions: [...plan.actions, ...baseline.actions.filter((action) => !ids.has(action.id))] };
        },
      });
    },
  };
}
