/**
 * Repeated alerts folded into one: the same rule (or the same indicator on the same value) firing
 * again and again is one line with a counter and its first and last time, so sixty beacons to a
 * C2 address read as one finding. The queue, the incident page and the case report fold with it.
 */
import { z } from 'zod';
import { type Alert, severitySchema, tacticSchema } from '../core/index.js';

export const foldedAlertSchema = z
  .object({
    /** The first alert of the fold: open it to see one occurrence. */
    id: z.string(),
    ruleId: z.string(),
    ruleTitle: z.string(),
    source: z.string(),
    severity: severitySchema,
    techniques: z.array(z.string()),
    tactics: z.array(tacticSchema),
    /** What an indicator alert matched, when all the folded alerts matched the same value. */
    matched: z.string().optional(),
    count: z.number().int().min(1),
    firstSeen: z.string(),
    lastSeen: z.string(),
    alertIds: z.array(z.string()),
  })
  .meta({ description: 'Alerts of one rule on one matched value, folded into one line with a counter' });
export type FoldedAlert = z.infer<typeof foldedAlertSchema>;

const foldKey = (alert: Alert): string =>
  alert.match ? `${alert.ruleId}|${alert.match.indicatorId}|${alert.match.value.toLowerCase()}` : alert.ruleId;

/** Folds alerts in first-seen order; alert ids kept per fold are capped at `keepIds`. */
export function foldAlerts(alerts: readonly Alert[], keepIds = 200): FoldedAlert[] {
  const folds = new Map<string, FoldedAlert>();
  const ordered = [...alerts].sort(
    (left, right) => left.timestamp.localeCompare(right.timestamp) || left.id.localeCompare(right.id),
  );
  for (const alert of ordered) {
    const key = foldKey(alert);
    const fold = folds.get(key);
    if (!fold) {
      folds.set(key, {
        id: alert.id,
        ruleId: alert.ruleId,
        ruleTitle: alert.ruleTitle,
        source: alert.source,
        severity: alert.severity,
        techniques: [...alert.techniques],
        tactics: [...alert.tactics],
        ...(alert.match ? { matched: alert.match.value } : {}),
        count: 1,
        firstSeen: alert.timestamp,
        lastSeen: alert.timestamp,
        alertIds: [alert.id],
      });
      continue;
    }
    fold.count += 1;
    fold.lastSeen = alert.timestamp;
    if (fold.alertIds.length < keepIds) fold.alertIds.push(alert.id);
    for (const technique of alert.techniques) if (!fold.techniques.includes(technique)) fold.techniques.push(technique);
    for (const tactic of alert.tactics) if (!fold.tactics.includes(tactic)) fold.tactics.push(tactic);
  }
  return [...folds.values()];
}
