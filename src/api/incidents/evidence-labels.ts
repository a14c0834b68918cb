/**
 * Evidence in words: an alert by its title (and what it matched, and how often it fired), an
 * event by its one-line summary, an indicator by its name or value. The incident page, the
 * approval cards and the case report cite evidence with these labels instead of ids.
 */
import type { Alert, Event, EvidenceRef, Indicator } from '../../core/index.js';
import type { FoldedAlert } from '../../correlate/index.js';
import { describeEvent } from '../../ingest/index.js';
import type { Store } from '../../store/index.js';

export interface LabelSources {
  events?: readonly Event[];
  alerts?: readonly Alert[];
  folded?: readonly FoldedAlert[];
  indicators?: readonly Pick<Indicator, 'id' | 'name' | 'value' | 'source'>[];
}

export function evidenceLabels({ events = [], alerts = [], folded = [], indicators = [] }: LabelSources) {
  const labels: Record<string, string> = {};
  const foldOf = new Map<string, FoldedAlert>();
  for (const fold of folded) for (const id of fold.alertIds) foldOf.set(id, fold);
  for (const alert of alerts) {
    const fold = foldOf.get(alert.id);
    const matched = alert.match ? `: ${alert.match.value}` : '';
    labels[alert.id] = `${alert.ruleTitle}${matched}${fold && fold.count > 1 ? ` (×${fold.count})` : ''}`;
  }
  for (const event of events) labels[event.id] = describeEvent(event);
  for (const indicator of indicators)
    labels[indicator.id] = `indicator ${indicator.name ?? indicator.value ?? indicator.id} (${indicator.source})`;
  return labels;
}

/** Labels for cited evidence, read from the store in three batched queries (at most `cap` ids). */
export async function readEvidenceLabels(
  store: Store,
  references: readonly EvidenceRef[],
  cap = 2_000,
): Promise<Record<string, string>> {
  const ids = (kind: string) => [
    ...new Set(
      references
        .filter((reference) => reference.kind === kind)
        .map((reference) => reference.id)
        .slice(0, cap),
    ),
  ];
  const [alerts, events, indicators] = await Promise.all([
    ids('alert').length > 0 ? store.getAlerts(ids('alert')) : [],
    ids('event').length > 0 ? store.getEvents(ids('event')) : [],
    ids('indicator').length > 0 ? store.getIndicators(ids('indicator')) : [],
  ]);
  return evidenceLabels({ alerts, events, indicators });
}
