/**
 * Multi-observation STIX patterns (two or more observations joined by AND, OR, FOLLOWEDBY,
 * with WITHIN, REPEATS) matched across one incident's events. Single-observation indicators
 * are matched event by event during detection; these need the incident's whole story.
 */
import type { Event, Indicator } from '../core/index.js';
import { evaluatePattern, type Pattern, parsePattern } from '../intel/index.js';

export interface PatternMatch {
  indicatorId: string;
  source: string;
  confidence: number;
  pattern: string;
  /** The events of the first way the pattern matched, in time order. */
  eventIds: string[];
}

export interface CompiledPattern {
  indicator: Indicator;
  pattern: Pattern;
}

/** The indicators whose STIX pattern spans several observations, parsed once; unparsable ones are skipped. */
export function multiObservationPatterns(indicators: Iterable<Indicator>): CompiledPattern[] {
  const compiled: CompiledPattern[] = [];
  for (const indicator of indicators) {
    if (!indicator.pattern || (indicator.patternType ?? 'stix') !== 'stix' || indicator.revoked) continue;
    try {
      const pattern = parsePattern(indicator.pattern);
      if (pattern.root.kind !== 'observation') compiled.push({ indicator, pattern });
    } catch {
      // A pattern that does not parse was already reported by the intel import.
    }
  }
  return compiled;
}

/** Patterns that match across the incident's events (bounded work: at most 10 bindings each). */
export function matchIncidentPatterns(patterns: readonly CompiledPattern[], events: readonly Event[]): PatternMatch[] {
  if (events.length === 0) return [];
  const matches: PatternMatch[] = [];
  for (const { indicator, pattern } of patterns) {
    const evaluation = evaluatePattern(pattern, events, { maximumBindings: 10 });
    const first = evaluation.bindings[0];
    if (!evaluation.matched || !first) continue;
    matches.push({
      indicatorId: indicator.id,
      source: indicator.source,
      confidence: indicator.confidence,
      pattern: indicator.pattern ?? '',
      eventIds: [...new Set(first.map((event) => event.id))],
    });
  }
  return matches;
}
