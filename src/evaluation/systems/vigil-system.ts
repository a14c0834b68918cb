/**
 * Vigil under evaluation, on one scenario: learned knowledge in (indicators, suppressions, track
 * records, through `applyStoredKnowledge`, the function every deployment uses), the full pipeline (ingest, detect, correlate, reason, plan) replayed batch by batch,
 * the policy with feedback, then the simulated analyst's decisions and verdicts fed back and
 * learned from, so the next scenario starts from what this one taught.
 */

import { type Alert, type Incident, type Tactic, tacticIds } from '../../core/index.js';
import type { InputLimits } from '../../guard/index.js';
import { importIntel } from '../../intel/index.js';
import {
  decideWithKnowledge,
  type FeedbackStores,
  incidentOfLearnedSource,
  learnFromIncident,
  recordActionDecision,
  recordVerdict,
  suppressPattern,
} from '../../knowledge/index.js';
import { applyStoredKnowledge, investigate, type Knowledge } from '../../pipeline/index.js';
import {
  assetCriticality,
  createBuiltinReasoner,
  loadAssetInventoryFile,
  type ProcedureExample,
  type Reasoner,
} from '../../reason/index.js';
import type { Policy } from '../../respond/index.js';
import type { RetrievalStore, Stores } from '../../store/index.js';
import type { EvaluatedAction, ScenarioOutcome } from '../scenario-outcome.js';
import type { LoadedScenario } from '../scenario-schema.js';
import { analystDecision, analystVerdict, falseActionReason } from '../simulated-analyst.js';
import { forcedFormat } from './shared-format.js';

/** The step decision Vigil is scored with: the one every deployment runs (`knowledgeDecisions`). */
export const vigilDecisionFunction = decideWithKnowledge;

export interface VigilRunContext {
  stores: Stores;
  /** Quotas of the scenario's log and intelligence inputs. */
  limits?: Partial<InputLimits>;
  /** Rules, ATT&CK and assets; per-scenario intelligence and learned indicators are added here. */
  knowledge: Knowledge;
  policy: Policy;
  /** Incident id → scenario that first produced it (for knowledge reuse across scenarios). */
  incidentOrigins: Map<string, string>;
  analyst?: string;
  /** Whether feedback is learned from (off to measure Vigil without learning). Default on. */
  learn?: boolean;
  /** ATT&CK procedure examples read once for the sequence (retrieval and classifier training). */
  procedures?: readonly ProcedureExample[];
  /** Retrieval index kept across the sequence. */
  retrieval?: RetrievalStore;
  /** The reasoner to evaluate; default the built-in one. */
  reasoner?: Reasoner;
}

export const tacticIdOf = (tactic: Tactic): string | undefined =>
  tactic in tacticIds ? tacticIds[tactic as keyof typeof tacticIds] : undefined;

/** Incident ids cited as evidence anywhere in a reasoning artifact. */
function citedIncidents(artifact: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(artifact)) for (const item of artifact) citedIncidents(item, into);
  else if (artifact && typeof artifact === 'object') {
    const record = artifact as Record<string, unknown>;
    if (record.kind === 'incident' && typeof record.id === 'string') into.add(record.id);
    for (const value of Object.values(record)) citedIncidents(value, into);
  }
  return into;
}

async function suppressBenign(stores: FeedbackStores, incident: Incident, alerts: readonly Alert[], analyst: string) {
  const seen = new Set<string>();
  for (const alert of alerts) {
    if (alert.source !== 'sigma' && alert.source !== 'sigma-correlation') continue;
    const [event] = await stores.store.getEvents(alert.eventIds.slice(0, 1));
    const host = event?.host?.name?.toLowerCase().split('.')[0];
    const key = `${alert.ruleId}|${host ?? '*'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    await suppressPattern(stores, {
      ruleId: alert.ruleId,
      ...(host ? { entity: `host:${host}` } : {}),
      reason: `benign activity (${alert.ruleTitle})`,
      author: analyst,
      incidentId: incident.id,
    });
  }
}

export async function runVigilOnScenario(context: VigilRunContext, loaded: LoadedScenario): Promise<ScenarioOutcome> {
  const { scenario } = loaded;
  const analyst = context.analyst ?? 'simulated-analyst';
  const learn = context.learn ?? true;
  const stores: FeedbackStores = context.stores;
  const intel =
    loaded.intelPaths.length > 0
      ? await importIntel(loaded.intelPaths, context.limits ? { limits: context.limits } : {})
      : undefined;
  // The scenario's own asset inventory (who the administrators are), in place of the command's.
  const inventory = loaded.assetsPath ? await loadAssetInventoryFile(loaded.assetsPath) : undefined;
  const knowledge: Knowledge = inventory
    ? {
        ...context.knowledge,
        assets: assetCriticality(inventory.assets),
        inventory: inventory.assets,
        identities: inventory.identities,
      }
    : context.knowledge;
  // What the store learned, applied as every deployment applies it; without learning, none of it.
  const applied = await applyStoredKnowledge(
    { ...knowledge, intel },
    { store: context.stores.store, knowledge: learn ? context.stores.knowledge : undefined },
  );
  const adjusted = new Set<string>();
  const reasoner = applied.reasonerWith(context.reasoner ?? createBuiltinReasoner(), {
    onAdjust: (adjustment) => adjusted.add(adjustment.incidentId),
  });
  let lastIngest = performance.now();
  const format = forcedFormat(loaded);
  const investigation = await investigate(
    loaded.logPaths.map((entry) => entry.path),
    applied.knowledge,
    context.stores.store,
    {
      reasoner,
      ...(context.procedures ? { procedures: context.procedures } : {}),
      ...(context.retrieval ? { retrieval: context.retrieval } : {}),
      ...(format ? { format } : {}),
      ...(context.limits ? { limits: context.limits } : {}),
      onEvents: () => {
        lastIngest = performance.now();
      },
      ...(learn ? { suppressAlert: applied.suppressionOf } : {}),
    },
  );
  const actions: EvaluatedAction[] = [];
  const feedbackReuse = new Set<string>(adjusted);
  const decided = investigation.incidents.map((item) => ({
    item,
    decisions: item.reasoning.plan.actions.map((proposal) => ({
      proposal,
      ...vigilDecisionFunction(
        proposal,
        context.policy,
        { confidence: item.reasoning.sequence.confidence, now: new Date() },
        applied.trackRecords,
      ),
    })),
  }));
  const latencyMs = decided.length > 0 ? performance.now() - lastIngest : undefined;

  const reuseSources = new Set<string>();
  let reusing = 0;
  const techniques = new Set<string>();
  const tactics = new Set<string>();
  for (const { item, decisions } of decided) {
    const { incident, alerts, reasoning, reported } = item;
    // What Vigil reports: the attack sequence's techniques, not every alert tag.
    for (const technique of reported.techniques) techniques.add(technique);
    for (const tactic of reported.tactics) {
      const id = tacticIdOf(tactic);
      if (id) tactics.add(id);
    }
    // Knowledge reuse: past incidents from earlier scenarios cited, learned indicators matched, feedback applied.
    const sources: string[] = [];
    const earlier = (incidentId: string) => {
      const origin = context.incidentOrigins.get(incidentId);
      return origin !== undefined && origin !== scenario.id;
    };
    if ([...citedIncidents(reasoning, new Set())].some((id) => id !== incident.id && earlier(id)))
      sources.push('past-incident');
    if (alerts.some((alert) => alert.match && earlier(incidentOfLearnedSource(alert.match.indicatorSource) ?? '')))
      sources.push('learned-indicator');
    if (feedbackReuse.has(incident.id) || decisions.some((decision) => decision.usedFeedback)) sources.push('feedback');
    if (sources.length > 0) reusing += 1;
    for (const source of sources) reuseSources.add(source);
    if (!context.incidentOrigins.has(incident.id)) context.incidentOrigins.set(incident.id, scenario.id);

    for (const { proposal, decision } of decisions) {
      const action = { type: proposal.actionType, target: proposal.target };
      const review = analystDecision(scenario, action);
      let executed = decision.outcome === 'auto';
      let analystChoice: EvaluatedAction['analyst'];
      if (decision.outcome === 'approval') {
        analystChoice = review.decision;
        executed = review.decision === 'approved';
        if (learn)
          await recordActionDecision(stores, {
            proposal,
            decision: review.decision,
            author: analyst,
            reason: review.reason,
          });
      } else if (decision.outcome === 'auto' && learn) {
        // Automatic actions are reviewed after they ran; an unacceptable one is rejected feedback.
        if (review.decision === 'rejected') analystChoice = 'rejected';
        await recordActionDecision(stores, {
          proposal,
          decision: review.decision === 'rejected' ? 'rejected' : 'auto',
          author: review.decision === 'rejected' ? analyst : 'policy',
          reason: review.decision === 'rejected' ? `reviewed after it ran: ${review.reason}` : undefined,
        });
      }
      const falseReason = executed ? falseActionReason(scenario, action) : undefined;
      actions.push({
        ...action,
        outcome: decision.outcome,
        ...(analystChoice ? { analyst: analystChoice } : {}),
        executed,
        ...(falseReason ? { falseReason } : {}),
      });
    }
    if (learn) {
      const verdict = analystVerdict(scenario, {
        techniques: reported.techniques,
        tactics: reported.tactics.flatMap((tactic) => tacticIdOf(tactic) ?? []),
        hosts: incident.entities.hosts,
      });
      await recordVerdict(stores, {
        incident,
        verdict,
        ruleIds: alerts.map((alert) => alert.ruleId),
        author: analyst,
        comment: scenario.description,
      });
      await learnFromIncident(stores, { incident, reasoning, verdict });
      if (verdict === 'benign') await suppressBenign(stores, incident, alerts, analyst);
    }
  }
  const suppressedCounts = new Map(Object.entries(investigation.suppressed ?? {}));
  await applied.recordSuppressionHits(suppressedCounts);
  return {
    scenarioId: scenario.id,
    kind: scenario.kind,
    system: learn ? 'vigil' : 'vigil-no-learning',
    events: investigation.ingest.events,
    alerts: investigation.alerts,
    suppressed: [...suppressedCounts.values()].reduce((total, count) => total + count, 0),
    incidents: investigation.incidents.length,
    techniques: [...techniques].sort(),
    tactics: [...tactics].sort(),
    actions,
    ...(latencyMs !== undefined ? { latencyMs } : {}),
    reuse: { incidents: reusing, sources: [...reuseSources].sort() },
  };
}
