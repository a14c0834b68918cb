/**
 * The streaming detector: each event meets only the rules of its log source (through the
 * router), each rule is a compiled closure, and matches feed the correlation engine.
 */
import type { Alert, Event } from '../core/index.js';
import { buildAlert } from './alert-factory.js';
import {
  CorrelationEngine,
  type CorrelationFiring,
  type CorrelationOptions,
  type LateMatches,
} from './correlation/correlation-engine.js';
import type { RuleSet } from './load-rules.js';
import type { LogSourceBinding } from './logsource/logsource-binding.js';
import { defaultBindings, LogSourceRouter } from './logsource/logsource-router.js';
import { interpretTags, type RuleMeaning, type TagResolver } from './rule-meaning.js';
import { RulePrefilter, type ScannerCache } from './rule-prefilter.js';
import type { EventPredicate } from './sigma/detection-item.js';
import { EventView } from './sigma/event-view.js';
import type { RuleRequirement } from './sigma/rule-requirement.js';
import type { SigmaCorrelationRule, SigmaRule } from './sigma/sigma-rule.js';

export interface Detector {
  /** Alerts for one event (streaming). */
  process(event: Event): Alert[];
  /** Alerts held by correlation rules at end of input; clears correlation state. */
  flush(): Alert[];
  /** Matches correlation rules left out because they arrived later than the allowed lateness, per correlation id. */
  readonly lateMatches: LateMatches;
}

export interface DetectorOptions {
  /** ATT&CK knowledge: resolves revoked techniques and adds the techniques' tactics. */
  attack?: TagResolver;
  /** Log-source bindings; Vigil's own by default. */
  bindings?: readonly LogSourceBinding[];
  correlation?: CorrelationOptions;
  /**
   * Run only the rules whose requirement an event meets (rule-prefilter.ts; default). False runs
   * every rule of the event's log source, the reference behaviour that tests compare against.
   */
  prefilter?: boolean;
}

/** One rule as the detector runs it: its predicate with filters applied, and what it means. */
interface RunnableRule {
  readonly rule: SigmaRule;
  readonly match: EventPredicate;
  readonly meaning: RuleMeaning;
  readonly correlations: readonly SigmaCorrelationRule[];
  /** False when a correlation rule consumes this rule's matches without `generate: true`. */
  readonly alerts: boolean;
}

export function createDetector(ruleSet: RuleSet, options: DetectorOptions = {}): Detector {
  const engine = new CorrelationEngine(ruleSet.correlations, options.correlation);
  const runnable = ruleSet.rules.map((rule) => toRunnable(rule, ruleSet, engine, options.attack));
  const router = new LogSourceRouter(
    runnable.map((item) => ({ logsource: item.rule.logsource, item })),
    options.bindings ?? defaultBindings,
  );
  const correlationMeaning = new Map(
    ruleSet.correlations.map((correlation) => [correlation, correlationTags(correlation, ruleSet, options.attack)]),
  );
  const toAlert = (firing: CorrelationFiring): Alert =>
    buildAlert({
      source: 'sigma-correlation',
      ruleId: firing.correlation.id,
      ruleTitle: firing.correlation.title,
      severity: firing.correlation.level,
      timestamp: firing.timestamp,
      eventIds: firing.eventIds,
      meaning: correlationMeaning.get(firing.correlation) as RuleMeaning,
      description: firing.correlation.description,
    });

  const prefilters = new WeakMap<readonly RunnableRule[], RulePrefilter>();
  const scanners: ScannerCache = new Map();
  const requirements = new Map<RunnableRule, RuleRequirement>();
  const requirementOfItem = (item: RunnableRule): RuleRequirement => {
    if (!requirements.has(item)) requirements.set(item, requirementOf(item.rule));
    return requirements.get(item);
  };
  const prefilterOf = (items: readonly RunnableRule[]): RulePrefilter => {
    let prefilter = prefilters.get(items);
    if (prefilter === undefined) {
      prefilter = new RulePrefilter(items.map(requirementOfItem), scanners);
      prefilters.set(items, prefilter);
    }
    return prefilter;
  };
  const usePrefilter = options.prefilter !== false;

  return {
    process(event) {
      // Matches waiting for the watermark (an allowed lateness) are judged once events pass them.
      const alerts: Alert[] = engine.waiting ? engine.advance(Date.parse(event.timestamp)).map(toAlert) : [];
      for (const route of router.route(event)) {
        const view = new EventView(event, route.aliases);
        const items = route.items;
        const prefilter = usePrefilter ? prefilterOf(items) : undefined;
        prefilter?.select(view);
        for (let index = 0; index < items.length; index++) {
          if (prefilter !== undefined && !prefilter.isCandidate(index)) continue;
          const item = items[index] as RunnableRule;
          let matched: boolean;
          try {
            matched = item.match(view);
          } catch {
            matched = false;
          }
          if (!matched) continue;
          if (item.alerts) {
            alerts.push(
              buildAlert({
                source: 'sigma',
                ruleId: item.rule.id,
                ruleTitle: item.rule.title,
                severity: item.rule.level,
                timestamp: event.timestamp,
                eventIds: [event.id],
                meaning: item.meaning,
                description: item.rule.description,
              }),
            );
          }
          for (const correlation of item.correlations) {
            for (const firing of engine.observe(correlation, item.rule, view)) alerts.push(toAlert(firing));
          }
        }
      }
      return alerts;
    },
    flush() {
      return engine.flush().map(toAlert);
    },
    get lateMatches() {
      return engine.lateMatches;
    },
  };
}

function toRunnable(
  rule: SigmaRule,
  ruleSet: RuleSet,
  engine: CorrelationEngine,
  attack: TagResolver | undefined,
): RunnableRule {
  const filters = ruleSet.filters
    .filter((filter) => filter.rules.includes(rule.id) || (rule.name !== undefined && filter.rules.includes(rule.name)))
    .map((filter) => filter.match);
  const base = rule.match;
  const match: EventPredicate =
    filters.length === 0 ? base : (view) => base(view) && filters.every((filter) => filter(view));
  const correlations = engine.referencing(rule);
  return {
    rule,
    match,
    meaning: interpretTags(rule.tags, attack),
    correlations,
    alerts: correlations.length === 0 || correlations.some((correlation) => correlation.generate),
  };
}

/** The rule's requirement; none when it cannot be read (the rule then runs on every event of its source). */
function requirementOf(rule: SigmaRule): RuleRequirement {
  try {
    return rule.requirement?.();
  } catch {
    return undefined;
  }
}

/** A correlation's own tags, or those of the rules it references when it has none. */
function correlationTags(
  correlation: SigmaCorrelationRule,
  ruleSet: RuleSet,
  attack: TagResolver | undefined,
): RuleMeaning {
  if (correlation.tags.length > 0) return interpretTags(correlation.tags, attack);
  const referenced = ruleSet.rules.filter(
    (rule) => correlation.rules.includes(rule.id) || (rule.name !== undefined && correlation.rules.includes(rule.name)),
  );
  return interpretTags(
    referenced.flatMap((rule) => rule.tags),
    attack,
  );
}
