/**
 * The policy decision for one proposal: deterministic, from the CERT's policy file and
 * facts Vigil holds (catalogue, asset inventory, past decisions, the clock). The proposal's
 * own risk can raise the catalogue risk but never lower it.
 */
import { type ActionProposal, type Asset, type PolicyDecision, type Risk, riskSchema } from '../../core/index.js';
import { actionCatalogue, validateProposal } from '../catalogue/action-catalogue.js';
import type { Policy, ProtectedAsset } from './policy-schema.js';
import { allowListEntryFor, hostOfTarget, shortHost } from './target-matching.js';

/** An inventory entry as the policy reads it (the asset inventory's schema, in core). */
export type PolicyAsset = Asset;

/** How analysts decided this action type before. */
export interface TrackRecord {
  approved: number;
  rejected: number;
}

export interface PolicyContext {
  /** Confidence of the incident's reasoning (0–1); unknown confidence never runs automatically. */
  confidence?: number | undefined;
  assets?: readonly PolicyAsset[];
  trackRecord?: Partial<Record<ActionProposal['actionType'], TrackRecord>>;
  now: Date;
}

/** Actions that change nothing an attacker or a user depends on: never refused for an allow-listed target. */
const observingActions = new Set<ActionProposal['actionType']>([
  'notify',
  'open-ticket',
  'add-to-watchlist',
  'collect-artefacts',
]);

const riskRank = (risk: Risk): number => riskSchema.options.indexOf(risk);
export const effectiveRisk = (proposal: Pick<ActionProposal, 'actionType' | 'risk'>): Risk =>
  riskRank(proposal.risk) > riskRank(actionCatalogue[proposal.actionType].risk)
    ? proposal.risk
    : actionCatalogue[proposal.actionType].risk;

const norm = (text: string) =>
  text
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();

function matchesAsset(rule: ProtectedAsset, host: string, asset: PolicyAsset | undefined): boolean {
  if (rule.host && shortHost(rule.host) !== host) return false;
  if (rule.role && (!asset?.role || norm(asset.role) !== norm(rule.role))) return false;
  if (rule.criticality && asset?.criticality !== rule.criticality) return false;
  return true;
}

function minutesOfDay(now: Date, timeZone: string): number {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const parts = format.formatToParts(now);
  const value = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

const clockMinutes = (clock: string): number => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

function withinHours(hours: NonNullable<Policy['auto']['hours']>, now: Date): boolean {
  const current = minutesOfDay(now, hours.timeZone);
  const from = clockMinutes(hours.from);
  const to = clockMinutes(hours.to);
  return from <= to ? current >= from && current < to : current >= from || current < to;
}

const refuse = (reason: string): PolicyDecision => ({ outcome: 'refuse', approvers: 0, reasons: [reason] });

export function decide(proposal: ActionProposal, policy: Policy, context: PolicyContext): PolicyDecision {
  const type = proposal.actionType;
  try {
    validateProposal(proposal);
  } catch (error) {
    return refuse(`the proposal does not fit the action catalogue: ${(error as Error).message}`);
  }
  if (policy.refuse.actions.includes(type)) return refuse(`the policy refuses every ${type}`);

  if (!observingActions.has(type)) {
    const listed = allowListEntryFor(proposal.target, policy.allowList);
    if (listed) return refuse(`${proposal.target.value} is on the allow-list (${listed}): never ${type}`);
  }

  const host = hostOfTarget(proposal.target);
  const asset = host ? context.assets?.find((entry) => shortHost(entry.host) === host) : undefined;
  const protections = host ? policy.protectedAssets.filter((rule) => matchesAsset(rule, host, asset)) : [];
  for (const rule of protections) {
    if (rule.refuse.includes(type)) {
      const what = rule.role ?? rule.host ?? `${rule.criticality} asset`;
      return refuse(`never ${type} a protected asset: ${proposal.target.value} (${what})`);
    }
  }

  const risk = effectiveRisk(proposal);
  const approvers = policy.approval.twoPersonRisk.includes(risk) ? 2 : 1;
  const notAuto: string[] = [];
  const auto = policy.auto;
  if (!auto.actions.includes(type)) notAuto.push(`${type} is not an automatic action`);
  if (riskRank(risk) > riskRank(auto.maxRisk))
    notAuto.push(`risk ${risk} is above the automatic limit ${auto.maxRisk}`);
  if (context.confidence === undefined) notAuto.push('the confidence is unknown');
  else if (context.confidence < auto.minConfidence)
    notAuto.push(`confidence ${context.confidence} is below ${auto.minConfidence}`);
  for (const rule of protections) if (rule.noAuto) notAuto.push(`${proposal.target.value} is a protected asset`);
  if (auto.hours && !withinHours(auto.hours, context.now)) {
    notAuto.push(`outside the automatic hours ${auto.hours.from}–${auto.hours.to} ${auto.hours.timeZone}`);
  }
  if (auto.trackRecord) {
    const record = context.trackRecord?.[type] ?? { approved: 0, rejected: 0 };
    const decisions = record.approved + record.rejected;
    if (decisions < auto.trackRecord.minDecisions)
      notAuto.push(`only ${decisions} past analyst decision(s) on ${type}`);
    else if (record.rejected / decisions > auto.trackRecord.maxRejectionRate) {
      notAuto.push(`analysts rejected ${record.rejected} of ${decisions} past ${type} actions`);
    }
  }

  if (notAuto.length === 0)
    return { outcome: 'auto', approvers: 0, reasons: [`${type} at risk ${risk} runs automatically under the policy`] };
  if (policy.defaultDecision === 'refuse') return { outcome: 'refuse', approvers: 0, reasons: notAuto };
  const who = approvers === 2 ? `two distinct analysts (risk ${risk})` : 'one analyst';
  return { outcome: 'approval', approvers, reasons: [`needs ${who}`, ...notAuto] };
}
