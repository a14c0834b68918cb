/**
 * SLA timers per severity: time to acknowledge, to contain and to close an incident, each
 * measured from when Vigil opened it (its `incident-created` audit entry). One function
 * (`slaStatus`) computes them for the API, the console (through the API) and the CLI.
 *
 * Milestones, all read from the audit chain and the response runs:
 * - acknowledged: the first assignment to someone, note or verdict;
 * - contained: the first response run of the incident that succeeded, or the close;
 * - closed: the first verdict other than `unknown` (true positive, false positive, benign).
 *
 * Defaults (override any of them in a YAML file given to `--sla` / `$VIGIL_SLA`):
 *
 * | severity      | acknowledge | contain | close |
 * | ------------- | ----------- | ------- | ----- |
 * | critical      | 15m         | 1h      | 1d    |
 * | high          | 30m         | 4h      | 3d    |
 * | medium        | 4h          | 1d      | 7d    |
 * | low           | 1d          | 3d      | 30d   |
 * | informational | 3d          | 7d      | 30d   |
 */
import { readFile } from 'node:fs/promises';

import { z } from 'zod';
import { InputInvalidError, InputUnreadableError, type Severity, severitySchema } from '../core/index.js';
import { parseYaml } from '../guard/index.js';
import { durationSchema } from '../respond/index.js';

export const slaTimerKinds = ['acknowledge', 'contain', 'close'] as const;
export type SlaTimerKind = (typeof slaTimerKinds)[number];

/** Milliseconds allowed for each timer, per severity. */
export type SlaTargets = Record<Severity, Record<SlaTimerKind, number>>;

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export const defaultSlaTargets: SlaTargets = {
  critical: { acknowledge: 15 * minute, contain: hour, close: day },
  high: { acknowledge: 30 * minute, contain: 4 * hour, close: 3 * day },
  medium: { acknowledge: 4 * hour, contain: day, close: 7 * day },
  low: { acknowledge: day, contain: 3 * day, close: 30 * day },
  informational: { acknowledge: 3 * day, contain: 7 * day, close: 30 * day },
};

const severityTargetsSchema = z.strictObject({
  acknowledge: durationSchema.optional(),
  contain: durationSchema.optional(),
  close: durationSchema.optional(),
});

/** The SLA file: `version: 1` and, per severity, any of `acknowledge`, `contain`, `close` (`15m`, `4h`, `3d`). */
export const slaFileSchema = z.strictObject({
  version: z.literal(1),
  ...Object.fromEntries(severitySchema.options.map((severity) => [severity, severityTargetsSchema.optional()])),
}) as z.ZodType<{ version: 1 } & Partial<Record<Severity, Partial<Record<SlaTimerKind, number>>>>>;

/** Targets from an SLA file's text: every value not given keeps its default. */
export function parseSlaTargets(text: string, file = 'SLA file'): SlaTargets {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 10 });
  } catch (error) {
    throw new InputInvalidError(`${file}: not YAML: ${(error as Error).message}`, { location: { file } });
  }
  const parsed = slaFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(top)';
    throw new InputInvalidError(`${file}: ${field}: ${issue?.message ?? 'invalid'}`, { location: { file, field } });
  }
  const targets = structuredClone(defaultSlaTargets);
  for (const severity of severitySchema.options) Object.assign(targets[severity], parsed.data[severity] ?? {});
  return targets;
}

/** Targets from an SLA file, or the defaults when `path` is undefined. */
export async function loadSlaTargets(path: string | undefined): Promise<SlaTargets> {
  if (!path) return defaultSlaTargets;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputUnreadableError(`cannot read the SLA file ${path}: ${(error as Error).message}`, {
      location: { file: path },
    });
  }
  return parseSlaTargets(text, path);
}

/** When each milestone of an incident was reached (ISO timestamps). */
export interface SlaMilestones {
  openedAt: string;
  acknowledgedAt?: string | undefined;
  containedAt?: string | undefined;
  closedAt?: string | undefined;
}

export const slaTimerSchema = z.object({
  kind: z.enum(slaTimerKinds),
  targetMs: z.number().int(),
  dueAt: z.string(),
  /** running: not reached, time left; breached: not reached, overdue; met: reached in time; late: reached after the deadline. */
  state: z.enum(['running', 'breached', 'met', 'late']),
  metAt: z.string().optional(),
  /** Milliseconds left (negative: overdue), for running and breached timers. */
  remainingMs: z.number().int().optional(),
});
export type SlaTimer = z.infer<typeof slaTimerSchema>;

export const slaStatusSchema = z
  .object({
    openedAt: z.string(),
    timers: z.array(slaTimerSchema),
    /** The timers that are breached now (still open past their deadline). */
    breached: z.array(z.enum(slaTimerKinds)),
    /** The open timer that falls due first, if any. */
    next: slaTimerSchema.optional(),
  })
  .meta({ description: "An incident's SLA timers (acknowledge, contain, close) against its severity's targets" });
export type SlaStatus = z.infer<typeof slaStatusSchema>;

const reachedAt = (milestones: SlaMilestones, kind: SlaTimerKind): string | undefined =>
  kind === 'acknowledge'
    ? (milestones.acknowledgedAt ?? milestones.closedAt)
    : kind === 'contain'
      ? (milestones.containedAt ?? milestones.closedAt)
      : milestones.closedAt;

/** The SLA timers of an incident of `severity` at `now`. */
export function slaStatus(severity: Severity, milestones: SlaMilestones, targets: SlaTargets, now: Date): SlaStatus {
  const opened = Date.parse(milestones.openedAt);
  const timers = slaTimerKinds.map((kind): SlaTimer => {
    const targetMs = targets[severity][kind];
    const due = opened + targetMs;
    const dueAt = new Date(due).toISOString();
    const metAt = reachedAt(milestones, kind);
    if (metAt) return { kind, targetMs, dueAt, metAt, state: Date.parse(metAt) <= due ? 'met' : 'late' };
    const remainingMs = due - now.getTime();
    return { kind, targetMs, dueAt, remainingMs, state: remainingMs < 0 ? 'breached' : 'running' };
  });
  const open = timers.filter((timer) => timer.state === 'running' || timer.state === 'breached');
  const next = open.sort((left, right) => left.dueAt.localeCompare(right.dueAt))[0];
  return {
    openedAt: milestones.openedAt,
    timers,
    breached: timers.filter((timer) => timer.state === 'breached').map((timer) => timer.kind),
    ...(next ? { next } : {}),
  };
}

/** `1h 05m`, `3d 4h`, `12m`: a duration for a person. */
export function formatSlaDuration(milliseconds: number): string {
  const minutes = Math.floor(Math.abs(milliseconds) / minute);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${String(rest).padStart(2, '0')}m`;
  return `${rest}m`;
}

/** One line for a queue row: `acknowledge: 12m left`, `contain: breached 1h 05m ago`, `all met`. */
export function slaSummary(status: SlaStatus): string {
  const breached = status.timers.find((timer) => timer.state === 'breached');
  if (breached) return `${breached.kind}: breached ${formatSlaDuration(breached.remainingMs ?? 0)} ago`;
  if (status.next) return `${status.next.kind}: ${formatSlaDuration(status.next.remainingMs ?? 0)} left`;
  return status.timers.some((timer) => timer.state === 'late') ? 'closed, late' : 'closed in time';
}
